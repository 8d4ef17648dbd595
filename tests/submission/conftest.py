"""Fixtures of the portal submission tests.

``provider``: the test identity provider (tests/oidc_provider), a real OpenID Connect server
over HTTP in a subprocess, once per session. ``oidc`` points motcua's settings at it.
``land``: Lai Châu's units, agencies and the catalog, loaded once for all the tests that
need it in a row inside a transaction rolled back after the last of them (as
tests/dossiers/conftest.py does), each test in its own savepoint.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from shared_world import SharedWorld

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "oidc_provider"))
sys.path.insert(0, str(HERE))

from oidc_harness import IdentityProvider  # noqa: E402

CALLBACK = "http://testserver/cong-dan/dang-nhap/xong/"


@pytest.fixture(scope="session")
def provider(tmp_path_factory):
    running = IdentityProvider.start(tmp_path_factory.mktemp("oidc"))
    running.allow_redirect(CALLBACK)
    yield running
    running.stop()


@pytest.fixture
def oidc(provider, settings):
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    settings.MOTCUA_OIDC_REDIRECT_BASE = ""
    return provider


def _load() -> None:
    from motcua.catalog.services import load_builtin_catalog
    from motcua.units.services import create_agencies, load_units

    load_units()
    create_agencies("12")
    load_builtin_catalog()


def _clear_caches() -> None:
    from motcua.catalog.selectors import invalidate_search_index
    from motcua.units.selectors import clear_caches
    from motcua.workdays.selectors import clear_cache

    clear_caches()
    clear_cache()
    invalidate_search_index()


def _load_world() -> bool:
    _load()
    return True


_HOLDER: SharedWorld[bool] = SharedWorld(_load_world, lambda: _clear_caches())


@pytest.fixture
def _loaded(django_db_setup, django_db_blocker) -> None:
    _HOLDER.get(django_db_blocker)


@pytest.fixture
def land(_loaded, db, settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    yield
    if nextitem is None or "land" not in getattr(nextitem, "fixturenames", ()):
        _HOLDER.close()


@pytest.fixture(autouse=True)
def _fresh_rate_counters():
    # Every test client comes from 127.0.0.1: without this, the submissions of earlier tests
    # in the same process would count against the per-address limit of later ones.
    from django.core.cache import caches

    from motcua import ratelimit

    caches["default"].clear()
    ratelimit.cache().clear()
