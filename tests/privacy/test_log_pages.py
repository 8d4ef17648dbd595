"""The access log per person: the officials' page (scoped), the command, the citizen's
own page."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from motcua.privacy.models import AccessRecord
from motcua.privacy.services import record_access

PERSONAL_ID = "012090001234"


def _citizen_client(personal_id: str) -> Client:
    """A citizen signed in: the session entry the identity-service callback writes."""
    from motcua.accounts.citizens.session import SESSION_KEY
    from motcua.accounts.models import Citizen

    citizen = Citizen.objects.create(personal_id=personal_id, full_name="Lò Văn Minh")
    client = Client()
    session = client.session
    session[SESSION_KEY] = {"id": citizen.pk, "personal_id": personal_id,
                            "name": citizen.full_name, "at": "2026-12-06T00:00:00+00:00"}
    session.save()
    return client


def test_leader_lists_accesses_of_their_commune(pw, make_dossier, login):
    d = make_dossier()
    record_access(pw.specialist, d, "view")
    record_access(pw.overseer, d, "print", reason="Thanh tra theo kế hoạch")
    other = make_dossier(applicant_personal_id="012190007777")
    record_access(pw.specialist, other, "view")
    client = login(pw.leader)
    page = client.get("/du-lieu-ca-nhan/nhat-ky-truy-cap/")
    assert page.status_code == 200 and "Nhật ký truy cập dữ liệu cá nhân" in page.content.decode()
    response = client.post("/du-lieu-ca-nhan/nhat-ky-truy-cap/",
                           {"personal_id": "012 090 001 234"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count(d.code) == 2 and other.code not in body
    assert "Thanh tra theo kế hoạch" in body and "Cán bộ overseer" in body
    assert response["Cache-Control"] == "no-store, private"
    # The lookup itself is logged, under the person's key.
    lookup = AccessRecord.objects.get(action="lookup")
    assert lookup.official_id == pw.leader.pk and lookup.citizen_key == d_key(d)


def d_key(d):
    return AccessRecord.objects.filter(dossier=d).first().citizen_key


def test_scope_of_the_log(pw, make_dossier, login):
    d = make_dossier()
    record_access(pw.specialist, d, "view")
    # A leader of another commune sees nothing of Bình Lư's dossiers.
    body = login(pw.other_leader).post("/du-lieu-ca-nhan/nhat-ky-truy-cap/",
                                       {"personal_id": PERSONAL_ID}).content.decode()
    assert d.code not in body and "Không có lượt truy cập nào" in body
    # The province administrator sees the province.
    body = login(pw.admin).post("/du-lieu-ca-nhan/nhat-ky-truy-cap/",
                                {"personal_id": PERSONAL_ID}).content.decode()
    assert d.code in body
    # A specialist may not read the log at all.
    assert login(pw.specialist).get("/du-lieu-ca-nhan/nhat-ky-truy-cap/").status_code == 403
    bad = login(pw.leader).post("/du-lieu-ca-nhan/nhat-ky-truy-cap/", {"personal_id": "12"})
    assert bad.status_code == 400 and "Hãy nhập số định danh" in bad.content.decode()


def test_command_lists_accesses_as_text_and_csv(pw, make_dossier):
    d = make_dossier()
    record_access(pw.specialist, d, "view", reason="Xử lý hồ sơ")
    record_access(pw.clerk, d, "print")
    out = io.StringIO()
    call_command("privacy", "accesses", PERSONAL_ID, stdout=out)
    text = out.getvalue()
    assert "In phiếu" in text and "Xem hồ sơ" in text and "Tổng cộng 2 lượt" in text
    out = io.StringIO()
    call_command("privacy", "accesses", "012-090-001-234", "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["thao_tac"] for r in rows] == ["print", "view"]
    assert rows[1]["ly_do"] == "Xử lý hồ sơ" and rows[1]["ma_ho_so"] == d.code
    with pytest.raises(CommandError, match="Hãy nhập số định danh"):
        call_command("privacy", "accesses", "1")


def test_citizen_sees_accesses_to_their_own_dossiers(pw, make_dossier):
    d = make_dossier()
    record_access(pw.overseer, d, "view", reason="Thanh tra theo kế hoạch")
    someone_else = make_dossier(applicant_personal_id="012190007777")
    record_access(pw.specialist, someone_else, "view")
    client = _citizen_client(PERSONAL_ID)
    mine = client.get("/cong-dan/ho-so/")
    assert "/cong-dan/truy-cap/" in mine.content.decode()
    response = client.get("/cong-dan/truy-cap/")
    body = response.content.decode()
    assert response.status_code == 200
    assert d.code in body and "Thanh tra theo kế hoạch" in body
    assert someone_else.code not in body
    assert "Địa chỉ IP" not in body
    # Without signing in: off to the identity service.
    assert Client().get("/cong-dan/truy-cap/").status_code == 302


def test_reason_text_is_escaped_and_next_must_stay_on_site(pw, make_dossier, login):
    d = make_dossier()
    client = login(pw.overseer)
    for evil in ("//evil.example/x", "https://evil.example/x", "javascript:alert(1)"):
        r = client.post(f"/du-lieu-ca-nhan/ly-do/{d.code}/",
                        {"reason": "<script>alert(1)</script> kiểm tra", "next": evil})
        assert r["Location"] == f"/ho-so/{d.code}/"
    client.get(f"/ho-so/{d.code}/")
    body = _citizen_client(PERSONAL_ID).get("/cong-dan/truy-cap/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; kiểm tra" in body
    assert "<script>alert(1)</script>" not in body


def test_organisation_dossier_has_no_citizen_key(pw, make_dossier):
    d = make_dossier()
    d.applicant_personal_id = ""
    row = record_access(pw.clerk, d, "view")
    assert row.citizen_key == ""
    # An empty number never lists the records of every organisation's dossier.
    from motcua.errors import InvalidInput
    from motcua.privacy.selectors import accesses_for

    with pytest.raises(InvalidInput, match="Hãy nhập số định danh"):
        accesses_for("  ")
