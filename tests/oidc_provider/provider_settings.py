"""Settings of the test identity provider: a small, separate Django project serving real
OpenID Connect (discovery, JWKS, authorization, token, userinfo) with django-oauth-toolkit.

It stands in for the national identity service in the tests; it is started in a subprocess
by ``oidc_harness.py`` and never imported by motcua itself. Read from the environment:
``OIDC_TEST_ISSUER`` (the issuer, e.g. http://127.0.0.1:8123/o), ``OIDC_TEST_DB`` (SQLite
file), ``OIDC_TEST_RSA_KEY`` (path of the PEM signing key).
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "test-provider-only-not-a-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "provider_urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [BASE_DIR / "templates"],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                         "NAME": os.environ.get("OIDC_TEST_DB", str(BASE_DIR / "provider.sqlite3"))}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
LOGIN_URL = "/login/"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The provider's cookies must not collide with the relying party's on the same host name.
SESSION_COOKIE_NAME = "provider_sessionid"
CSRF_COOKIE_NAME = "provider_csrftoken"

_key_file = os.environ.get("OIDC_TEST_RSA_KEY", "")
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": Path(_key_file).read_text() if _key_file else "",
    "OIDC_ISS_ENDPOINT": os.environ.get("OIDC_TEST_ISSUER", ""),
    "PKCE_REQUIRED": True,
    "OAUTH2_VALIDATOR_CLASS": "provider_validator.IdentityValidator",
    "SCOPES": {
        "openid": "OpenID Connect",
        "profile": "Họ tên",
        "email": "Thư điện tử",
        "phone": "Số điện thoại",
    },
}
