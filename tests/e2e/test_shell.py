"""A citizen and an official walk through the shell in a real browser at phone width."""

from __future__ import annotations

import pytest

from motcua.accounts.domain import Role
from motcua.accounts.services import create_official

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalog_loaded(transactional_db):
    from motcua.catalog.services import load_builtin_catalog

    load_builtin_catalog()


def test_citizen_finds_birth_registration_from_home_page(page, catalog_loaded):
    page.goto(page.base_url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_label("Tìm thủ tục").fill("khai sinh cho con")
    page.get_by_role("button", name="Tìm").click()
    first = page.locator("ol.results li a, ul.results li a").first
    assert "khai sinh" in first.inner_text().lower()
    first.click()
    body = page.locator("main").inner_text()
    assert "Đăng ký khai sinh" in body
    assert "ngày làm việc" in body.lower() or "trong ngày" in body.lower()
    # Nothing wider than the phone screen.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_official_logs_in_and_sees_roles(page):
    _, password = create_official(
        username="binhlu.kiemnhiem",
        full_name="Lường Văn Tâm",
        roles=[Role.CLERK, Role.SPECIALIST],
        province_code="12",
        commune_code="03390",
    )
    page.goto(page.base_url + "/lam-viec/")
    assert "/tai-khoan/dang-nhap/" in page.url
    page.get_by_label("Tên đăng nhập").fill("binhlu.kiemnhiem")
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/lam-viec/")
    text = page.locator("main").inner_text()
    assert "Lường Văn Tâm" in text
    assert "Công chức tiếp nhận" in text and "Công chức chuyên môn" in text


def test_citizen_converts_an_old_address_without_javascript(browser, live_server):
    from motcua.units.services import load_units

    load_units()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    pg = context.new_page()
    pg.goto(live_server.url + "/dia-chi/")
    pg.locator("input[name=address]").fill("TT. Tam Duong, H. Tam Duong, T. Lai Chau")
    pg.locator("main form button[type=submit]").click()
    text = pg.locator("main").inner_text()
    assert "Xã Bình Lư, Tỉnh Lai Châu" in text
    context.close()
