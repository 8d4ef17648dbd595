"""Permission matrix of the services: every action × every role × own / other commune.

"Own": an official of xã Bình Lư (province-wide roles: of Lai Châu), where the dossier is.
"Other": xã Mường Than (province-wide roles: Hà Nội). The own specialist holds the dossier.
Allowed calls succeed; refused ones raise 403 (role) or 404 (out of sight) and change
nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
import upload_files
from django.core.files.base import ContentFile

from motcua.accounts.domain import Role
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.errors import MotcuaError

C, S, DH, L, CD, PO, VT, A = (
    Role.CLERK,
    Role.SPECIALIST,
    Role.DIVISION_HEAD,
    Role.LEADER,
    Role.CENTER_DIRECTOR,
    Role.PROVINCE_OVERSEER,
    Role.VILLAGE_TEAM,
    Role.ADMIN,
)
WORKING = {C, S, DH, L, CD}
LAND, HEALTH_CARD = "1.013978", "DP-BHYT-01"


def _later(d: Dossier) -> dt.datetime:
    return d.due_at + dt.timedelta(days=10)


# action → (state to set up, procedure, call(official, dossier, world), roles allowed)
MATRIX = {
    "assign": (
        "received",
        LAND,
        lambda o, d, w: services.assign(o, d, handler=w.own[S]),
        {C, DH, CD},
    ),
    "start": ("routed", LAND, lambda o, d, w: services.start(o, d), {S, DH}),
    "forward": (
        "in_processing",
        LAND,
        lambda o, d, w: services.forward(o, d, handler=w.specialist2),
        {S, DH, L},
    ),
    "reassign": (
        "in_processing",
        LAND,
        lambda o, d, w: services.reassign(o, d, handler=w.specialist2),
        {DH, L, CD, A},
    ),
    "request_supplement": (
        "in_processing",
        LAND,
        lambda o, d, w: services.request_supplement(o, d, missing_items=["Trích đo"]),
        {S, DH},
    ),
    "receive_supplement": (
        "waiting_supplement",
        LAND,
        lambda o, d, w: services.receive_supplement(o, d),
        {C, CD, S, DH},
    ),
    "submit_for_signature": (
        "in_processing",
        LAND,
        lambda o, d, w: services.submit_for_signature(o, d),
        {S, DH},
    ),
    "approve": ("waiting_signature", LAND, lambda o, d, w: services.approve(o, d), {DH, L}),
    "reject": (
        "waiting_signature",
        LAND,
        lambda o, d, w: services.reject(o, d, reason="Sai số liệu"),
        {DH, L},
    ),
    "mark_result_ready": (
        "in_processing",
        HEALTH_CARD,
        lambda o, d, w: services.mark_result_ready(o, d),
        {S, DH},
    ),
    "return_result": (
        "result_ready",
        LAND,
        lambda o, d, w: services.return_result(o, d, collected_by="Lò Văn Minh"),
        {C, CD},
    ),
    "refuse": (
        "received",
        LAND,
        lambda o, d, w: services.refuse(o, d, reason="Không đủ điều kiện"),
        {C, CD},
    ),
    "withdraw": ("received", LAND, lambda o, d, w: services.withdraw(o, d), {C, CD}),
    "stop": (
        "in_processing",
        LAND,
        lambda o, d, w: services.stop(o, d, reason="Có tranh chấp"),
        {DH, L, CD},
    ),
    "transfer": (
        "in_processing",
        LAND,
        lambda o, d, w: services.transfer(o, d, to_agency="p12-so-nn-mt"),
        {S, DH},
    ),
    "receive_back": (
        "transferred",
        LAND,
        lambda o, d, w: services.receive_back(o, d),
        {C, CD, S, DH},
    ),
    "apologize": (
        "in_processing",
        LAND,
        lambda o, d, w: services.apologize(o, d, reason="Chờ đo đạc", new_due_at=_later(d)),
        {DH, L, CD},
    ),
    "add_note": (
        "in_processing",
        LAND,
        lambda o, d, w: services.add_note(o, d, text="Đã liên hệ"),
        WORKING,
    ),
    "attach": (
        "in_processing",
        LAND,
        lambda o, d, w: services.add_attachment(
            o, d, kind="scan", file=ContentFile(upload_files.pdf(), name="a.pdf")
        ),
        WORKING,
    ),
}


def _expected(role: Role, scope: str, allowed: set[Role]) -> int:
    """200 allowed; 403 visible but refused; 404 out of sight."""
    if scope == "own" and role in allowed:
        return 200
    return 403 if scope == "own" and role is not VT else 404


@pytest.mark.parametrize("action", list(MATRIX))
def test_service_permission_matrix(w, dossier_in, action):
    state, procedure, call, allowed = MATRIX[action]
    shared = dossier_in(state, procedure)  # refused calls must leave it untouched
    events = DossierEvent.objects.filter(dossier=shared).count()
    wrong = []
    for scope in ("own", "other"):
        for role in Role:
            official = (w.own if scope == "own" else w.other)[role]
            expected = _expected(role, scope, allowed)
            d = dossier_in(state, procedure) if expected == 200 else shared
            before = DossierEvent.objects.filter(dossier=d).count()
            try:
                call(official, d, w)
                got = 200
            except MotcuaError as exc:
                got = exc.status
            after = DossierEvent.objects.filter(dossier=d).count()
            if got != expected or after != before + (1 if got == 200 else 0):
                wrong.append((role.value, scope, expected, got))
    assert wrong == []
    assert DossierEvent.objects.filter(dossier=shared).count() == events
    assert Dossier.objects.get(pk=shared.pk).version == shared.version


@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_receive_permission_matrix(w, receive, role, scope):
    official = (w.own if scope == "own" else w.other)[role]
    before = Dossier.objects.count()
    if role is C:
        d = receive(LAND, clerk=official)
        assert d.receiving_commune_code == official.commune_code
        return
    with pytest.raises(MotcuaError) as err:
        receive(LAND, clerk=official)
    assert err.value.status == 403
    assert Dossier.objects.count() == before


def test_village_team_sees_and_touches_only_what_it_submitted(w, receive):
    helper = w.own[VT]
    d = receive(LAND, channel="assisted", assisted_by=helper.username)
    from motcua.dossiers import selectors

    assert selectors.get_dossier(helper, d.code) == d
    with pytest.raises(MotcuaError) as err:
        services.add_note(helper, d, text="Người dân hỏi")
    assert err.value.status == 403
    with pytest.raises(MotcuaError) as err:
        receive(LAND, channel="assisted", assisted_by=w.own[C].username)
    assert err.value.code == "assisted_by.invalid"
