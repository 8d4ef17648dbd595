"""Fixtures of the units tests.

The full data (34 provinces, 3,321 communes, 10,040 old units, 10,602 map rows) is loaded
ONCE per test session into the test database (``units_db``); each test still runs in its
own rolled-back transaction on top of it. Pure tests use ``address_index``, built from
the packaged data without any database.
"""

from __future__ import annotations

import time

import pytest

from motcua.units import selectors, services, sources
from motcua.units.domain import AddressIndex, build_index


@pytest.fixture(scope="session")
def source_data() -> sources.SourceData:
    return sources.read_all()


@pytest.fixture(scope="session")
def address_index(source_data: sources.SourceData) -> AddressIndex:
    return build_index(source_data.provinces, source_data.units, source_data.legacy_units,
                       source_data.mappings)


@pytest.fixture(scope="session")
def units_load_report(django_db_setup, django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        started = time.perf_counter()
        report = services.load_units()
        report["measured_seconds"] = round(time.perf_counter() - started, 2)
        selectors.clear_caches()
    return report


@pytest.fixture
def units_db(units_load_report, db) -> dict:
    """The full unit data in the database (loaded once per session)."""
    return units_load_report


@pytest.fixture
def units_urls():
    """The /dia-chi/ pages are part of the root URLconf."""
    from django.urls import reverse

    assert reverse("units:convert") == "/dia-chi/"
