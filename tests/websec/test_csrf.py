"""CSRF protection everywhere: every URL pattern is walked and no view escapes Django's
CSRF check except the ones listed here with their reason; the API, which does its own
check for session users, is tried with a forged request."""

from __future__ import annotations

import inspect
import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from ninja.security import HttpBearer

from motcua.accounts.domain import Role
from motcua.accounts.services import create_official
from motcua.dossiers.api import SessionAuth

# route → why the view may skip Django's CSRF middleware.
EXEMPT = {
    "dich-vu-cong/api/tra-cuu/": "public JSON lookup for other systems: reads no session or "
    "cookie, changes nothing a forged request could ride on; rate-limited per address and code",
}
# The REST API (django-ninja marks all its views exempt and checks CSRF itself): a request
# authenticated by the session cookie is checked (SessionAuth); a bearer token is not
# ambient authority, a forged cross-site request cannot carry it.
API_PREFIX = "api/"
SAFE = {"GET", "HEAD", "OPTIONS"}


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def _routes():
    routes = list(_walk(get_resolver().url_patterns))
    assert len(routes) > 60  # the walk reaches into the included URLconfs
    return routes


def test_the_middleware_is_on():
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE


def test_no_view_is_exempt_but_the_documented_ones():
    exempt = []
    for route, view in _routes():
        if not getattr(view, "csrf_exempt", False):
            continue
        if route in EXEMPT:
            continue
        if route.startswith(API_PREFIX) and view.__module__ == "ninja.operation":
            continue  # checked operation by operation below
        exempt.append(f"{route} ({view.__module__}.{getattr(view, '__qualname__', view)})")
    assert not exempt, "csrf_exempt without a documented reason:\n" + "\n".join(exempt)
    routes = {r for r, _ in _routes()}
    assert set(EXEMPT) <= routes  # the list names real routes, not stale ones


def test_every_unsafe_api_operation_needs_token_or_checked_session():
    unsafe_ops = 0
    for route, view in _routes():
        if view.__module__ != "ninja.operation":
            continue
        path_view = inspect.getclosurevars(view).nonlocals["self"]
        for op in path_view.operations:
            if set(op.methods) <= SAFE:
                continue
            unsafe_ops += 1
            assert op.auth_callbacks, f"{route} {op.methods}: writes without authentication"
            for auth in op.auth_callbacks:
                assert isinstance(auth, HttpBearer | SessionAuth), (
                    f"{route}: {type(auth).__name__} is neither a token nor the CSRF-checked "
                    "session")
    assert unsafe_ops >= 20


@pytest.mark.django_db
def test_forged_posts_are_refused(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    official, password = create_official(username="csrf.tn", full_name="Nguyễn Văn A",
                                         roles=[Role.CLERK], province_code="12",
                                         commune_code="03390")
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(official)  # the lockout backend wants a request; the login itself is not under test
    # A form view: Django's middleware refuses.
    assert forged.post("/tai-khoan/dang-xuat/").status_code == 403
    # The API with the session cookie and no token: refused with a machine-readable code.
    answer = forged.post("/api/dossiers/", json.dumps({}), content_type="application/json")
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "csrf_failed"
    # The same request with the page's token gets past the CSRF check (to validation).
    forged.get("/lam-viec/")
    token = forged.cookies[settings.CSRF_COOKIE_NAME].value
    answer = forged.post("/api/dossiers/", json.dumps({}), content_type="application/json",
                         HTTP_X_CSRFTOKEN=token)
    assert answer.status_code != 403
