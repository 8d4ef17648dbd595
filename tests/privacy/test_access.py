"""Every view, print, export and API read of a dossier leaves one access record; officials
from outside the commune's desk say why first."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from motcua.dossiers.services import create_api_token
from motcua.privacy.domain import citizen_key
from motcua.privacy.models import AccessRecord, ImmutableAccessRecord

PERSONAL_ID = "012090001234"  # the applicant of the conftest's make_dossier


def _only_record():
    rows = list(AccessRecord.objects.all())
    assert len(rows) == 1, rows
    return rows[0]


def test_detail_page_records_one_view_with_one_insert(pw, make_dossier, login, settings):
    d = make_dossier()
    client = login(pw.specialist)
    client.get(f"/ho-so/{d.code}/")  # warm: session, caches
    AccessRecord.objects.all()._raw_delete(AccessRecord.objects.db)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/ho-so/{d.code}/", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    row = _only_record()
    assert (row.action, row.dossier_id, row.dossier_code, row.official_id, row.ip) == (
        "view", d.pk, d.code, pw.specialist.pk, "10.1.2.3")
    assert (row.commune_code, row.province_code) == (d.commune_code, d.province_code)
    assert row.citizen_key == citizen_key(PERSONAL_ID, settings.SECRET_KEY)
    assert PERSONAL_ID not in row.citizen_key
    sql = [q["sql"] for q in queries.captured_queries]
    touching = [q for q in sql if "privacy_accessrecord" in q]
    assert len(touching) == 1 and touching[0].startswith("INSERT")


def test_detail_page_query_count_grows_by_one(pw, make_dossier, login, monkeypatch):
    """The log costs one statement on the hot page and no read (measured against the same
    page with the recording switched off)."""
    d = make_dossier()
    client = login(pw.specialist)
    client.get(f"/ho-so/{d.code}/")
    with CaptureQueriesContext(connection) as with_log:
        client.get(f"/ho-so/{d.code}/")
    detail_module = importlib.import_module("motcua.dossiers.views.detail")
    monkeypatch.setattr(detail_module, "record_access", lambda *a, **k: None)
    with CaptureQueriesContext(connection) as without_log:
        client.get(f"/ho-so/{d.code}/")
    assert len(with_log.captured_queries) == len(without_log.captured_queries) + 1


def test_records_are_append_only(pw, make_dossier):
    from motcua.privacy.services import record_access

    d = make_dossier()
    row = record_access(pw.clerk, d, "view")
    row.reason = "sửa"
    with pytest.raises(ImmutableAccessRecord):
        row.save()
    with pytest.raises(ImmutableAccessRecord):
        row.delete()
    with pytest.raises(ImmutableAccessRecord):
        AccessRecord.objects.filter(pk=row.pk).update(reason="x")
    with pytest.raises(ImmutableAccessRecord):
        AccessRecord.objects.all().delete()
    assert AccessRecord.objects.get(pk=row.pk).reason == ""


def test_out_of_scope_dossier_leaves_no_record(pw, make_dossier, login):
    d = make_dossier()
    response = login(pw.other_leader).get(f"/ho-so/{d.code}/")
    assert response.status_code == 404
    assert not AccessRecord.objects.exists()


def test_slip_records_a_print(pw, make_dossier, login):
    d = make_dossier()
    response = login(pw.clerk).get(f"/ho-so/{d.code}/phieu/giay-tiep-nhan.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    row = _only_record()
    assert (row.action, row.dossier_code, row.official_id) == ("print", d.code, pw.clerk.pk)


def test_register_export_records_each_dossier(pw, make_dossier, login):
    first, second = make_dossier(), make_dossier(applicant_personal_id="012190007777")
    today = timezone.localdate()
    response = login(pw.leader).get("/ho-so/so-theo-doi/", {
        "tu": today.isoformat(), "den": today.isoformat(), "dinh-dang": "xlsx"})
    assert response.status_code == 200
    rows = {r.dossier_code: r for r in AccessRecord.objects.all()}
    assert set(rows) == {first.code, second.code}
    assert {r.action for r in rows.values()} == {"export"}
    assert rows[first.code].citizen_key != rows[second.code].citizen_key
    # Only looking at the list on screen is not an export.
    AccessRecord.objects.all()._raw_delete(AccessRecord.objects.db)
    login(pw.leader).get("/ho-so/so-theo-doi/")
    assert not AccessRecord.objects.exists()


def test_api_detail_records_an_api_read(pw, make_dossier):
    from django.test import Client

    d = make_dossier()
    _, token = create_api_token(pw.specialist, "kiểm thử")
    response = Client().get(f"/api/dossiers/{d.code}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    row = _only_record()
    assert (row.action, row.official_id) == ("api_read", pw.specialist.pk)
    # The list and the status lookup are not reads of one person's file.
    Client().get("/api/dossiers/", HTTP_AUTHORIZATION=f"Bearer {token}")
    Client().get(f"/api/dossiers/{d.code}/status", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert AccessRecord.objects.count() == 1


def test_overseer_gives_a_reason_first(pw, make_dossier, login):
    d = make_dossier()
    client = login(pw.overseer)
    response = client.get(f"/ho-so/{d.code}/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/du-lieu-ca-nhan/ly-do/{d.code}/?next=")
    assert not AccessRecord.objects.exists()
    form = client.get(response["Location"])
    assert form.status_code == 200 and "Lý do xem hồ sơ" in form.content.decode()
    short = client.post(response["Location"], {"reason": "xem", "next": f"/ho-so/{d.code}/"})
    assert short.status_code == 400 and "ít nhất 5" in short.content.decode()
    done = client.post(response["Location"], {
        "reason": "Kiểm tra theo phản ánh số 12", "next": f"/ho-so/{d.code}/"})
    assert done.status_code == 302 and done["Location"] == f"/ho-so/{d.code}/"
    page = client.get(f"/ho-so/{d.code}/")
    assert page.status_code == 200
    row = _only_record()
    assert (row.action, row.reason) == ("view", "Kiểm tra theo phản ánh số 12")
    # The reason also covers printing in the same session.
    assert client.get(f"/ho-so/{d.code}/phieu/giay-tiep-nhan.pdf").status_code == 200
    assert AccessRecord.objects.filter(action="print",
                                       reason="Kiểm tra theo phản ánh số 12").count() == 1


def test_reason_expires_after_eight_hours(pw, make_dossier, login):
    import datetime as dt

    from motcua.privacy.services import REASON_SESSION_KEY

    d = make_dossier()
    client = login(pw.admin)
    client.post(f"/du-lieu-ca-nhan/ly-do/{d.code}/", {"reason": "Hỗ trợ kỹ thuật cho xã"})
    assert client.get(f"/ho-so/{d.code}/").status_code == 200
    session = client.session
    entry = session[REASON_SESSION_KEY][d.code]
    entry["at"] = (timezone.now() - dt.timedelta(hours=8, minutes=1)).isoformat()
    session[REASON_SESSION_KEY] = {d.code: entry}
    session.save()
    assert client.get(f"/ho-so/{d.code}/").status_code == 302


def test_reason_setting_and_open_redirect(pw, make_dossier, login, settings):
    d = make_dossier()
    settings.MOTCUA_ACCESS_REASON_REQUIRED_FOR = "leader"
    # The commune's own leader needs none; a province overseer no longer either.
    assert login(pw.leader).get(f"/ho-so/{d.code}/").status_code == 200
    assert login(pw.overseer).get(f"/ho-so/{d.code}/").status_code == 200
    settings.MOTCUA_ACCESS_REASON_REQUIRED_FOR = "admin"
    evil = login(pw.admin).post(f"/du-lieu-ca-nhan/ly-do/{d.code}/", {
        "reason": "Hỗ trợ kỹ thuật cho xã", "next": "https://evil.example/steal"})
    assert evil["Location"] == f"/ho-so/{d.code}/"


def test_reason_form_is_scoped(pw, make_dossier, login):
    d = make_dossier()
    response = login(pw.other_leader).get(f"/du-lieu-ca-nhan/ly-do/{d.code}/")
    assert response.status_code == 404
