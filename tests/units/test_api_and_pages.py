"""/api/units/… and the public page /dia-chi/ with its htmx partial."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.units import services


def test_provinces_endpoint(client, units_db):
    data = client.get("/api/units/provinces").json()
    assert len(data) == 34
    assert {"code": "12", "name": "Lai Châu", "full_name": "Tỉnh Lai Châu", "kind": "tinh"} in data


def test_units_of_province_endpoint(client, units_db):
    data = client.get("/api/units/provinces/12/units").json()
    assert len(data) == 38
    binh_lu = next(u for u in data if u["code"] == "03390")
    assert binh_lu["full_name"] == "Xã Bình Lư"
    assert binh_lu["display"] == "Xã Bình Lư, Tỉnh Lai Châu"
    response = client.get("/api/units/provinces/99/units")
    assert response.status_code == 404
    assert "Không tìm thấy tỉnh" in response.json()["error"]["message"]


def test_convert_endpoint_exact(client, units_db):
    response = client.get("/api/units/convert", {"address": "xã Mường Mít, huyện Than Uyên, Lai Châu"})
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "exact"
    assert [(u["code"], u["display"]) for u in data["units"]] == [
        ("03618", "Xã Mường Than, Tỉnh Lai Châu")]
    assert data["old"]["full_name"] == "Xã Mường Mít"
    assert data["message"]


def test_convert_endpoint_split_and_ambiguous(client, units_db):
    split = client.get("/api/units/convert", {"address": "xã Tân Thạnh, huyện Thới Lai, Cần Thơ"}).json()
    assert split["status"] == "split"
    assert len(split["units"]) == 2
    ambiguous = client.get("/api/units/convert", {"address": "Tân Thành"}).json()
    assert ambiguous["status"] == "ambiguous"
    assert all(c["units"] and c["units"][0]["code"] for c in ambiguous["candidates"])


def test_convert_endpoint_errors(client, units_db):
    missing = client.get("/api/units/convert", {"address": "asdf qwerty"})
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "address_not_found"
    assert "Không tìm thấy" in missing.json()["error"]["message"]
    empty = client.get("/api/units/convert", {"address": "  "})
    assert empty.status_code == 400
    assert empty.json()["error"]["message"] == "Chưa nhập địa chỉ cần chuyển đổi."
    assert client.get("/api/units/convert").status_code == 400


def test_agencies_endpoint(client, units_db):
    services.create_agencies("12")
    data = client.get("/api/units/agencies", {"commune": "03390"}).json()
    assert [a["kind"] for a in data][0] == "ubnd"
    assert len(data) == 5
    assert data[0]["electronic_id"] == "000.00.03390.H12"
    assert data[-1]["parent_code"] == "03390-ubnd"
    by_province = client.get("/api/units/agencies", {"province": "Lai Châu"}).json()
    assert len(by_province) == 15 + 38 * 5
    assert client.get("/api/units/agencies").status_code == 400


def test_api_when_data_is_missing(client, db):
    from motcua.units.models import LegacyMapping, LegacyUnit, Unit

    LegacyMapping.objects.all().delete()
    LegacyUnit.objects.all().delete()
    Unit.objects.all().delete()
    response = client.get("/api/units/provinces")
    assert response.status_code == 503
    assert "motcua units load" in response.json()["error"]["message"]


@pytest.mark.usefixtures("units_urls")
def test_page_without_javascript_shows_the_result(client, units_db):
    url = reverse("units:convert")
    assert url == "/dia-chi/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Tra cứu địa chỉ mới" in page.content.decode()
    response = client.get(url, {"address": "thị trấn Tam Đường, huyện Tam Đường, tỉnh Lai Châu"})
    html = response.content.decode()
    assert "Xã Bình Lư, Tỉnh Lai Châu" in html
    assert "Thị trấn Tam Đường, Huyện Tam Đường, Tỉnh Lai Châu" in html
    assert 'name="address"' in html and 'method="get"' in html


@pytest.mark.usefixtures("units_urls")
def test_page_split_and_not_found(client, units_db):
    url = reverse("units:convert")
    split = client.get(url, {"address": "xã Tân Thạnh, huyện Thới Lai, Cần Thơ"}).content.decode()
    assert "Đơn vị cũ đã được chia cho nhiều đơn vị mới:" in split
    assert "Xã Trường Thành, Thành phố Cần Thơ" in split
    missing = client.get(url, {"address": "asdf"}).content.decode()
    assert "Không tìm thấy" in missing


@pytest.mark.usefixtures("units_urls")
def test_htmx_partial_for_any_address_field(client, units_db):
    url = reverse("units:suggest")
    response = client.get(url, {"field": "applicant_address",
                                "applicant_address": "xa son binh, huyen tam duong, lai chau"},
                          HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Địa chỉ mới:" in html and "Xã Bình Lư, Tỉnh Lai Châu" in html
    quiet = client.get(url, {"address": "asdf"}).content.decode()
    assert "Không tìm thấy" not in quiet  # the compact hint stays silent
    assert client.get(url).status_code == 200
