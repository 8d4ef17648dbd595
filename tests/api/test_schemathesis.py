"""Property-based robustness of the REST API against its own OpenAPI document.

Schemathesis reads ``/api/openapi.json`` from the Django app (in process, through WSGI),
generates requests for every operation — valid ones and, for the checks that need them,
deliberately invalid ones — and checks each answer with its default checks: never a 5xx,
only documented status codes, documented content types and headers, bodies that match
the declared schemas, invalid input refused with a 4xx. It calls with an official's API
token, with the official's browser session (and no CSRF token), and without credentials.

The number of examples per operation is small so the suite stays quick; raise it with
``MOTCUA_SCHEMATHESIS_EXAMPLES`` (see docs/development.md). Generation is derandomized so
a failure in CI reproduces locally.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import ignored_auth

EXAMPLES = int(os.environ.get("MOTCUA_SCHEMATHESIS_EXAMPLES", "8"))

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
# A schema-valid request may still break a rule of the service (an unknown handler, a new
# due date before the current one): that is a 400 with a machine-readable code. A 422 means
# the input did not match the schema, so it stays an error for valid data.
_ACCEPTED = schema.config.checks.positive_data_acceptance
_ACCEPTED.expected_statuses = [*_ACCEPTED.expected_statuses, "400"]

_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _pick(value: Any, choices: list[Any]) -> Any:
    """A real value for about two generated values in three, chosen from the generated
    value itself so that derandomized runs stay reproducible."""
    digest = hashlib.sha256(repr(value).encode()).digest()
    if digest[0] % 3 == 0 or not choices:
        return value
    return choices[digest[1] % len(choices)]


# Realistic values for query parameters, by operation path.
_QUERY = {
    "/api/workdays/due": {"received_at": ["2026-02-13 10:00", "13/02/2026 16:30"],
                          "limit": ["3d", "8h", "same_day"], "province": ["12", ""]},
    "/api/workdays/between": {"start": ["2026-02-13 10:00"], "end": ["2026-02-20 09:00"],
                              "province": ["12"]},
    "/api/workdays/holidays": {"year": [2026, 2025]},
    "/api/units/convert": {"address": ["xã Bình Lư, huyện Tam Đường, tỉnh Lai Châu",
                                       "phường Tân Phong, thành phố Lai Châu"]},
    "/api/units/agencies": {"commune": ["03390"], "province": ["12", "Lai Châu"]},
    "/api/dossiers/": {"kind": ["all", "new", "mine", "overdue"]},
}


def _with_real_data(case: Any, world: Any) -> None:
    """Put the world's real codes (dossiers, attachment, procedures, units) and realistic
    values in place of some generated ones, so that operations reach their real work and
    not only their 404 or 400 branch. Only valid (positive) cases: a negative case must
    stay invalid."""
    meta = case.meta
    if meta is not None and not meta.generation.mode.is_positive:
        return
    path, params = case.operation.path, case.path_parameters or {}
    if "attachment_id" in params:
        params["code"], params["attachment_id"] = _pick(
            (params["code"], params["attachment_id"]), [world.attachment])
    elif path.startswith("/api/dossiers/") and "code" in params:
        params["code"] = _pick(params["code"], world.dossier_codes)
    elif path.startswith("/api/catalog/procedures/"):
        params["code"] = _pick(params["code"], world.procedure_codes)
    elif path.startswith(("/api/units/provinces/", "/api/indicators/provinces/")):
        params["code"] = _pick(params["code"], ["12", "Lai Châu", "01"])
    elif path.startswith("/api/indicators/communes/"):
        params["code"] = _pick(params["code"], ["03390", "03618"])
    for name, choices in _QUERY.get(path, {}).items():
        if case.query and name in case.query:
            case.query[name] = _pick(case.query[name], choices)
    body = case.body
    if path == "/api/dossiers/" and case.method == "POST" and isinstance(body, dict):
        real = _pick(repr(sorted(body.items(), key=str)), [world.intake])
        if isinstance(real, dict):
            body.update(real)


def _sendable(case: Any) -> None:
    """Werkzeug's test client encodes an empty file part without the line break before the
    next boundary, which Django's parser (rightly) reads as no file at all; a real client
    sends it well formed and gets 400 ``attachment.empty`` (test_empty_upload_is_refused).
    Give such a file one byte so that the example tests the API, not the test client."""
    if isinstance(case.body, dict) and "file" in case.body:
        content = case.body["file"]
        if getattr(content, "data", content) in (b"", ""):  # bytes, text or Binary
            case.body["file"] = b"\n"


@schema.parametrize()
@_SETTINGS
def test_api_with_an_officials_token(case, aw):
    _with_real_data(case, aw)
    _sendable(case)
    case.call_and_validate(headers={"Authorization": f"Bearer {aw.token}"})


@schema.parametrize()
@settings(_SETTINGS, max_examples=max(2, EXAMPLES // 3))
def test_api_without_credentials(case, aw):
    _with_real_data(case, aw)
    _sendable(case)
    case.call_and_validate()


@schema.parametrize()
@settings(_SETTINGS, max_examples=max(2, EXAMPLES // 4))
def test_api_with_a_browser_session_and_no_csrf_token(case, aw):
    """The screens' session cookie: reads work, writes without the CSRF token are a 403."""
    from django.conf import settings as django_settings
    from django.test import Client

    from motcua.accounts.models import Official

    browser = Client()
    browser.force_login(Official.objects.get(pk=aw.official_id))
    session = browser.cookies[django_settings.SESSION_COOKIE_NAME].value
    _with_real_data(case, aw)
    _sendable(case)
    # ``ignored_auth`` replays the call with broken credentials, but cannot take back a
    # cookie given here; the token and anonymous runs check that authentication is enforced.
    response = case.call_and_validate(cookies={django_settings.SESSION_COOKIE_NAME: session},
                                      excluded_checks=[ignored_auth])
    if case.method != "GET":
        assert response.status_code >= 400, "a write without the CSRF token went through"
