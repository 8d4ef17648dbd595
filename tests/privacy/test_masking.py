"""Masking audit: pages the public or an official with no part in a dossier can open,
rendered with real data, never show the raw identification number, phone, email or the
street address of the applicant."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from motcua.dossiers.services import create_api_token

PERSONAL_ID = "012090001234"
RAW = ["012090001234", "0912 345 678", "0912345678", "minh.lo@example.vn",
       "số 17 đường Nà Khum", "bản Nà Khum"]


def _clean(body: str, *, allow_name: bool = True) -> None:
    for raw in RAW:
        assert raw not in body, raw
    if not allow_name:
        assert "Lò Văn Minh" not in body


def test_portal_lookup_and_feedback(pw, make_dossier, settings):
    settings.MOTCUA_PORTAL_PROVINCE = "12"
    client = Client()
    for state, digits in (("in_processing", "5678"), ("returned", "1234")):
        d = make_dossier(state)
        page = client.post("/dich-vu-cong/tra-cuu/", {"ma": d.code, "so": digits},
                           REMOTE_ADDR="10.9.0.1")
        assert page.status_code == 200 and d.code in page.content.decode()
        _clean(page.content.decode(), allow_name=False)
    assert "danh-gia" in page.content.decode()  # the returned one offers the rating form
    sent = client.post("/dich-vu-cong/phan-anh/", {
        "kind": "recommendation", "text": "Cán bộ hướng dẫn tận tình, cảm ơn xã.",
        "commune_code": "03390",
        "dossier_code": d.code, "contact_name": "Lò Văn Minh",
        "contact_phone": "0912345678", "contact_email": "minh.lo@example.vn"},
        REMOTE_ADDR="10.9.0.2", follow=True)
    assert sent.status_code == 200
    _clean(sent.content.decode(), allow_name=False)


def test_worklist_register_and_drilldown(pw, make_dossier, login):
    d = make_dossier()
    clerk = login(pw.clerk)
    worklist = clerk.get("/ho-so/")
    assert d.code in worklist.content.decode()
    _clean(worklist.content.decode())
    assert "********1234" in worklist.content.decode()
    register = clerk.get("/ho-so/so-theo-doi/")
    assert d.code in register.content.decode()
    _clean(register.content.decode())
    today = timezone.localdate().isoformat()
    drill = login(pw.leader).get(f"/chi-so/xa/{d.commune_code}/thu-tuc/{d.procedure.code}/",
                                 {"tu": today, "den": today})
    assert drill.status_code == 200 and d.code in drill.content.decode()
    _clean(drill.content.decode(), allow_name=False)


def test_api_list_holds_no_contact_data(pw, make_dossier):
    d = make_dossier()
    _, token = create_api_token(pw.overseer, "kiểm thử")
    body = Client().get("/api/dossiers/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert body.status_code == 200
    items = json.loads(body.content)["items"]
    assert any(i["code"] == d.code for i in items)
    _clean(body.content.decode())


def test_detail_page_masks_contact_for_overseers_only(pw, make_dossier, login):
    d = make_dossier()
    own = login(pw.specialist).get(f"/ho-so/{d.code}/").content.decode()
    assert "0912 345 678" in own or "0912345678" in own
    assert "số 17 đường Nà Khum" in own
    assert PERSONAL_ID not in own  # the number is masked for everyone on screen
    overseer = login(pw.overseer)
    overseer.post(f"/du-lieu-ca-nhan/ly-do/{d.code}/", {"reason": "Thanh tra theo kế hoạch"})
    page = overseer.get(f"/ho-so/{d.code}/")
    assert page.status_code == 200
    body = page.content.decode()
    _clean(body)
    assert "091****678" in body and "m******@example.vn" in body
    assert "***, xã Bình Lư, tỉnh Lai Châu" in body
    assert "Thông tin liên hệ được che" in body


def test_log_pages_do_not_echo_the_number(pw, make_dossier, login):
    from motcua.privacy.services import record_access

    d = make_dossier()
    record_access(pw.specialist, d, "view")
    body = login(pw.leader).post("/du-lieu-ca-nhan/nhat-ky-truy-cap/",
                                 {"personal_id": PERSONAL_ID}).content.decode()
    assert d.code in body
    _clean(body)


@pytest.mark.parametrize("path", ["/dich-vu-cong/", "/dich-vu-cong/tra-cuu/",
                                  "/dich-vu-cong/phan-anh/"])
def test_public_pages_without_input(pw, make_dossier, path, settings):
    settings.MOTCUA_PORTAL_PROVINCE = "12"
    make_dossier("returned")
    response = Client().get(path)
    assert response.status_code == 200
    _clean(response.content.decode(), allow_name=False)
