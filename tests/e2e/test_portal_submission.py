"""The portal's submission in a real browser at 360 px: a citizen signs in through the real
test identity provider (tests/oidc_provider, OpenID Connect over HTTP), submits the birth
registration (1.001193, fully online in the catalog) with two scanned papers and downloads
the receipt; a village digital team member submits for someone else with consent.

Set MOTCUA_SCREENSHOTS=<folder> to keep screenshots.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from motcua.accounts.domain import Role
from motcua.accounts.services import create_official

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "oidc_provider"))
sys.path.insert(0, str(HERE.parent / "submission"))

from oidc_harness import IdentityProvider  # noqa: E402
from submission_helpers import pdf_bytes, png_bytes  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("MOTCUA_SCREENSHOTS", "")
BIRTH = "1.001193"
ROOT = HERE.parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BUDGET = 100 * 1024  # bytes, gzip-compressed, per page's first load (uploads aside)


def _shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"portal-{name}.png"), full_page=True)


def _no_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.fixture(scope="module")
def axe_source() -> str:
    # axe-core from the npm registry, pinned in package.json; installed by npm-deps.sh.
    if not AXE.exists():
        subprocess.run(["bash", str(ROOT / "scripts" / "npm-deps.sh")], check=False,
                       cwd=ROOT, capture_output=True, timeout=300)
    if not AXE.exists():
        pytest.fail(f"axe-core not found at {AXE}: run scripts/npm-deps.sh")
    return str(AXE)


def _audit(page, axe: str, name: str) -> None:
    """No serious or critical axe-core violation; no horizontal scroll at 360 px."""
    page.wait_for_load_state("load")
    _no_overflow(page)
    _shoot(page, name)
    # Evaluated through the DevTools protocol: a <script> tag added to the page would be
    # refused by the Content Security Policy (no inline scripts), as it should be.
    page.evaluate(Path(axe).read_text(encoding="utf-8"))
    violations = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
                                      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, (name, bad)


def _weight(responses: list, base: str) -> int:
    """Bytes of the page load's responses from our server, gzip-compressed (level 9)."""
    packed = 0
    for response in responses:
        if not response.url.startswith(base):
            continue
        try:
            packed += len(gzip.compress(response.body(), 9))
        except Exception:  # redirects have no body
            continue
    return packed


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    running = IdentityProvider.start(tmp_path_factory.mktemp("oidc-e2e"))
    yield running
    running.stop()


@pytest.fixture
def portal(transactional_db, settings, live_server, provider):
    from motcua.catalog.services import load_builtin_catalog
    from motcua.units.services import create_agencies, load_units

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    settings.MOTCUA_OIDC_REDIRECT_BASE = live_server.url
    provider.allow_redirect(live_server.url + "/cong-dan/dang-nhap/xong/")
    load_units()
    create_agencies("12")
    load_builtin_catalog()
    yield provider
    from motcua.catalog.selectors import invalidate_search_index
    from motcua.units.selectors import clear_caches
    from motcua.workdays.selectors import clear_cache

    clear_caches()
    clear_cache()
    invalidate_search_index()


