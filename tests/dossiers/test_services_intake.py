"""Reception at the counter: validation, completeness, codes, routing, the newborn group."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.accounts.domain import Role
from motcua.catalog.models import RequiredDocument
from motcua.dossiers import services
from motcua.dossiers.domain import TransitionError, parse_code
from motcua.dossiers.models import DailySequence, Dossier, DossierDocument, DossierEvent
from motcua.errors import InvalidInput, PermissionDenied

BIRTH, LAND, NEWBORN = "1.001193", "1.013978", "2.000986"
VN = dt.timezone(dt.timedelta(hours=7))


def _counts() -> tuple[int, ...]:
    return (
        Dossier.objects.count(),
        DossierEvent.objects.count(),
        DossierDocument.objects.count(),
        DailySequence.objects.count(),
    )


def test_intake_records_the_checklist_and_flags(w, receive, docs):
    lines = docs(BIRTH)
    lines.append({"name": "Giấy xác nhận cư trú", "copies": 1, "scanned": False})
    d = receive(BIRTH, documents=lines)
    rows = list(DossierDocument.objects.filter(dossier=d).order_by("order"))
    assert len(rows) == 4 and rows[-1].required_document is None
    reusable = [r for r in rows if r.from_data_held]
    assert reusable and not any(r.provided for r in reusable)
    assert d.data_reused and not d.digitized  # the extra paper was not scanned
    assert receive(BIRTH).digitized
    assert d.applicant_phone == "0912345678" and d.applicant_personal_id == "012090001234"
    assert d.channel == "counter" and d.received_by == w.own[Role.CLERK]
    event = DossierEvent.objects.get(dossier=d)
    assert event.action == "receive" and event.payload["code"] == d.code
    assert event.payload["procedure"] == BIRTH and event.actor_ref == str(w.own[Role.CLERK].pk)


def test_codes_follow_the_agency_the_day_and_a_daily_sequence(w, receive):
    late_evening = dt.datetime(2026, 3, 2, 23, 30, tzinfo=VN)  # 16:30 UTC, still 2 March here
    first = receive(BIRTH, received_at=late_evening)
    second = receive(BIRTH, received_at=late_evening)
    next_day = receive(BIRTH, received_at=late_evening + dt.timedelta(hours=1))
    assert first.code == "000.04.03390.H12-260302-0001"
    assert second.code == "000.04.03390.H12-260302-0002"
    assert next_day.code == "000.04.03390.H12-260303-0001"
    assert parse_code(first.code).agency_id == first.receiving_agency.electronic_id
    assert [first.register_entry, second.register_entry, next_day.register_entry] == [1, 2, 3]


def test_received_by_the_clerks_own_agency_when_it_has_one(w, receive):
    clerk = w.own[Role.CLERK]
    clerk.agency_code = "03390-ubnd"
    d = receive(BIRTH, clerk=clerk)
    clerk.agency_code = ""
    assert d.code.startswith("000.00.03390.H12-")
    other = receive(BIRTH, receiving_agency="03390-vp")
    assert other.receiving_agency.code == "03390-vp"
    with pytest.raises(InvalidInput):  # not an agency of the clerk's commune
        receive(BIRTH, receiving_agency="03618-ubnd")


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"procedure_code": "9.999999"}, "procedure.unknown", "procedure_code"),
        ({"applicant_personal_id": "012990001234"}, "personal_id.invalid", None),
        ({"applicant_personal_id": "12345"}, "personal_id.invalid", None),
        ({"applicant_personal_id": ""}, "personal_id.required", "applicant_personal_id"),
        ({"applicant_name": "  "}, "applicant.name_required", "applicant_name"),
        ({"applicant_phone": "12345"}, "phone.invalid", "applicant_phone"),
        ({"applicant_email": "minh@"}, "email.invalid", "applicant_email"),
        ({"applicant_unit_code": "99999"}, "unit.unknown", "applicant_unit_code"),
        ({"channel": "fax"}, "channel.invalid", "channel"),
        ({"documents": []}, "dossier.incomplete", "documents"),
        ({"received_at": dt.datetime(2099, 1, 1, tzinfo=VN)}, "received_at.future", "received_at"),
        ({"competent_commune_code": "00001"}, "commune.unknown", "competent_commune_code"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_writes_nothing(w, receive, change, code, field):
    before = _counts()
    change = dict(change)
    procedure = change.pop("procedure_code", BIRTH)
    with pytest.raises(InvalidInput) as err:
        receive(procedure, **change)
    assert err.value.code == code and err.value.status == 400
    if field:
        assert err.value.details["field"] == field
    assert err.value.message and err.value.message != code
    assert _counts() == before


def test_missing_mandatory_documents_are_listed(w, receive, docs):
    lines = docs(BIRTH)[1:]  # leave out the declaration form
    with pytest.raises(InvalidInput) as err:
        receive(BIRTH, documents=lines)
    assert "Tờ khai đăng ký khai sinh" in err.value.message
    assert "chưa đủ thành phần" in err.value.message
    assert [m["name"] for m in err.value.details["missing"]] == [
        "Tờ khai đăng ký khai sinh (theo mẫu)"
    ]


def test_a_document_not_reusable_cannot_come_from_data_held(w, receive, docs):
    lines = docs(BIRTH)
    form = RequiredDocument.objects.get(pk=lines[0]["required_document_id"])
    assert not form.reusable_from_data
    lines[0] = {"required_document_id": form.pk, "from_data_held": True}
    with pytest.raises(InvalidInput) as err:
        receive(BIRTH, documents=lines)
    assert err.value.code == "document.not_reusable"
    lines[0] = {
        "required_document_id": RequiredDocument.objects.filter(procedure__code=LAND).first().pk
    }
    with pytest.raises(InvalidInput) as err:
        receive(BIRTH, documents=lines)
    assert err.value.code == "document.unknown"


def test_only_clerks_receive(w, receive):
    for role in Role:
        if role is Role.CLERK:
            continue
        with pytest.raises((TransitionError, PermissionDenied)) as err:
            receive(BIRTH, clerk=w.own[role])
        assert err.value.status == 403, role


def test_old_address_converts_to_the_new_commune(w, receive):
    d = receive(BIRTH, applicant_address="xã Sơn Bình, huyện Tam Đường, tỉnh Lai Châu")
    assert d.applicant_unit_code == "03390" and not d.cross_boundary
    unknown = receive(BIRTH, applicant_address="Số 5, ngõ 7")
    assert unknown.applicant_unit_code == ""


def test_received_regardless_of_the_applicants_commune(w, receive):
    d = receive(BIRTH, applicant_unit_code="03618")  # the applicant lives in Mường Than
    assert d.cross_boundary and d.commune_code == d.receiving_commune_code == "03390"


def test_routed_to_the_commune_where_the_land_lies(w, receive):
    d = receive(LAND, competent_commune_code="03618")
    assert d.cross_boundary and d.commune_code == "03618"
    assert d.receiving_commune_code == "03390"
    assert d.competent_agency.code == "03618-ubnd" and d.code.startswith("000.04.03390.H12-")
    # Mường Than processes it; Bình Lư's counter may only take the counter actions.
    services.assign(w.other[Role.CLERK], d, handler=w.other[Role.SPECIALIST])
    with pytest.raises(PermissionDenied) as err:
        services.reassign(w.own[Role.DIVISION_HEAD], d, handler=w.specialist2)
    assert err.value.code == "dossier.other_commune"
    services.add_note(w.own[Role.CLERK], d, text="Người nộp hỏi tiến độ")


def test_the_newborn_group_creates_its_linked_dossiers(w, receive):
    d = receive(NEWBORN)
    members = list(Dossier.objects.filter(parent=d).order_by("code"))
    assert [m.procedure.code for m in members] == ["1.001193", "1.004222", "DP-BHYT-01"]
    assert {m.group_id for m in members} == {d.group_id} and d.group_id is not None
    seqs = [parse_code(x.code).seq for x in [d, *members]]
    assert seqs == list(range(seqs[0], seqs[0] + 4))
    for m in members:
        event = DossierEvent.objects.get(dossier=m)
        assert event.payload["parent"] == d.code and event.payload["group_id"] == str(d.group_id)
        assert m.competent_agency.code == "03390-ubnd"  # police and insurance via the commune
    # each promise follows its own procedure's limit
    assert len({m.due_at for m in members}) == 3
    assert DossierDocument.objects.filter(dossier__in=members).count() == 0
