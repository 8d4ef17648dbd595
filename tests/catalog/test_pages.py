"""Public pages: browse, search without JavaScript, procedure page."""

from django.urls import reverse


def test_list_shows_fields_with_counts_and_search_box(catalog, client):
    r = client.get(reverse("catalog:list"))
    assert r.status_code == 200
    html = r.content.decode()
    assert 'name="q"' in html and '<label for="q"' in html
    assert "Hộ tịch (16)" in html and "Tất cả (44)" in html
    assert "Đăng ký khai sinh" in html


def test_search_results_ranked_with_tags_limit_and_fee(catalog, client):
    r = client.get(reverse("catalog:list"), {"q": "so do"})
    html = r.content.decode()
    assert r.status_code == 200
    first = html.index("1.013978")
    assert first < html.index("1.013831")
    assert "17 ngày làm việc" in html and "Trực tuyến một phần" in html


def test_field_filter(catalog, client):
    html = client.get(reverse("catalog:list"), {"field": "cu-tru"}).content.decode()
    assert "Đăng ký thường trú" in html and "Đăng ký khai sinh</strong>" not in html
    assert 'aria-current="page">Cư trú (3)' in html


def test_no_result_message(catalog, client):
    html = client.get(reverse("catalog:list"), {"q": "qwxz zzyq"}).content.decode()
    assert "Không tìm thấy thủ tục phù hợp" in html


def test_empty_catalog_page(db, client):
    html = client.get(reverse("catalog:list")).content.decode()
    assert "chưa có dữ liệu" in html


def test_procedure_page(catalog, client):
    r = client.get(reverse("catalog:detail", args=["1.001193"]))
    html = r.content.decode()
    assert r.status_code == 200
    assert "<h1>Đăng ký khai sinh</h1>" in html
    assert "Trong ngày" in html and "Trực tuyến toàn trình" in html
    assert "Có thể dùng dữ liệu sẵn có" in html and "Theo trường hợp" in html
    assert "Xuất trình (không phải nộp)" in html
    assert "Luật Hộ tịch số 60/2014/QH13" in html
    assert "Liên thông đăng ký khai sinh" in html  # member of the newborn bundle
    r = client.get(reverse("catalog:detail", args=["1.004873"]))
    assert "3 ngày làm việc" in r.content.decode()
    r = client.get(reverse("catalog:detail", args=["2.000815"]))
    assert "2.000 đồng" in r.content.decode()


def test_unknown_procedure_is_a_vietnamese_404(catalog, client):
    r = client.get(reverse("catalog:detail", args=["9.999999"]))
    assert r.status_code == 404
    assert "Không tìm thấy thủ tục hành chính mã" in r.content.decode()
