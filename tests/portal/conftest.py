"""Fixtures of the portal tests: Lai Châu's units and agencies, the catalog, and Bình Lư's
clerk, specialist and leader, built once for the tests that need them in a row inside a
transaction rolled back after the last of them (the pattern of tests/dossiers/conftest.py);
each test runs in its own savepoint on top. Test modules must not carry the django_db
mark: it would open the test's transaction before the world and roll the world back with it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from shared_world import SharedWorld

from motcua.accounts.domain import Role

LAI_CHAU = "12"
BINH_LU = "03390"
BIRTH = "1.001193"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
APPLICANT = {
    "applicant_name": "Lò Văn Minh",
    "applicant_personal_id": "012090001234",
    "applicant_phone": "0912 345 678",
    "applicant_email": "minh@example.vn",
    "applicant_address": "bản Nà Khum, xã Bình Lư, tỉnh Lai Châu",
}


@dataclass
class World:
    clerk: Any
    specialist: Any
    leader: Any


def _build() -> World:
    from motcua.accounts.services import create_official
    from motcua.catalog.services import load_builtin_catalog
    from motcua.units.services import create_agencies, load_units

    load_units()
    create_agencies(LAI_CHAU)
    load_builtin_catalog()
    people = [
        create_official(username=f"p-{role}", full_name=f"Cán bộ {role}", roles=[role],
                        province_code=LAI_CHAU, commune_code=BINH_LU)[0]
        for role in (Role.CLERK, Role.SPECIALIST, Role.LEADER)
    ]
    return World(*people)


_HOLDER: SharedWorld[World] = SharedWorld(lambda: _build())


@pytest.fixture
def portal_world(django_db_setup, django_db_blocker) -> World:
    return _HOLDER.get(django_db_blocker)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    yield
    _HOLDER.close_unless_next_uses(item, nextitem, "pw")


@pytest.fixture
def pw(portal_world: World, db) -> World:
    """The world, inside this test's savepoint."""
    return portal_world


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    # Each test starts with empty counters (the default cache is per process).
    from django.core.cache import caches

    caches["default"].clear()


def documents_for(procedure_code: str) -> list[dict[str, Any]]:
    from motcua.catalog.models import RequiredDocument

    return [
        {"required_document_id": d.pk, "from_data_held": d.reusable_from_data,
         "scanned": not d.reusable_from_data}
        for d in RequiredDocument.objects.filter(procedure__code=procedure_code,
                                                 requirement="mandatory")
    ]


@pytest.fixture
def make_dossier(pw: World) -> Callable[..., Any]:
    """A birth registration received at Bình Lư and brought to ``state`` by the real
    services: received, in_processing, waiting_supplement, result_ready, returned."""
    from motcua.dossiers import services
    from motcua.dossiers.models import Dossier

    def _make(state: str = "received", procedure_code: str = BIRTH, **kwargs: Any) -> Any:
        data = {**APPLICANT, **kwargs}
        data.setdefault("documents", documents_for(procedure_code))
        d = services.receive_dossier(pw.clerk, procedure_code=procedure_code,
                                     channel="counter", **data)
        if state != "received":
            services.assign(pw.clerk, d, handler=pw.specialist)
            services.start(pw.specialist, d)
        if state == "waiting_supplement":
            services.request_supplement(pw.specialist, d,
                                        missing_items=["Bản chính giấy chứng sinh"])
        elif state in ("result_ready", "returned"):
            services.submit_for_signature(pw.specialist, d)
            services.approve(pw.leader, d)
            if state == "returned":
                services.return_result(pw.clerk, d, collected_by="Lò Văn Minh")
        return Dossier.objects.get(pk=d.pk)

    return _make
