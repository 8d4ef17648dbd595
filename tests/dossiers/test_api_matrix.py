"""Permission matrix of the API: every operation × every role × own / other commune.

Own: xã Bình Lư (province-wide roles: Lai Châu), where the dossier is; other: xã Mường Than
(province-wide roles: Hà Nội). The own specialist holds the dossier. Expected status: the
success code when the role may, 403 when the dossier is visible but the role may not, 404
when the dossier is out of sight (another commune, or the village team's).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
import upload_files
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.accounts.domain import Role
from motcua.dossiers.models import DossierEvent

C, S, DH, L, CD, PO, VT, A = (
    Role.CLERK, Role.SPECIALIST, Role.DIVISION_HEAD, Role.LEADER, Role.CENTER_DIRECTOR,
    Role.PROVINCE_OVERSEER, Role.VILLAGE_TEAM, Role.ADMIN,
)
ALL = set(Role)
READERS = ALL - {VT}
WORKING = {C, S, DH, L, CD}
LAND, HEALTH_CARD = "1.013978", "DP-BHYT-01"
BASE = "/api/dossiers/"


def _action(name: str, body: Callable[[Any, Any], dict] | dict | None = None) -> Callable:
    def call(client: Client, d: Any, w: Any) -> Any:
        payload = body(d, w) if callable(body) else (body or {})
        return client.post(f"{BASE}{d.code}/actions/{name}", data=json.dumps(payload),
                           content_type="application/json")
    return call


def _upload(client: Client, d: Any, w: Any) -> Any:
    return client.post(f"{BASE}{d.code}/attachments",
                       {"kind": "scan", "file": SimpleUploadedFile("scan.pdf", upload_files.pdf("%PDF scan"))})


def _later(d: Any, w: Any) -> dict:
    import datetime as dt

    return {"reason": "Chờ đo đạc", "new_due_at": (d.due_at + dt.timedelta(days=9)).isoformat()}


# operation → (state, procedure, call(client, dossier, world), success status, roles allowed,
#              writes: whether success writes one event)
OPERATIONS: dict[str, tuple] = {
    "detail": ("in_processing", LAND,
               lambda c, d, w: c.get(f"{BASE}{d.code}"), 200, READERS, False),
    "status": ("in_processing", LAND,
               lambda c, d, w: c.get(f"{BASE}{d.code}/status"), 200, READERS, False),
    "events": ("in_processing", LAND,
               lambda c, d, w: c.get(f"{BASE}{d.code}/events"), 200, READERS, False),
    "assign": ("received", LAND, _action("assign", lambda d, w: {"handler": w.own[S].username}),
               200, {C, DH, CD}, True),
    "start": ("routed", LAND, _action("start"), 200, {S, DH}, True),
    "forward": ("in_processing", LAND,
                _action("forward", lambda d, w: {"handler": w.specialist2.username}),
                200, {S, DH, L}, True),
    "reassign": ("in_processing", LAND,
                 _action("reassign", lambda d, w: {"handler": str(w.specialist2.pk)}),
                 200, {DH, L, CD, A}, True),
    "request_supplement": ("in_processing", LAND,
                           _action("request_supplement", {"missing_items": ["Trích đo"]}),
                           200, {S, DH}, True),
    "receive_supplement": ("waiting_supplement", LAND, _action("receive_supplement"),
                           200, {C, CD, S, DH}, True),
    "submit_for_signature": ("in_processing", LAND, _action("submit_for_signature"),
                             200, {S, DH}, True),
    "approve": ("waiting_signature", LAND, _action("approve"), 200, {DH, L}, True),
    "reject": ("waiting_signature", LAND, _action("reject", {"reason": "Sai"}), 200, {DH, L},
               True),
    "mark_result_ready": ("in_processing", HEALTH_CARD, _action("mark_result_ready"),
                          200, {S, DH}, True),
    "return_result": ("result_ready", LAND,
                      _action("return_result", {"collected_by": "Lò Văn Minh"}), 200, {C, CD},
                      True),
    "refuse": ("received", LAND, _action("refuse", {"reason": "Không đủ điều kiện"}),
               200, {C, CD}, True),
    "withdraw": ("received", LAND, _action("withdraw"), 200, {C, CD}, True),
    "stop": ("in_processing", LAND, _action("stop", {"reason": "Tranh chấp"}),
             200, {DH, L, CD}, True),
    "transfer": ("in_processing", LAND, _action("transfer", {"to_agency": "000.00.06.H12"}),
                 200, {S, DH}, True),
    "receive_back": ("transferred", LAND, _action("receive_back"), 200, {C, CD, S, DH}, True),
    "apologize": ("in_processing", LAND, _action("apologize", _later), 200, {DH, L, CD}, True),
    "add_note": ("in_processing", LAND, _action("add_note", {"text": "Đã liên hệ"}),
                 200, WORKING, True),
    "attachments": ("in_processing", LAND, _upload, 201, WORKING, True),
}


def _expected(role: Role, scope: str, allowed: set[Role], success: int) -> int:
    if scope == "own" and role in allowed:
        return success
    return 403 if scope == "own" and role is not VT else 404


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_api_permission_matrix(w, dossier_in, operation):
    state, procedure, call, success, allowed, writes = OPERATIONS[operation]
    shared = dossier_in(state, procedure)
    wrong = []
    for scope in ("own", "other"):
        for role in Role:
            official = (w.own if scope == "own" else w.other)[role]
            client = Client(HTTP_AUTHORIZATION=f"Bearer {w.token(official)}")
            expected = _expected(role, scope, allowed, success)
            fresh = writes and expected == success
            d = dossier_in(state, procedure) if fresh else shared
            before = DossierEvent.objects.filter(dossier=d).count()
            response = call(client, d, w)
            after = DossierEvent.objects.filter(dossier=d).count()
            ok_body = response.status_code < 300 or "error" in response.json()
            if (response.status_code != expected or not ok_body
                    or after != before + (1 if fresh else 0)):
                wrong.append((role.value, scope, expected, response.status_code))
    assert wrong == []


@pytest.mark.parametrize("scope", ["own", "other"])
def test_api_receive_and_list_matrix(w, dossier_in, docs, scope):
    d = dossier_in("received")
    body = {"procedure_code": LAND, "applicant_name": "Lò Văn Minh",
            "applicant_personal_id": "012090001234", "documents": docs(LAND)}
    for role in Role:
        official = (w.own if scope == "own" else w.other)[role]
        client = Client(HTTP_AUTHORIZATION=f"Bearer {w.token(official)}")
        response = client.post(BASE, data=json.dumps(body), content_type="application/json")
        assert response.status_code == (201 if role is C else 403), (role, response.content)
        listing = client.get(BASE, {"kind": "all"})
        assert listing.status_code == 200
        codes = {x["code"] for x in listing.json()["items"]}
        sees = scope == "own" and role is not VT
        assert (d.code in codes) == sees, (role, scope)
