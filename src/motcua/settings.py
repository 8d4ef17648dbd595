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
# The development key; production refuses to start with it (web security block below).
_DEFAULT_SECRET_KEY = "insecure-dev-key-change-me-in-production-0123456789abcdef"
SECRET_KEY = os.environ.get("MOTCUA_SECRET_KEY", _DEFAULT_SECRET_KEY)
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
    "motcua.privacy",
    "motcua.api",
    "motcua.backup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
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

# --- personal data protection (issue 6) ---
# Roles that give a reason before opening a dossier of another commune (docs/privacy.md).
MOTCUA_ACCESS_REASON_REQUIRED_FOR = os.environ.get(
    "MOTCUA_ACCESS_REASON_REQUIRED_FOR", "province_overseer,admin")
# Retention per kind of record, e.g. "access_records=5y,notifications=1y" (defaults in
# motcua.privacy.domain.RETENTION_DEFAULTS); applied by `motcua privacy purge`.
MOTCUA_RETENTION = os.environ.get("MOTCUA_RETENTION", "")
# Identification numbers, phone numbers and emails are redacted from every log record
# before any handler (console or other) writes it (motcua.privacy.logfilter).
LOGGING.setdefault("filters", {})["personal_data"] = {
    "()": "motcua.privacy.logfilter.PersonalDataFilter"}
for _handler in LOGGING["handlers"].values():
    _handler.setdefault("filters", []).append("personal_data")
# --- web security (issue 6) ---
# Content Security Policy, security headers, production hardening and rate limits; every
# variable is described in docs/operations.md and the reasons in docs/security.md.
from csp.constants import NONE, SELF  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402


def _env_list(name: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, "").split(",") if v.strip()]


