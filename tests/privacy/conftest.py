"""Fixtures of the privacy tests: Lai Châu's units and agencies, the catalog, Bình Lư's
officials, a leader of another commune, a province overseer and a province administrator,
built once for a run of tests inside a transaction rolled back after the last of them (the
pattern of tests/dossiers/conftest.py). Test modules must not carry the django_db mark."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from shared_world import SharedWorld

from motcua.accounts.domain import Role

LAI_CHAU = "12"
BINH_LU = "03390"
MUONG_THAN = "03618"
BIRTH = "1.001193"
PERSONAL_ID = "012090001234"
PHONE = "0912 345 678"
APPLICANT = {
    "applicant_name": "Lò Văn Minh",
    "applicant_personal_id": PERSONAL_ID,
    "applicant_phone": PHONE,
    "applicant_email": "minh.lo@example.vn",
    "applicant_address": "số 17 đường Nà Khum, bản Nà Khum, xã Bình Lư, tỉnh Lai Châu",
}


@dataclass
class World:
    clerk: Any
    specialist: Any
    leader: Any
    admin: Any  # province-wide
    overseer: Any  # province-wide
    other_leader: Any  # leader of Mường Than


def _build() -> World:
    from motcua.accounts.services import create_official
    from motcua.catalog.services import load_builtin_catalog
    from motcua.units.services import create_agencies, load_units

    load_units()
    create_agencies(LAI_CHAU)
    load_builtin_catalog()

    def person(name: str, role: Role, commune: str) -> Any:
        return create_official(username=f"pv-{name}", full_name=f"Cán bộ {name}", roles=[role],
                               province_code=LAI_CHAU, commune_code=commune)[0]

    return World(
        person("clerk", Role.CLERK, BINH_LU), person("specialist", Role.SPECIALIST, BINH_LU),
        person("leader", Role.LEADER, BINH_LU), person("admin", Role.ADMIN, ""),
        person("overseer", Role.PROVINCE_OVERSEER, ""),
        person("other-leader", Role.LEADER, MUONG_THAN),
    )


_HOLDER: SharedWorld[World] = SharedWorld(lambda: _build())


@pytest.fixture
def privacy_world(django_db_setup, django_db_blocker) -> World:
    return _HOLDER.get(django_db_blocker)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    yield
    _HOLDER.close_unless_next_uses(item, nextitem, "pw")


@pytest.fixture
def pw(privacy_world: World, db, settings) -> World:
    """The world, inside this test's savepoint; empty rate-limit counters."""
    from django.core.cache import caches

    caches["default"].clear()
    return privacy_world


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
    """A birth registration received at Bình Lư's counter (real services)."""
    from motcua.dossiers import services
    from motcua.dossiers.models import Dossier

    def _make(state: str = "received", **kwargs: Any) -> Any:
        data = {**APPLICANT, **kwargs}
        data.setdefault("documents", documents_for(BIRTH))
        d = services.receive_dossier(pw.clerk, procedure_code=BIRTH, channel="counter", **data)
        if state != "received":
            services.assign(pw.clerk, d, handler=pw.specialist)
            services.start(pw.specialist, d)
        if state in ("result_ready", "returned"):
            services.submit_for_signature(pw.specialist, d)
            services.approve(pw.leader, d)
            if state == "returned":
                services.return_result(pw.clerk, d, collected_by="Lò Văn Minh")
        return Dossier.objects.get(pk=d.pk)

    return _make


def client_for(official: Any) -> Client:
    client = Client()
    client.force_login(official)
    return client


@pytest.fixture
def login() -> Callable[[Any], Client]:
    return client_for
