"""Find: the portal home searches the catalog the everyday way; one plain page per procedure."""

import re

import pytest

from motcua.catalog.models import Procedure

CASES = [
    ("khai sinh cho con", "1.001193"),
    ("lam giay khai sinh", "1.001193"),
    ("sổ đỏ", "1.013978"),
    ("xin giấy xác nhận độc thân", "1.004873"),
    ("đăng ký kinh doanh hộ", "1.001612"),
    ("khai sinhh cho con", "1.001193"),
    ("tam tru", "1.004194"),
    ("khai báo tạm trú", "1.004194"),
    ("gia hạn tạm trú", "1.002755"),
    ("xin xac nhan doc than", "1.004873"),
    ("dang ky kinh doanh ho ca the", "1.001612"),
]


def _first_link(body: str) -> str:
    m = re.search(r'<ol class="results"[^>]*>\s*<li>\s*<a href="/dich-vu-cong/thu-tuc/([^/]+)/',
                  body)
    return m.group(1) if m else ""


@pytest.mark.parametrize(("query", "code"), CASES)
def test_everyday_words_rank_the_right_procedure_first(pw, client, query, code):
    r = client.get("/dich-vu-cong/", {"q": query})
    assert r.status_code == 200
    assert _first_link(r.content.decode()) == code


def test_empty_and_nonsense_queries(pw, client):
    r = client.get("/dich-vu-cong/")
    assert r.status_code == 200 and "khai sinh" in r.content.decode()
    r = client.get("/dich-vu-cong/", {"q": "qwxz zzyq"})
    assert r.status_code == 200 and "Chưa tìm thấy" in r.content.decode()
    r = client.get("/dich-vu-cong/", {"q": "x" * 5000})
    assert r.status_code == 200


def test_procedure_page_says_what_to_bring_fees_time_where(pw, client):
    p = Procedure.objects.get(code="1.001193")
    body = client.get("/dich-vu-cong/thu-tuc/1.001193/").content.decode()
    assert p.name in body
    for d in p.documents.filter(requirement="mandatory"):
        assert d.name in body
    assert "Phí, lệ phí" in body and "Nộp ở đâu" in body
    assert ("ngày làm việc" in body) or ("Trong ngày" in body) or ("giờ làm việc" in body)


def test_online_link_only_when_the_online_level_allows(pw, client):
    online = Procedure.objects.filter(online_level="fully_online").first()
    offline = Procedure.objects.filter(online_level="in_person").first()
    assert online is not None and offline is not None
    body = client.get(f"/dich-vu-cong/thu-tuc/{online.code}/").content.decode()
    assert f'href="/dich-vu-cong/nop/{online.code}/"' in body
    body = client.get(f"/dich-vu-cong/thu-tuc/{offline.code}/").content.decode()
    assert "/dich-vu-cong/nop/" not in body
    assert "Chưa — hãy đến bộ phận một cửa" in body


def test_unknown_procedure_is_a_friendly_404(pw, client):
    r = client.get("/dich-vu-cong/thu-tuc/9.999999/")
    assert r.status_code == 404 and "Không tìm thấy thủ tục" in r.content.decode()


def test_every_active_procedure_has_a_page(pw, client):
    for code in Procedure.objects.filter(is_active=True).values_list("code", flat=True):
        r = client.get(f"/dich-vu-cong/thu-tuc/{code}/")
        assert r.status_code == 200, code
        assert "Cần mang theo" in r.content.decode()
