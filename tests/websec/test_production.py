"""Production settings, read from the environment by a fresh process each time (settings are
evaluated once per process): `motcua check --deploy` passes, the development key is
refused, HTTPS is enforced, the policy's form-action follows the identity provider."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
MOTCUA = Path(sys.executable).with_name("motcua")


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    # Nothing of this process's own setup (browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("MOTCUA_", "DJANGO_")) and k != "DATABASE_URL"}
    env.update(PYTHONPATH=str(SRC), MOTCUA_VAR_DIR=str(tmp_path / "var"),
               DJANGO_SETTINGS_MODULE="motcua.settings")
    env.update(extra)
    return env


def _production(tmp_path: Path, **extra: str) -> dict[str, str]:
    return _env(tmp_path, MOTCUA_ENV="production", MOTCUA_SECRET_KEY=secrets.token_urlsafe(50),
                MOTCUA_ALLOWED_HOSTS="dichvucong.example.vn", **extra)


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)


PROBE = """
import json, django
django.setup()
from django.conf import settings as s
from django.test import Client
names = ["SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
         "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
         "SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS", "MOTCUA_PRODUCTION"]
out = {n: getattr(s, n, None) for n in names}
out["form_action"] = s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"]
c = Client(SERVER_NAME=(s.ALLOWED_HOSTS or ["testserver"])[0])
plain = c.get("/static/motcua/motcua.css")
proxied = c.get("/static/motcua/motcua.css", HTTP_X_FORWARDED_PROTO="https")
out["plain"] = [plain.status_code, plain.get("Location", "")]
out["proxied"] = [proxied.status_code, proxied.get("Strict-Transport-Security", "")]
print(json.dumps(out))
"""


def _probe(env: dict[str, str]) -> dict:
    done = _run([sys.executable, "-c", PROBE], env)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_check_deploy_passes_with_production_settings(tmp_path):
    done = _run([str(MOTCUA), "check", "--deploy", "--fail-level", "WARNING"],
                _production(tmp_path, MOTCUA_BEHIND_PROXY="true"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_check_deploy_fails_when_production_is_weakened(tmp_path):
    # Cookies sent over plain HTTP are what `check --deploy` is there to catch.
    done = _run([str(MOTCUA), "check", "--deploy", "--fail-level", "WARNING"],
                _production(tmp_path, MOTCUA_SECURE_COOKIES="false"))
    assert done.returncode != 0
    assert "security.W012" in done.stderr and "security.W016" in done.stderr


def test_production_refuses_the_development_key(tmp_path):
    for env in (_env(tmp_path, MOTCUA_ENV="production"),
                _env(tmp_path, MOTCUA_ENV="production",
                     MOTCUA_SECRET_KEY="insecure-dev-key-change-me-in-production-0123456789abcdef")):
        done = _run([str(MOTCUA), "check", "--deploy", "--fail-level", "WARNING"], env)
        assert done.returncode != 0
        assert "MOTCUA_SECRET_KEY" in done.stderr
        assert "khóa mặc định" in done.stderr and "Traceback" not in done.stderr
    # The web server loads the same settings and stops just as clearly.
    done = _run([sys.executable, "-c", "import motcua.wsgi"], _env(tmp_path, MOTCUA_ENV="production"))
    assert done.returncode != 0 and "ImproperlyConfigured" in done.stderr


def test_production_enforces_https_behind_a_proxy(tmp_path):
    out = _probe(_production(tmp_path, MOTCUA_BEHIND_PROXY="1",
                             MOTCUA_CSRF_TRUSTED_ORIGINS="https://dichvucong.example.vn"))
    assert out["MOTCUA_PRODUCTION"] and out["SECURE_SSL_REDIRECT"]
    assert out["SESSION_COOKIE_SECURE"] and out["CSRF_COOKIE_SECURE"]
    assert out["SECURE_HSTS_SECONDS"] == 31536000 and out["SECURE_HSTS_PRELOAD"]
    assert out["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert out["CSRF_TRUSTED_ORIGINS"] == ["https://dichvucong.example.vn"]
    assert out["plain"] == [301, "https://dichvucong.example.vn/static/motcua/motcua.css"]
    assert out["proxied"][0] == 200
    assert out["proxied"][1] == "max-age=31536000; includeSubDomains; preload"


def test_a_forged_proto_header_is_ignored_without_the_proxy_setting(tmp_path):
    out = _probe(_production(tmp_path))
    assert out["SECURE_PROXY_SSL_HEADER"] is None
    assert out["proxied"][0] == 301  # the client's own header does not make it HTTPS


def test_development_defaults_and_an_operator_without_tls_redirect(tmp_path):
    dev = _probe(_env(tmp_path))
    assert not dev["MOTCUA_PRODUCTION"] and not dev["SECURE_SSL_REDIRECT"]
    assert dev["SECURE_HSTS_SECONDS"] == 0 and dev["plain"][0] == 200
    # The proxy redirects to HTTPS itself: the app's redirect off, check --deploy still clean.
    env = _production(tmp_path, MOTCUA_SSL_REDIRECT="false", MOTCUA_HSTS_PRELOAD="false",
                      MOTCUA_HSTS_SECONDS="600")
    assert _probe(env)["plain"][0] == 200
    done = _run([str(MOTCUA), "check", "--deploy", "--fail-level", "WARNING"], env)
    assert done.returncode == 0, done.stderr


def test_form_action_allows_the_identity_provider(tmp_path):
    out = _probe(_env(tmp_path, MOTCUA_OIDC_ISSUER="https://id.example.gov.vn/realms/cong-dan",
                      MOTCUA_CSP_FORM_ACTION="https://sso.example.vn/login, https://sso.example.vn"))
    assert out["form_action"] == ["'self'", "https://id.example.gov.vn", "https://sso.example.vn"]
    assert _probe(_env(tmp_path))["form_action"] == ["'self'"]
