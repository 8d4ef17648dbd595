"""The public portal in a real browser at 360 px: find a procedure, follow a dossier by its
code, rate it after hand-back, send feedback. Every page is checked with axe-core (no
serious or critical violation), for horizontal overflow, and for its first-load weight.

axe-core comes from the npm registry, pinned in package.json / package-lock.json and
installed by scripts/npm-deps.sh (``npm ci``); it is injected into the page from disk, so
the browser never fetches it.
"""

from __future__ import annotations

import gzip
import os
import subprocess
from pathlib import Path

import pytest

from motcua.accounts.domain import Role
from motcua.accounts.services import create_official

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SHOTS = os.environ.get("MOTCUA_SCREENSHOTS", "")  # a folder: keep 360 px screenshots there
BUDGET = 100 * 1024  # bytes, compressed, per page's first load
PERSONAL = ["Lò Văn Minh", "012090001234", "0912", "345 678", "minh@example.vn", "Nà Khum"]
APPLICANT = {
    "applicant_name": "Lò Văn Minh",
    "applicant_personal_id": "012090001234",
    "applicant_phone": "0912 345 678",
    "applicant_email": "minh@example.vn",
    "applicant_address": "bản Nà Khum, xã Bình Lư, tỉnh Lai Châu",
}


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        try:
            subprocess.run(["bash", str(ROOT / "scripts" / "npm-deps.sh")], check=True,
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
        except (subprocess.CalledProcessError, OSError, subprocess.TimeoutExpired) as e:
            detail = getattr(e, "stderr", "") or str(e)
            pytest.fail("axe-core is missing and `scripts/npm-deps.sh` (npm ci) could not "
                        f"install it; install Node.js/npm and run it: {detail}")
    if not AXE.exists():
        pytest.fail(f"axe-core not found at {AXE} after `scripts/npm-deps.sh`")
    return str(AXE)


@pytest.fixture
def world(transactional_db, settings):
    from django.core.cache import caches

    from motcua.catalog.services import load_builtin_catalog
    from motcua.units.services import create_agencies, load_units

    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.MOTCUA_PORTAL_PROVINCE = "12"
    caches["default"].clear()
    load_units()
    create_agencies("12")
    load_builtin_catalog()
    people = {
        role: create_official(username=f"e2e-{role}", full_name=f"Cán bộ {role}", roles=[role],
                              province_code="12", commune_code="03390")[0]
        for role in (Role.CLERK, Role.SPECIALIST, Role.LEADER)
    }
    yield people
    from motcua.catalog.selectors import invalidate_search_index
    from motcua.units.selectors import clear_caches
    from motcua.workdays.selectors import clear_cache

    clear_caches()
    clear_cache()
    invalidate_search_index()


def _dossier(people, state: str):
    from motcua.catalog.models import RequiredDocument
    from motcua.dossiers import services

    documents = [
        {"required_document_id": d.pk, "from_data_held": d.reusable_from_data,
         "scanned": not d.reusable_from_data}
        for d in RequiredDocument.objects.filter(procedure__code="1.001193",
                                                 requirement="mandatory")
    ]
    clerk, spec, leader = people[Role.CLERK], people[Role.SPECIALIST], people[Role.LEADER]
    d = services.receive_dossier(clerk, procedure_code="1.001193", channel="counter",
                                 documents=documents, **APPLICANT)
    if state == "returned":
        services.assign(clerk, d, handler=spec)
        services.start(spec, d)
        services.submit_for_signature(spec, d)
        services.approve(leader, d)
        services.return_result(clerk, d, collected_by="Lò Văn Minh")
    return d


class Weigher:
    """Bytes of every response of a page load, as sent and gzip-compressed (level 9, as
    WhiteNoise precompresses static files; a server gzipping pages does no better)."""

    def __init__(self, page):
        self.responses: list = []
        page.on("response", self._add)

    def _add(self, response) -> None:
        self.responses.append(response)

    def start(self) -> None:
        self.responses.clear()

    def weigh(self) -> tuple[int, int, list[str]]:
        raw = packed = 0
        urls = []
        for r in self.responses:
            try:
                body = r.body()
            except Exception:  # redirects have no body
                continue
            raw += len(body)
            packed += len(gzip.compress(body, 9))
            urls.append(r.url)
        return raw, packed, urls


def _check(page, axe_source: str, weigher: Weigher, name: str, sizes: dict) -> None:
    """axe-core, overflow at 360 px, page weight."""
    page.wait_for_load_state("load")
    raw, packed, urls = weigher.weigh()
    sizes[name] = (raw, packed)
    assert packed < BUDGET, (name, packed, urls)
    assert all(u.startswith(page.base_url) for u in urls), urls
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, name
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"portal-{name}.png"), full_page=True)
    # Evaluated through the DevTools protocol: a <script> tag added to the page would be
    # refused by the Content Security Policy (no inline scripts), as it should be.
    page.evaluate(Path(axe_source).read_text(encoding="utf-8"))
    violations = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
                                      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    if violations:
        print("axe (minor, moderate):", name, violations)
    assert not bad, (name, bad)


