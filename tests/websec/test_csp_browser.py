"""The strict Content Security Policy in a real browser: the main pages of the public, the
counter and the dashboards load with zero policy violations, htmx still works under it,
and the pages are still styled by the static stylesheets (nothing was lost with the inline
CSS).

Chromium reports each blocked inline style, script or handler as a
``securitypolicyviolation`` event and a console error; both are collected on every page.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

from motcua.accounts.domain import Role
from motcua.accounts.services import create_official

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

VN = dt.timezone(dt.timedelta(hours=7))
BIRTH = "1.001193"
CODE = "H12.03390-CSP-0001"

# Runs in every document before the page's own code, outside the page's policy.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} ` +
                    `at ${e.sourceFile}:${e.lineNumber} ${e.sample || ""}`);
});
"""


@pytest.fixture
def world(transactional_db, settings):
    from motcua.catalog.models import Procedure
    from motcua.catalog.services import load_builtin_catalog
    from motcua.dossiers.models import Dossier
    from motcua.indicators.rollups import rebuild
    from motcua.units.models import Agency
    from motcua.units.services import create_agencies, load_units

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_units()
    create_agencies("12")
    load_builtin_catalog()
    clerk = create_official(username="binhlu.tn", full_name="Nguyễn Thị Hoa",
                            roles=[Role.CLERK], province_code="12", commune_code="03390")
    overseer = create_official(username="tinh.theodoi", full_name="Đèo Thị Lan",
                               roles=[Role.PROVINCE_OVERSEER], province_code="12")
    agency = Agency.objects.filter(commune_code="03390").first()
    received = dt.datetime.now(VN).replace(hour=8, minute=0) - dt.timedelta(days=1)
    Dossier.objects.create(
        code=CODE, province_code="12", commune_code="03390", receiving_commune_code="03390",
        receiving_agency=agency, competent_agency=agency,
        procedure=Procedure.objects.get(code=BIRTH), applicant_name="Lò Văn Minh",
        applicant_phone="0912345678", channel="online", received_by=clerk[0],
        state="received", received_at=received, due_at=received + dt.timedelta(days=3),
        original_due_at=received + dt.timedelta(days=3), updated_at=received)
    rebuild()
    yield {"clerk": clerk, "overseer": overseer}
    from motcua.catalog.selectors import invalidate_search_index
    from motcua.units.selectors import clear_caches
    from motcua.workdays.selectors import clear_cache

    clear_caches()
    clear_cache()
    invalidate_search_index()


class Watch:
    """One browser context with the violation listener and a console watch."""

    def __init__(self, browser, base_url: str):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900},
                                           locale="vi-VN")
        self.context.add_init_script(LISTEN)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15000)
        self.base = base_url
        self.console: list[str] = []
        self.visited: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))

    def _console(self, msg) -> None:
        text = msg.text
        if msg.type == "error" or "Content Security Policy" in text:
            self.console.append(f"{msg.type}: {text}")

    def open(self, path: str):
        self.console.clear()
        response = self.page.goto(self.base + path)
        assert response is not None and response.status < 400, (path, response.status)
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        self.visited.append(path)
        return response

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__csp") + [
            c for c in self.console if "Content Security Policy" in c or "pageerror" in c]

    def style(self, selector: str, prop: str) -> str:
        return self.page.eval_on_selector(
            selector, f"e => getComputedStyle(e).getPropertyValue('{prop}')")

    def login(self, username: str, password: str, then: str) -> None:
        self.context.clear_cookies()
        self.open(f"/tai-khoan/dang-nhap/?next={then}")
        assert not self.violations()
        self.page.get_by_label("Tên đăng nhập").fill(username)
        self.page.get_by_label("Mật khẩu").fill(password)
        self.page.get_by_role("button", name="Đăng nhập").click()
        self.page.wait_for_load_state()


def test_main_pages_without_csp_violations(browser, live_server, world):
    w = Watch(browser, live_server.url)
    found: dict[str, list[str]] = {}

    def check(path: str) -> None:
        w.open(path)
        w.page.wait_for_load_state("load")
        found[path] = w.violations()

    # Public pages.
    check("/")
    assert w.style(".topbar", "background-color") == "rgb(179, 38, 30)"  # motcua.css
    check(f"/thu-tuc/{BIRTH}/")
    # The procedure facts' layout came from an inline <style>, now in motcua.css.
    assert w.style(".proc-facts dt", "font-weight") == "600"
    assert w.style(".proc-facts", "display") == "grid"
    check(f"/dich-vu-cong/tra-cuu/?ma={CODE}")
    w.page.locator("#so").fill("5678")
    w.page.locator("#so").press("Enter")
    w.page.wait_for_selector(".state-now")
    assert w.style(".state-now .tag", "display") != "inline"  # a styled tag, not bare text
    found["lookup result"] = w.violations()
    check("/dia-chi/")
    w.page.locator("#address").fill("thị trấn Tam Đường")  # htmx (django-htmx's copy)
    w.page.wait_for_function("document.querySelector('#address-result').children.length > 0")
    found["address hint (htmx)"] = w.violations()
    assert not w.page.locator("head style").count()  # htmx injected no <style>

    # The counter.
    user, password = world["clerk"]
    w.login(user.username, password, "/lam-viec/")
    w.page.wait_for_url("**/lam-viec/")
    found["login + workspace"] = w.violations()
    check("/ho-so/")
    check(f"/ho-so/{CODE}/")
    check("/ho-so/tiep-nhan/")
    w.page.locator("#procedure-q").fill("khai sinh")  # htmx (the vendored copy)
    w.page.wait_for_selector("#procedure-hits button.hit")
    found["procedure picker (htmx)"] = w.violations()
    assert not w.page.locator("head style").count()

    # The dashboards.
    user, password = world["overseer"]
    w.login(user.username, password, "/chi-so/")
    w.page.wait_for_url("**/chi-so/tinh/12/**")
    found["indicators"] = w.violations()
    assert w.page.locator("svg.chart").count() >= 1

    # The admin (Django's own templates, no inline code since Django 4.x).
    from motcua.accounts.models import Official

    Official.objects.create_superuser(username="quantri", password="Quan-tri-2026!")
    w.context.clear_cookies()
    # /admin/ sends to the officials' login form (the same steps as everyone, 2FA included),
    # which comes back to /admin/ afterwards.
    check("/admin/")
    w.page.locator("#id_username").fill("quantri")
    w.page.locator("#id_password").fill("Quan-tri-2026!")
    w.page.locator("#id_password").press("Enter")
    w.page.wait_for_url("**/admin/")
    found["admin index"] = w.violations()
    check("/admin/accounts/official/")
    check("/admin/accounts/official/add/")

    w.context.close()
    bad = {path: v for path, v in found.items() if v}
    assert not bad, bad
    assert len(found) >= 15


def test_the_listener_does_see_a_violation(browser, live_server, world):
    """The watch is not blind: an inline style added by a script is blocked and reported."""
    w = Watch(browser, live_server.url)
    w.open("/")
    w.page.evaluate("""() => {
      const s = document.createElement('style');
      s.textContent = 'body{background:red}';
      document.head.appendChild(s);
    }""")
    w.page.wait_for_function("window.__csp.length > 0")
    assert any("style-src" in v for v in w.violations())
    assert w.style("body", "background-color") != "rgb(255, 0, 0)"
    w.context.close()
