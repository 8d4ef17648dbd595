"""Django settings for motcua.

Everything that differs between a laptop demo and a province installation comes from
environment variables (see docs/operations.md). The default is an embedded SQLite
database in WAL mode under ``var/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("MOTCUA_VAR_DIR", PROJECT_DIR / "var"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("MOTCUA_DEBUG", False)
SECRET_KEY = os.environ.get(
    "MOTCUA_SECRET_KEY", "insecure-dev-key-change-me-in-production-0123456789abcdef"
)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("MOTCUA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "motcua.web",
    "motcua.units",
    "motcua.workdays",
    "motcua.catalog",
    "motcua.accounts",
    "motcua.dossiers",
    "motcua.portal",
    "motcua.petitions",
    "motcua.indicators",
    "motcua.notifications",
    "motcua.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.web.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "motcua.accounts.middleware.IdleSessionMiddleware",
    "motcua.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite (WAL) by default; PostgreSQL when MOTCUA_DATABASE_URL says so,
# e.g. postgres://motcua@127.0.0.1:5432/motcua
_db_url = os.environ.get("MOTCUA_DATABASE_URL") or os.environ.get("DATABASE_URL")
if _db_url:
    # Persistent connections without a health check before each request (that check is
    # one more round trip per request); a connection broken by a database restart fails
    # one request per worker and is then replaced.
    DATABASES = {"default": dj_database_url.parse(_db_url, conn_max_age=600)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "motcua.db.sqlite",
            # Tests run in memory, as with Django's own SQLite backend (test runners
            # recognise that one by name only, so say it).
            "TEST": {"NAME": ":memory:"},
            "NAME": os.environ.get("MOTCUA_SQLITE_PATH", str(VAR_DIR / "motcua.sqlite3")),
            # Keep the connection between requests: opening one costs more than a status
            # lookup (measured: 2.8 ms of 3.9 ms CPU per request under gunicorn).
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                # WAL lets the counter keep writing while reports read; IMMEDIATE avoids
                # "database is locked" upgrades from read to write transactions.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                    # Pages read through the OS cache without a copy per read, and a larger
                    # page cache per connection: at a million dossiers a lookup otherwise
                    # spends most of its time reading index pages.
                    "PRAGMA mmap_size=1073741824;"
                    "PRAGMA cache_size=-32768;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.Official"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "motcua.accounts.validators.LetterAndDigitValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("MOTCUA_STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Tests and the development server find static files in the apps without collectstatic.
WHITENOISE_USE_FINDERS = True
try:
    # WhiteNoise expects the folder to exist even before `collectstatic` has run.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
except OSError:  # read-only installation: collectstatic created it at deploy time
    pass
MEDIA_ROOT = Path(os.environ.get("MOTCUA_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600  # one working day
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The demo province loaded by `motcua demo load` and `make demo`.
MOTCUA_DEMO_PROVINCE = os.environ.get("MOTCUA_DEMO_PROVINCE", "Lai Châu")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MOTCUA_LOG_LEVEL", "WARNING")},
}

# --- Officials' accounts (issue 6) ---
from datetime import timedelta as _timedelta  # noqa: E402

# Second factor (TOTP, django-otp): required for the roles of accounts.domain.TWO_FACTOR_ROLES
# unless MOTCUA_OTP_REQUIRED=false; any official with a confirmed device is asked for a code.
MOTCUA_OTP_REQUIRED = _env_bool("MOTCUA_OTP_REQUIRED", True)
OTP_TOTP_ISSUER = os.environ.get("MOTCUA_OTP_ISSUER", "Một cửa")
# Lockout (django-axes): 5 wrong passwords for one username from one address lock that pair
# for 15 minutes. Locking by the pair rather than by username alone keeps an attacker from
# locking every official out from a single address; the per-address limit on the login form
# (MOTCUA_PORTAL_LOGIN_LIMIT) bounds how many usernames one address can try.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("MOTCUA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = _timedelta(minutes=int(os.environ.get("MOTCUA_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "motcua.accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# The same notion of the client's address as the other rate limits: REMOTE_ADDR, or the
# header named by MOTCUA_PORTAL_IP_HEADER behind a reverse proxy (never trusted by default).
AXES_CLIENT_IP_CALLABLE = "motcua.accounts.lockout.client_ip"
AXES_USERNAME_CALLABLE = "motcua.accounts.lockout.login_username"
AXES_VERBOSE = False
# Sessions: absolute age SESSION_COOKIE_AGE (8 h, above), idle timeout, and gone with the
# browser.
MOTCUA_SESSION_IDLE_MINUTES = int(os.environ.get("MOTCUA_SESSION_IDLE_MINUTES", "30"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
