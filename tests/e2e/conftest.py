"""Browser tests: Playwright (Python) driving Debian's headless Chromium against a live server.

Chromium comes from Debian (`scripts/system-deps.sh`); Playwright's own browser download is
never used. The flags keep Chromium from reaching for the network at start-up.
"""

from __future__ import annotations

import os

import pytest

# Playwright's sync API runs an event loop in this thread; the Django ORM calls made by the
# test body itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The session's Chromium (`browser`) is in tests/conftest.py: one per test process, shared
# with the other browser tests (a second Playwright in the same thread is refused).


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    external: list[str] = []

    def _watch(request):
        if not request.url.startswith(live_server.url) and not request.url.startswith("data:"):
            external.append(request.url)

    pg.on("request", _watch)
    pg.base_url = live_server.url  # type: ignore[attr-defined]
    yield pg
    context.close()
    assert not external, f"requests left the machine: {external}"