def _origin(url: str) -> str:
    """``https://id.example.vn/realms/x`` → ``https://id.example.vn`` (CSP sources are
    origins; a path would be matched as a prefix and break on the provider's redirects)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


MOTCUA_ENV = os.environ.get("MOTCUA_ENV", "").strip().lower()
MOTCUA_PRODUCTION = MOTCUA_ENV == "production" or (
    MOTCUA_ENV not in {"development", "dev", "test"}
    and not DEBUG and bool(os.environ.get("MOTCUA_SECRET_KEY"))
)
if MOTCUA_PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEFAULT_SECRET_KEY):
    raise ImproperlyConfigured(
        "Đang chạy ở chế độ vận hành (production) nhưng MOTCUA_SECRET_KEY chưa được đặt "
        "hoặc vẫn là khóa mặc định dùng để phát triển. Hãy đặt MOTCUA_SECRET_KEY bằng một "
        "chuỗi ngẫu nhiên dài (ví dụ: python -c \"import secrets; "
        "print(secrets.token_urlsafe(50))\") rồi khởi động lại."
    )

# CSP without 'unsafe-inline': templates carry no inline script, style or handler; CSS and
# JS are static files. form-action also covers the redirect chain a form starts, so the
# citizens' identity provider (reached by a redirect when a session ends mid-form) and
# any extra origins an operator lists are allowed there.
_form_action = [SELF]
for _o in [_origin(os.environ.get("MOTCUA_OIDC_ISSUER", ""))] + [
    _origin(o) for o in _env_list("MOTCUA_CSP_FORM_ACTION")
]:
    if _o and _o not in _form_action:
        _form_action.append(_o)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": _form_action,
    },
}
_csp_report_uri = os.environ.get("MOTCUA_CSP_REPORT_URI", "").strip()
if _csp_report_uri:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [_csp_report_uri]

# Only what a page uses: nothing here reads the camera, microphone, location or payments
# (the receipt's QR code is read by the citizen's own phone, outside the site).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media",
        "fullscreen", "geolocation", "gyroscope", "magnetometer", "microphone", "midi",
        "payment", "picture-in-picture", "publickey-credentials-get", "screen-wake-lock",
        "usb", "xr-spatial-tracking",
    )
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CSRF_TRUSTED_ORIGINS = _env_list("MOTCUA_CSRF_TRUSTED_ORIGINS")
if _env_bool("MOTCUA_BEHIND_PROXY", False):
    # Only behind a proxy that sets (and overwrites) X-Forwarded-Proto; otherwise a client
    # could claim HTTPS by itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

_hsts_default = 365 * 24 * 3600 if MOTCUA_PRODUCTION else 0
SECURE_HSTS_SECONDS = int(os.environ.get("MOTCUA_HSTS_SECONDS", _hsts_default))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("MOTCUA_HSTS_INCLUDE_SUBDOMAINS", MOTCUA_PRODUCTION)
SECURE_HSTS_PRELOAD = _env_bool("MOTCUA_HSTS_PRELOAD", MOTCUA_PRODUCTION)
SECURE_SSL_REDIRECT = _env_bool("MOTCUA_SSL_REDIRECT", MOTCUA_PRODUCTION)
SESSION_COOKIE_SECURE = _env_bool("MOTCUA_SECURE_COOKIES", MOTCUA_PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if MOTCUA_PRODUCTION:
    # Choices an operator made on purpose (documented in docs/operations.md) are not
    # reported again by `check --deploy`.
    SILENCED_SYSTEM_CHECKS = list(globals().get("SILENCED_SYSTEM_CHECKS", []))
    if not SECURE_SSL_REDIRECT:  # the proxy redirects plain HTTP itself
        SILENCED_SYSTEM_CHECKS.append("security.W008")
    if not SECURE_HSTS_INCLUDE_SUBDOMAINS:
        SILENCED_SYSTEM_CHECKS.append("security.W005")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS.append("security.W021")

# Rate limits (motcua.ratelimit): counters in the cache named by MOTCUA_RATELIMIT_CACHE.
# With MOTCUA_REDIS_URL they live in Redis (alias "ratelimit") so that every server process
# counts together; otherwise in the default cache (this process's memory unless the default
# cache is itself shared).
CACHES = dict(globals().get("CACHES") or {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
})
if os.environ.get("MOTCUA_REDIS_URL"):
    CACHES["ratelimit"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["MOTCUA_REDIS_URL"],
        "KEY_PREFIX": "motcua-rl",
    }
MOTCUA_RATELIMIT_CACHE = os.environ.get(
    "MOTCUA_RATELIMIT_CACHE", "ratelimit" if "ratelimit" in CACHES else "default")

# --- serving (issue 6) ---
# Production serving: tasks worker, Redis cache, S3-compatible storage, metrics, JSON logs.
# Every variable is described in docs/operations.md and docs/deploy.md.
if "MOTCUA_PRODUCTION" not in globals():  # the web security block may have decided it
    MOTCUA_PRODUCTION = os.environ.get("MOTCUA_ENV", "").strip().lower() == "production"
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "motcua.serving"]
# Outermost, so that the request id, the access line and the latency cover every other
# middleware (and their refusals) too.
MIDDLEWARE.insert(0, "motcua.serving.middleware.RequestObservabilityMiddleware")

# Tasks: "immediate" runs a task in the process that enqueued it (the embedded default);
# "database" queues it in the database for `motcua worker`.
MOTCUA_TASKS_BACKEND = os.environ.get("MOTCUA_TASKS_BACKEND", "immediate").strip().lower()
if MOTCUA_TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                         "QUEUES": ["default"]}}
elif MOTCUA_TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ValueError("MOTCUA_TASKS_BACKEND phải là «immediate» hoặc «database», "
                     f"không phải «{MOTCUA_TASKS_BACKEND}».")

# Cache (Redis with MOTCUA_REDIS_URL, else per process), sessions, S3-compatible storage
# (MOTCUA_S3_BUCKET): built in motcua/serving/config.py.
from motcua.serving import config as _serving_config  # noqa: E402

# Other aliases (e.g. rate limits') are kept; this block decides "default" only.
CACHES = {**globals().get("CACHES", {}), **_serving_config.caches(os.environ)}
SESSION_ENGINE = _serving_config.session_engine(os.environ, "django.contrib.sessions.backends.db")
_s3 = _serving_config.s3_storage(os.environ)
if _s3 is not None:
    STORAGES["default"] = _s3

# Prometheus metrics at /metrics: from these addresses, or with the bearer token.
MOTCUA_METRICS_ALLOWED_IPS = [
    ip.strip() for ip in os.environ.get("MOTCUA_METRICS_ALLOWED_IPS", "127.0.0.1,::1").split(",")
    if ip.strip()
]
MOTCUA_METRICS_TOKEN = os.environ.get("MOTCUA_METRICS_TOKEN", "")
MOTCUA_METRICS_BUSINESS = _env_bool("MOTCUA_METRICS_BUSINESS", True)

# Logs: one JSON object per line in production (for journald / a log shipper), text
# while developing. The formatter is referenced from the "console" handler, so filters
# added to that handler elsewhere keep working.
MOTCUA_LOG_FORMAT = os.environ.get(
    "MOTCUA_LOG_FORMAT", "json" if MOTCUA_PRODUCTION else "text").strip().lower()
if MOTCUA_LOG_FORMAT not in ("json", "text"):
    raise ValueError(f"MOTCUA_LOG_FORMAT phải là «json» hoặc «text», không phải «{MOTCUA_LOG_FORMAT}».")
LOGGING.setdefault("formatters", {})
LOGGING["formatters"]["json"] = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s %(process)d",
    "rename_fields": {"levelname": "level", "name": "logger"},
    "timestamp": "time",  # ISO 8601, UTC
}
LOGGING["formatters"]["text"] = {
    "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
}
LOGGING.setdefault("filters", {})
LOGGING["filters"]["request_id"] = {"()": "motcua.serving.logs.RequestIdFilter"}
LOGGING["handlers"]["console"]["formatter"] = MOTCUA_LOG_FORMAT
LOGGING["handlers"]["console"].setdefault("filters", [])
LOGGING["handlers"]["console"]["filters"].append("request_id")
# One line per request (method, path, status, duration, request id) on "motcua.access";
# `motcua serve` turns it on.
LOGGING.setdefault("loggers", {})
LOGGING["loggers"]["motcua.access"] = {
    "level": "INFO" if _env_bool("MOTCUA_ACCESS_LOG", False) else "WARNING",
}
# --- backups (issue 6) ---
# Folder holding pg_dump/pg_restore of the server's major version when the ones on PATH are
# older (e.g. /usr/lib/postgresql/16/bin); empty: take them from PATH.
MOTCUA_PG_BINDIR = os.environ.get("MOTCUA_PG_BINDIR", "")