@pytest.fixture
def phone(browser, live_server, portal):
    """The ``page`` of tests/e2e/conftest.py (360 px, fails on any request leaving the
    machine), where the identity provider on 127.0.0.1 counts as on the machine too."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN",
                                  accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    external: list[str] = []
    allowed = (live_server.url, portal.base, "data:")

    def _watch(request):
        if not request.url.startswith(allowed):
            external.append(request.url)

    pg.on("request", _watch)
    pg.base_url = live_server.url  # type: ignore[attr-defined]
    yield pg
    context.close()
    assert not external, f"requests left the machine: {external}"


def _pdftotext(data: bytes, folder: Path) -> str:
    path = folder / "receipt.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True, text=True).stdout


def _upload(page, label: str, name: str, mime: str, data: bytes) -> None:
    page.get_by_label(label).set_input_files({"name": name, "mimeType": mime, "buffer": data})


def test_citizen_signs_in_submits_a_birth_registration_and_gets_the_receipt(phone, portal,
                                                                            tmp_path, axe_source):
    page = phone
    responses: list = []
    page.goto(page.base_url + f"/dich-vu-cong/nop/{BIRTH}/")
    # Off to the identity provider (another server), log in there, back with the identity.
    page.wait_for_url(portal.base + "/login/**")
    page.get_by_label("Số định danh").fill("012090001234")
    page.get_by_label("Mật khẩu").fill("mat-khau-1")
    page.on("response", lambda response: responses.append(response))
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"**/dich-vu-cong/nop/{BIRTH}/")
    page.wait_for_load_state("load")
    # The form's first load (page, stylesheet, icon) fits the budget of a slow link.
    assert _weight(responses, page.base_url) < BUDGET
    assert page.locator("#personal-id").inner_text() == "012090001234"
    assert page.get_by_label("Họ và tên người nộp").input_value() == "Lò Văn Minh"
    _audit(page, axe_source, "01-form")

    page.get_by_label("Địa chỉ nơi ở").fill("bản Nà Khum, xã Bình Lư, tỉnh Lai Châu")
    page.get_by_label("Nộp tại xã, phường (nơi giải quyết)").select_option(value="03390")
    _upload(page, "Tờ khai đăng ký khai sinh (theo mẫu) (bắt buộc)", "to-khai.pdf",
            "application/pdf", pdf_bytes("To khai dang ky khai sinh"))
    _upload(page, "Giấy chứng sinh do cơ sở y tế nơi trẻ sinh ra cấp (bắt buộc)",
            "chung-sinh.png", "image/png", png_bytes(40, 30))
    identity = page.locator("fieldset").nth(1).get_by_label(
        "Dùng dữ liệu đã có (không cần tải lên)")
    identity.last.check()
    page.get_by_role("button", name="Xem lại trước khi nộp").click()
    page.wait_for_url("**/xem-lai/")
    assert "to-khai.pdf" in page.content() and "chung-sinh.png" in page.content()
    _audit(page, axe_source, "02-review")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url("**/da-nop/**")
    code = page.locator("#dossier-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z.]+-\d{6}-\d{4}", code), code
    _audit(page, axe_source, "03-done")

    with page.expect_download() as info:
        page.locator("#receipt-link").click()
    data = Path(info.value.path()).read_bytes()
    text = _pdftotext(data, tmp_path)
    assert code in text and "Lò Văn Minh" in text

    page.goto(page.base_url + "/cong-dan/ho-so/")
    assert code in page.content()
    _audit(page, axe_source, "05-my-dossiers")
    page.get_by_role("link", name=code).click()
    page.wait_for_url(f"**/cong-dan/ho-so/{code}/")
    assert "Trực tuyến" in page.locator("main").inner_text()
    _audit(page, axe_source, "06-my-dossier")


def test_a_village_team_member_submits_for_someone_with_consent(phone, portal, axe_source):
    page = phone
    member, password = create_official(
        username="binhlu.to-cnsd", full_name="Giàng A Páo", roles=[Role.VILLAGE_TEAM],
        province_code="12", commune_code="03390")
    page.goto(page.base_url + f"/tai-khoan/dang-nhap/?next=/dich-vu-cong/nop/ho-tro/{BIRTH}/")
    page.get_by_label("Tên đăng nhập").fill(member.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"**/dich-vu-cong/nop/ho-tro/{BIRTH}/")
    page.get_by_label("Số định danh cá nhân (CCCD) của người dân").fill("012190005678")
    page.get_by_label("Họ và tên người nộp").fill("Sùng Thị Dợ")
    page.get_by_label("Số điện thoại").fill("0987654321")
    page.get_by_label("Địa chỉ nơi ở").fill("bản Sin Câu, xã Bình Lư")
    _upload(page, "Tờ khai đăng ký khai sinh (theo mẫu) (bắt buộc)", "to-khai.jpg",
            "image/png", png_bytes())
    _upload(page, "Giấy chứng sinh do cơ sở y tế nơi trẻ sinh ra cấp (bắt buộc)",
            "chung-sinh.pdf", "application/pdf", pdf_bytes())
    page.locator("fieldset").nth(1).get_by_label(
        "Dùng dữ liệu đã có (không cần tải lên)").last.check()
    # Without the consent ticked, nothing goes.
    page.get_by_role("button", name="Xem lại trước khi nộp").click()
    page.get_by_text("Phải có sự đồng ý của người dân").first.wait_for()
    _audit(page, axe_source, "04-assisted-consent-missing")
    # The scans already sent are kept: on a dropping connection nothing is uploaded twice.
    assert page.locator(".kept").count() == 2
    assert "to-khai.jpg" in page.locator(".kept").first.inner_text()
    page.get_by_label("Người dân đã đồng ý cho tôi nộp hộ hồ sơ này").check()
    _upload(page, "Ảnh giấy đồng ý có chữ ký (không bắt buộc; JPEG hoặc PNG)", "dong-y.png",
            "image/png", png_bytes(8, 8))
    page.get_by_role("button", name="Xem lại trước khi nộp").click()
    page.wait_for_url("**/xem-lai/")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url("**/da-nop/**")
    code = page.locator("#dossier-code").inner_text().strip()
    _no_overflow(page)
    from motcua.dossiers.models import Dossier

    dossier = Dossier.objects.get(code=code)
    assert dossier.channel == "assisted" and dossier.assisted_by_id == member.pk
    assert dossier.assisted_consent.photo.name