def test_search_then_procedure_page(page, world, axe_source):
    w, sizes = Weigher(page), {}
    page.goto(page.base_url + "/dich-vu-cong/")
    _check(page, axe_source, w, "home", sizes)
    page.get_by_label("Gõ việc cần làm").fill("khai sinh cho con")
    w.start()
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.wait_for_url("**/dich-vu-cong/?q=*")
    _check(page, axe_source, w, "results", sizes)
    first = page.locator("ol.results > li a").first
    assert "Đăng ký khai sinh" in first.inner_text()
    w.start()
    first.click()
    page.wait_for_url("**/dich-vu-cong/thu-tuc/1.001193/**")
    assert "Đăng ký khai sinh" in page.locator("h1").inner_text()
    assert page.get_by_role("heading", name="Cần mang theo").is_visible()
    _check(page, axe_source, w, "procedure", sizes)
    print("page weights (raw, gzip):", sizes)


def test_lookup_from_the_qr_link_shows_the_timeline_without_personal_data(
        page, world, axe_source):
    d = _dossier(world, "received")
    w, sizes = Weigher(page), {}
    page.goto(page.base_url + f"/dich-vu-cong/tra-cuu/?ma={d.code}")
    assert page.get_by_label("Mã hồ sơ").input_value() == d.code
    _check(page, axe_source, w, "lookup", sizes)
    page.get_by_label("4 số cuối").fill("5678")
    w.start()
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_load_state("load")
    text = page.locator("main").inner_text()
    assert "Đã tiếp nhận hồ sơ" in text and "Hẹn trả kết quả" in text and d.code in text
    for secret in PERSONAL:
        assert secret not in page.content(), secret
    _check(page, axe_source, w, "status", sizes)
    print("page weights (raw, gzip):", sizes)


def test_rating_after_hand_back(page, world, axe_source):
    from motcua.portal.models import Rating

    d = _dossier(world, "returned")
    w, sizes = Weigher(page), {}
    page.goto(page.base_url + f"/dich-vu-cong/tra-cuu/?ma={d.code}")
    page.get_by_label("4 số cuối").fill("1234")
    w.start()
    page.get_by_role("button", name="Tra cứu").click()
    page.get_by_role("heading", name="Đánh giá mức độ hài lòng").wait_for()
    _check(page, axe_source, w, "rate-form", sizes)
    page.get_by_role("group", name="Mức độ hài lòng chung").get_by_label("4 — Hài lòng").check()
    page.get_by_text("Đánh giá chi tiết hơn").click()
    page.get_by_role("group", name="Thái độ, tinh thần phục vụ").get_by_label(
        "5 — Rất hài lòng").check()
    page.get_by_label("Ý kiến thêm").fill("Cán bộ hướng dẫn tận tình")
    w.start()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.get_by_role("heading", name="Cảm ơn bạn đã đánh giá").wait_for()
    _check(page, axe_source, w, "rated", sizes)
    rating = Rating.objects.get(dossier=d)
    assert rating.score == 4 and rating.criteria == {"overall": 4, "attitude": 5}


def test_feedback_with_a_photo(page, world, axe_source):
    from motcua.petitions.models import Feedback

    w, sizes = Weigher(page), {}
    page.goto(page.base_url + "/dich-vu-cong/phan-anh/")
    _check(page, axe_source, w, "feedback", sizes)
    # Submitting with nothing chosen: the message says what to do, the page stays usable.
    page.get_by_label("Phản ánh", exact=True).check()
    page.get_by_label("Nội dung").fill("Đường vào bản sạt lở, xin xã sửa sớm.")
    w.start()
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.get_by_role("alert").wait_for()
    assert "Hãy chọn xã" in page.get_by_role("alert").inner_text()
    _check(page, axe_source, w, "feedback-error", sizes)
    page.get_by_label("Xã, phường nhận phản ánh").select_option("03390")
    page.get_by_label("Ảnh, tài liệu kèm theo").set_input_files(
        files=[{"name": "anh.png", "mimeType": "image/png", "buffer": _png()}])
    w.start()
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.wait_for_url("**/phan-anh/da-gui/")
    fb = Feedback.objects.get()
    assert fb.reference in page.locator("main").inner_text()
    assert fb.commune_code == "03390" and fb.attachments.count() == 1
    _check(page, axe_source, w, "feedback-sent", sizes)
    print("page weights (raw, gzip):", sizes)


def _png() -> bytes:
    """A real PNG: uploads are decoded and re-encoded, so a signature alone is refused."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 200, 200)).save(out, format="PNG")
    return out.getvalue()
