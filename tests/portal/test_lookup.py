"""Follow: lookup by dossier code + last 4 digits, no personal data, no oracle, rate-limited."""

import re

from views_fixtures import page_text

PERSONAL = ["Lò Văn Minh", "Minh", "012090001234", "0912", "345 678", "minh@example.vn",
            "Nà Khum", "Cán bộ"]


def _post(client, code, digits, ip="10.0.0.1"):
    return client.post("/dich-vu-cong/tra-cuu/", {"ma": code, "so": digits}, REMOTE_ADDR=ip)


def test_qr_link_prefills_the_code(pw, client, make_dossier):
    d = make_dossier()
    body = client.get("/dich-vu-cong/tra-cuu/", {"ma": d.code.lower()}).content.decode()
    assert f'name="ma" value="{d.code}"' in body
    assert 'name="so" value=""' in body


def test_lookup_by_phone_or_id_shows_public_timeline_without_personal_data(
        pw, client, make_dossier):
    from motcua.dossiers import services

    d = make_dossier("in_processing")
    services.add_note(pw.specialist, d, text="Ghi chú nội bộ: gọi ông Minh")
    for digits in ("5678", "1234"):  # phone 0912 345 678, personal id 012090001234
        r = _post(client, d.code, digits)
        assert r.status_code == 200
        text = page_text(r)
        assert d.code in text and d.procedure.name in text
        assert "Đang xử lý" in text and "Đã tiếp nhận hồ sơ" in text
        assert "Cơ quan chuyên môn bắt đầu xử lý" in text
        assert "Hẹn trả kết quả" in text
        for secret in PERSONAL + ["Ghi chú nội bộ", "Phân công"]:
            assert secret not in text, secret
        assert "1234" not in r.content.decode().replace(d.code, "")


def _shape(response, code):
    body = page_text(response).replace(code, "<CODE>")
    return response.status_code, body


def test_unknown_code_and_wrong_digits_answer_alike(pw, client, make_dossier):
    d = make_dossier()
    twin = d.code[:-4] + ("9999" if not d.code.endswith("9999") else "9998")
    wrong = _post(client, d.code, "0000")
    unknown = _post(client, twin, "5678")
    assert wrong.status_code == unknown.status_code == 404
    assert _shape(wrong, d.code) == _shape(unknown, twin)
    assert "Không tìm thấy hồ sơ" in page_text(wrong)


def test_malformed_input_says_what_to_do(pw, client):
    r = _post(client, "", "12")
    assert r.status_code == 400 and "4 chữ số cuối" in page_text(r)


def test_supplement_request_shows_what_is_missing(pw, client, make_dossier):
    d = make_dossier("waiting_supplement")
    text = page_text(_post(client, d.code, "5678"))
    assert "Chờ bổ sung, hoàn thiện hồ sơ" in text
    assert "Cần bổ sung" in text and "Bản chính giấy chứng sinh" in text
    assert "Lần 1" in text and "đang chờ" in text


def test_rate_limited_per_client_and_per_code(pw, client, make_dossier, settings):
    settings.MOTCUA_PORTAL_LOOKUP_LIMIT = "3/600"
    d = make_dossier()
    for _ in range(3):
        assert _post(client, d.code, "0000", ip="10.0.0.1").status_code == 404
    r = _post(client, d.code, "5678", ip="10.0.0.1")  # even the right digits now wait
    assert r.status_code == 429
    assert "quá nhiều lần" in page_text(r) and int(r["Retry-After"]) > 0
    # Another client is refused on this code too (someone guessing from many addresses)…
    assert _post(client, d.code, "5678", ip="10.0.0.2").status_code == 429
    # …and the first client on any code.
    assert _post(client, "000.00.12.H26-260101-0001", "5678", ip="10.0.0.1").status_code == 429
    # A fresh client on a fresh code is unaffected.
    assert _post(client, "000.00.12.H26-260101-0002", "5678", ip="10.0.0.3").status_code == 404


def test_works_without_javascript(pw, client, make_dossier):
    page = client.get("/dich-vu-cong/tra-cuu/")
    assert "no-store" in page["Cache-Control"]
    body = page.content.decode()
    assert re.search(r'<form method="post" action="/dich-vu-cong/tra-cuu/"', body)
    assert "<script" not in body


def _api(client, payload, ip="10.0.0.9"):
    import json

    return client.post("/dich-vu-cong/api/tra-cuu/", json.dumps(payload),
                       content_type="application/json", REMOTE_ADDR=ip)


def test_json_lookup_has_the_public_fields_only(pw, client, make_dossier, settings):
    d = make_dossier("waiting_supplement")
    r = _api(client, {"ma": d.code, "so": "5678"})
    assert r.status_code == 200
    data = r.json()["dossier"]
    assert data["code"] == d.code and data["state"] == "waiting_supplement"
    assert data["missing_items"] == ["Bản chính giấy chứng sinh"]
    assert [s["action"] for s in data["steps"]] == ["receive", "start", "request_supplement"]
    raw = r.content.decode()
    for secret in PERSONAL:
        assert secret not in raw and secret.encode("unicode_escape").decode() not in raw
    wrong, unknown = _api(client, {"ma": d.code, "so": "0000"}), _api(
        client, {"ma": d.code[:-1] + "X", "so": "5678"})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    assert _api(client, {"ma": d.code}).status_code == 400
    assert _api(client, ["not", "an", "object"]).status_code == 400
    settings.MOTCUA_PORTAL_LOOKUP_LIMIT = "1/600"
    r = _api(client, {"ma": d.code, "so": "5678"}, ip="10.0.0.10")
    assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"
