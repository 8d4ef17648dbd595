"""The REST API: authentication, the whole lifecycle, machine-readable errors."""

from __future__ import annotations

import json

import pytest
import upload_files
from django.test import Client

from motcua.accounts.domain import Role
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent

BASE = "/api/dossiers/"
BIRTH, LAND = "1.001193", "1.013978"


def _client(w, official) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {w.token(official)}")


def _post(client: Client, url: str, body: dict) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _counts() -> tuple[int, int, int]:
    return Dossier.objects.count(), DossierEvent.objects.count(), DossierDocument.objects.count()


def _receive_body(docs, procedure=BIRTH, **extra) -> dict:
    return {
        "procedure_code": procedure,
        "applicant_name": "Lò Thị Hoa",
        "applicant_personal_id": "012190004321",
        "applicant_phone": "+84 912 345 678",
        "applicant_address": "thị trấn Tam Đường, huyện Tam Đường, tỉnh Lai Châu",
        "channel": "counter",
        "documents": docs(procedure),
        **extra,
    }


def _error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["message"] and error["code"]
    if code is not None:
        assert error["code"] == code, error
    return error


def test_openapi_document_lists_the_dossier_operations(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/dossiers/" in paths and "/api/dossiers/{code}/events" in paths
    assert "/api/dossiers/{code}/actions/return_result" in paths
    receive = paths["/api/dossiers/"]["post"]
    schema = json.dumps(response.json()["components"]["schemas"]["ReceiveIn"], ensure_ascii=False)
    assert "Số định danh cá nhân" in schema and receive["summary"] == "Tiếp nhận hồ sơ"
    assert Client().get("/api/docs").status_code == 200


@pytest.mark.parametrize("method,url", [("get", BASE), ("post", BASE),
                                        ("get", BASE + "X-260101-0001"),
                                        ("post", BASE + "X-260101-0001/actions/start")])
def test_unauthenticated_requests_get_401_json(w, method, url):
    def call(client):
        if method == "get":
            return client.get(url)
        return client.post(url, data="{}", content_type="application/json")

    _error(call(Client()), 401, "unauthenticated")
    _error(call(Client(HTTP_AUTHORIZATION="Bearer mc_not-a-token")), 401, "unauthenticated")


def test_revoked_tokens_and_inactive_officials_are_refused(w):
    clerk = w.own[Role.CLERK]
    token, raw = services.create_api_token(clerk, "cổng dịch vụ công")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get(BASE).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None and token.token_hash != raw
    services.revoke_api_token(token.pk)
    _error(client.get(BASE), 401)
    _, raw2 = services.create_api_token(clerk, "hệ thống khác")
    type(clerk).objects.filter(pk=clerk.pk).update(is_active=False)
    _error(Client(HTTP_AUTHORIZATION=f"Bearer {raw2}").get(BASE), 401)


def test_session_auth_needs_the_csrf_token_for_writes(w, docs):
    clerk = w.own[Role.CLERK]
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    assert client.get(BASE).status_code == 200
    before = _counts()
    _error(_post(client, BASE, _receive_body(docs)), 403, "csrf_failed")
    assert _counts() == before
    client.get("/tai-khoan/dang-nhap/")  # any page that sets the CSRF cookie
    token = client.cookies.get("csrftoken")
    if token is None:
        pytest.skip("the login page did not set a CSRF cookie")
    response = client.post(BASE, data=json.dumps(_receive_body(docs)),
                           content_type="application/json", HTTP_X_CSRFTOKEN=token.value)
    assert response.status_code == 201, response.content


def test_lifecycle_through_the_api(w, docs):
    clerk, spec, leader = (_client(w, w.own[r]) for r in (Role.CLERK, Role.SPECIALIST,
                                                          Role.LEADER))
    response = _post(clerk, BASE, _receive_body(docs))
    assert response.status_code == 201, response.content
    body = response.json()
    code = body["code"]
    assert body["state"] == "received" and body["state_label"] == "Đã tiếp nhận"
    assert body["applicant_unit_code"] == "03390" and body["applicant_phone"] == "0912345678"
    assert body["digitized"] and body["data_reused"] and len(body["documents"]) == 3
    assert "route" in body["allowed_actions"] and body["version"] == 1
    url = f"{BASE}{code}/actions/"
    handler = w.own[Role.SPECIALIST].username
    steps = [
        (clerk, "assign", {"handler": handler, "expected_version": 1}),
        (spec, "start", {}),
        (spec, "submit_for_signature", {"note": "Đã thẩm tra"}),
        (leader, "approve", {"electronic_result": True}),
        (clerk, "return_result", {"collected_by": "Lò Thị Hoa", "channel": "counter"}),
    ]
    for client, action, payload in steps:
        response = _post(client, url + action, payload)
        assert response.status_code == 200, (action, response.content)
    body = response.json()
    assert body["state"] == "returned" and body["collected_by"] == "Lò Thị Hoa"
    assert body["electronic_result"] is True and body["allowed_actions"] == ["add_note", "attach"]
    events = clerk.get(f"{BASE}{code}/events").json()
    assert [e["action"] for e in events] == ["receive", "route", "start", "submit_for_signature",
                                             "approve", "return_result"]
    assert events[2]["note"] == "" and events[3]["note"] == "Đã thẩm tra"
    assert events[0]["label"] == "Tiếp nhận hồ sơ"
    listing = clerk.get(BASE, {"kind": "all"}).json()
    assert listing["count"] == 1 and listing["items"][0]["code"] == code


def test_bad_input_is_a_4xx_json_error_and_changes_nothing(w, docs, dossier_in):
    clerk = _client(w, w.own[Role.CLERK])
    before = _counts()
    cases = [
        (_receive_body(docs, applicant_personal_id="012990001234"), 400, "personal_id.invalid"),
        (_receive_body(docs, procedure_code="1.999999"), 400, "procedure.unknown"),
        ({**_receive_body(docs), "documents": []}, 400, "dossier.incomplete"),
        ({"procedure_code": BIRTH}, 422, "invalid_input"),
        ({**_receive_body(docs), "channel": "fax"}, 422, "invalid_input"),
        ({**_receive_body(docs), "received_at": "hôm qua"}, 422, "invalid_input"),
    ]
    for body, status, code in cases:
        error = _error(_post(clerk, BASE, body), status, code)
        assert any(ch in error["message"] for ch in "ạảãàáâăđêôơưệộ"), error["message"]
    response = clerk.post(BASE, data="{not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert _counts() == before

    d = dossier_in("received")
    url = f"{BASE}{d.code}/actions/"
    events = DossierEvent.objects.count()
    _error(_post(clerk, url + "start", {}), 403, "dossier.forbidden")
    _error(_post(clerk, url + "return_result", {"collected_by": "A"}), 409, "dossier.invalid_state")
    _error(_post(clerk, url + "assign", {"handler": "khong-co-ai"}), 400, "official.unknown")
    _error(_post(clerk, url + "assign", {"handler": w.own[Role.SPECIALIST].username,
                                         "expected_version": 7}), 409, "dossier.stale")
    _error(_post(clerk, url + "refuse", {"reason": " "}), 400, "dossier.invalid_data")
    _error(_post(clerk, url + "refuse", {}), 422, "invalid_input")
    _error(_post(clerk, f"{BASE}khong-phai-ma/actions/start", {}), 404, "dossier.not_found")
    _error(clerk.get(BASE, {"kind": "tat-ca"}), 400, "worklist.unknown")
    assert DossierEvent.objects.count() == events


def test_another_communes_dossier_is_404_everywhere(w, dossier_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    d = dossier_in("in_processing")
    outsider = _client(w, w.other[Role.DIVISION_HEAD])
    for response in (
        outsider.get(f"{BASE}{d.code}"),
        outsider.get(f"{BASE}{d.code}/events"),
        _post(outsider, f"{BASE}{d.code}/actions/stop", {"reason": "x"}),
        outsider.post(f"{BASE}{d.code}/attachments",
                      {"kind": "scan", "file": SimpleUploadedFile("a.pdf", upload_files.pdf("%PDF"))}),
    ):
        _error(response, 404, "dossier.not_found")
    assert outsider.get(BASE).json()["count"] == 0


def test_attachments_upload_and_download(w, dossier_in, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    d = dossier_in("in_processing")
    spec = _client(w, w.own[Role.SPECIALIST])
    upload = SimpleUploadedFile("ket-qua.pdf", upload_files.pdf("%PDF-1.4 ket qua"), content_type="application/pdf")
    response = spec.post(f"{BASE}{d.code}/attachments",
                         {"file": upload, "kind": "result", "electronic": "true",
                          "note": "Bản điện tử"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "result" and body["electronic"] and body["name"] == "ket-qua.pdf"
    download = spec.get(f"{BASE}{d.code}/attachments/{body['id']}")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == upload_files.pdf("%PDF-1.4 ket qua")
    _error(_client(w, w.other[Role.SPECIALIST]).get(f"{BASE}{d.code}/attachments/{body['id']}"),
           404)
    bad = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    _error(spec.post(f"{BASE}{d.code}/attachments", {"file": bad, "kind": "scan"}), 400,
           "upload.type")
    detail = spec.get(f"{BASE}{d.code}").json()
    assert [a["name"] for a in detail["attachments"]] == ["ket-qua.pdf"]


def test_admin_pages_show_dossiers_read_only(w, dossier_in):
    d = dossier_in("in_processing")
    client = Client()
    client.force_login(w.own[Role.ADMIN])  # administrators are superusers
    for url in ("/admin/dossiers/dossier/", f"/admin/dossiers/dossier/{d.pk}/change/",
                "/admin/dossiers/dossierevent/", "/admin/dossiers/apitoken/",
                "/admin/dossiers/dailysequence/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/dossiers/dossier/add/").status_code == 403
