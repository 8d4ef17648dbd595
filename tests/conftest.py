import os
import shutil

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_memos():
    """Reference data memos (motcua.memo) must not carry rows from one test's database
    state into the next."""
    from motcua.memo import clear_all

    clear_all()
    yield
    clear_all()


@pytest.fixture(autouse=True)
def _second_factor_enforcement(request, settings):
    """Most tests log leaders and administrators in (``force_login`` or the login form) to
    test something else; for them the role-based two-factor requirement is switched off, as
    ``MOTCUA_OTP_REQUIRED=false`` does. Tests marked ``second_factor``
    (tests/accounts/test_security_*.py) keep the production default and test it for real.
    An official with a confirmed authenticator is asked for a code either way."""
    if request.node.get_closest_marker("second_factor") is None:
        settings.MOTCUA_OTP_REQUIRED = False


@pytest.fixture(autouse=True)
def _fresh_login_limit():
    """The per-address limit on the login form counts in the process's cache, and every
    test client comes from 127.0.0.1: start each test with a fresh count."""
    yield
    from motcua.portal import ratelimit

    ratelimit.reset("login", ip="127.0.0.1")


# Browser tests (tests/e2e, tests/websec): Debian's headless Chromium driven by Playwright,
# one per test process for the whole session.
CHROMIUM = os.environ.get("MOTCUA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/system-deps.sh")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()
