"""The counter in a real browser: a clerk receives a birth registration with the keyboard
only, prints the receipt; a specialist and a leader move it on; the clerk hands it back.

Set MOTCUA_SCREENSHOTS=<folder> to keep screenshots of each screen at 360 and 1280 px.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from motcua.accounts.domain import Role
from motcua.accounts.services import create_official

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("MOTCUA_SCREENSHOTS", "")
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _shoot(page, name: str) -> None:
    """Screenshots at phone and desktop width, only when asked (they cost a second each)."""
    if not SHOTS:
        return
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(size)


def _no_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.fixture
def commune(transactional_db, settings):
    from motcua.catalog.services import load_builtin_catalog
    from motcua.units.services import create_agencies, load_units

    settings.PASSWORD_HASHERS = FAST_HASHERS
    load_units()
    create_agencies("12")
    load_builtin_catalog()
    people = {}
    for username, role, name in [
        ("binhlu.tiepnhan", Role.CLERK, "Nguyễn Thị Hoa"),
        ("binhlu.chuyenmon", Role.SPECIALIST, "Lò Văn Sơn"),
        ("binhlu.lanhdao", Role.LEADER, "Lường Văn Chủ"),
    ]:
        official, password = create_official(
            username=username, full_name=name, roles=[role], province_code="12",
            commune_code="03390")
        people[role] = (official, password)
    yield people
    from motcua.catalog.selectors import invalidate_search_index
    from motcua.units.selectors import clear_caches
    from motcua.workdays.selectors import clear_cache

    clear_caches()
    clear_cache()
    invalidate_search_index()


def _login(page, official, password: str) -> None:
    page.context.clear_cookies()
    page.goto(page.base_url + "/tai-khoan/dang-nhap/?next=/lam-viec/")
    page.get_by_label("Tên đăng nhập").fill(official.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/lam-viec/")


def _open_from_list(page, kind: str, code: str) -> None:
    page.goto(page.base_url + f"/ho-so/?ds={kind}")
    page.get_by_role("link", name=code).click()
    page.wait_for_url(f"**/ho-so/{code}/")


def test_birth_registration_at_the_counter_with_the_keyboard(page, commune):
    clerk, clerk_pw = commune[Role.CLERK]
    specialist, spec_pw = commune[Role.SPECIALIST]
    leader, leader_pw = commune[Role.LEADER]
    _login(page, clerk, clerk_pw)
    _shoot(page, "01-workspace")
    page.get_by_role("link", name="Tiếp nhận hồ sơ").first.click()
    page.wait_for_url("**/ho-so/tiep-nhan/")

    # The procedure field has the focus; type without diacritics, the matches appear.
    assert page.evaluate("document.activeElement.id") == "procedure-q"
    page.keyboard.type("khai sinh")
    page.locator("#procedure-hits button.hit").first.wait_for()
    _shoot(page, "02-picker")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "1.001193"
    page.keyboard.press("Enter")
    page.wait_for_url("**thu-tuc=1.001193**")
    _no_overflow(page)

    # The applicant's name has the focus; Tab through the fields; Enter receives.
    assert page.evaluate("document.activeElement.name") == "applicant_name"
    page.keyboard.type("Lò Thị Mai")
    page.keyboard.press("Tab")
    page.keyboard.type("012190001234")
    page.keyboard.press("Tab")
    page.keyboard.type("0912345678")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # no e-mail
    page.keyboard.type("bản Nà Khum, thị trấn Tam Đường, huyện Tam Đường, Lai Châu")
    page.locator("#address-hint .new-address").wait_for()
    assert "Xã Bình Lư" in page.locator("#address-hint").inner_text()
    _shoot(page, "03-intake-form")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/ho-so/[^/]+/\?vua-tiep-nhan=1$"))

    code = page.locator("h1 .code").inner_text().strip()
    assert re.fullmatch(r"000\.04\.03390\.H12-\d{6}-0001", code)
    assert page.evaluate("document.activeElement.id") == "print-receipt"
    _no_overflow(page)
    _shoot(page, "04-received")
    receipt = page.request.get(page.base_url + page.locator("#print-receipt").get_attribute("href"))
    assert receipt.status == 200 and receipt.headers["content-type"] == "application/pdf"
    assert receipt.body().startswith(b"%PDF")

    # The clerk assigns the dossier to the specialist.
    page.locator("#action-route select").select_option(label="Lò Văn Sơn")
    page.locator("#action-route").get_by_role("button", name="Phân công").click()
    page.get_by_text("Đã thực hiện: Phân công xử lý.").wait_for()

    _login(page, specialist, spec_pw)
    _open_from_list(page, "mine", code)
    page.get_by_role("button", name="Nhận xử lý").click()
    page.get_by_text("Đã thực hiện: Nhận xử lý.").wait_for()
    _shoot(page, "05-specialist")
    page.get_by_role("button", name="Trình ký").click()
    page.get_by_text("Đã thực hiện: Trình ký.").wait_for()

    _login(page, leader, leader_pw)
    _open_from_list(page, "waiting_my_signature", code)
    page.get_by_role("button", name="Ký duyệt").click()
    page.get_by_text("Đã thực hiện: Ký duyệt.").wait_for()

    _login(page, clerk, clerk_pw)
    _shoot(page, "06-workspace-result-ready")
    page.goto(page.base_url + "/ho-so/?ds=result_ready")
    _shoot(page, "07-worklist")
    _open_from_list(page, "result_ready", code)
    assert page.locator("#action-return_result input[name$=collected_by]").input_value() == \
        "Lò Thị Mai"
    page.locator("#action-return_result").get_by_role("button", name="Trả kết quả").click()
    page.get_by_text("Đã thực hiện: Trả kết quả.").wait_for()
    main = page.locator("main").inner_text()
    assert "Đã trả kết quả" in main
    for step in ("Tiếp nhận hồ sơ", "Phân công xử lý", "Nhận xử lý", "Trình ký", "Ký duyệt"):
        assert step in main
    _no_overflow(page)
    _shoot(page, "08-returned")
