"""Fixtures of the dossier tests that use the database.

``world`` loads the units, Lai Châu's agencies, the catalog and one official per role in
xã Bình Lư ("own") and outside it ("other": xã Mường Than for commune roles, Hà Nội for
province-wide roles), once for all the tests that need it in a row, inside a transaction
that is rolled back right after the last of them, so other tests never see this data.
Each test runs in its own savepoint on top of it (pytest-django's ``db``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from shared_world import SharedWorld

from motcua.accounts.domain import Role
from motcua.accounts.models import Official
from motcua.accounts.services import create_official

LAI_CHAU = "12"
BINH_LU = "03390"
MUONG_THAN = "03618"
HA_NOI = "01"
VN = dt.timezone(dt.timedelta(hours=7))

BIRTH = "1.001193"  # same day; plan: one specialist step, then the leader signs
LAND = "1.013978"  # first-time land certificate: 17 days, three steps, signature
COPY = "2.000815"  # certified copy: counter and signature only
HEALTH_CARD = "DP-BHYT-01"  # no signature in the plan
NEWBORN = "2.000986"  # the linked group (birth + residence + health insurance)

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PROVINCE_ROLES = (Role.PROVINCE_OVERSEER, Role.ADMIN)


@dataclass
class World:
    own: dict[Role, Official]
    other: dict[Role, Official]
    specialist2: Official
    tokens: dict[int, str] = field(default_factory=dict)

    def token(self, official: Official) -> str:
        return self.tokens[official.pk]


def _official(username: str, role: Role, *, province: str, commune: str) -> Official:
    official, _ = create_official(
        username=username,
        full_name=f"Cán bộ {username}",
        roles=[role],
        province_code=province,
        commune_code=commune,
    )
    return official


def _build() -> World:
    from motcua.catalog.services import load_builtin_catalog
    from motcua.dossiers.services import create_api_token
    from motcua.units.services import create_agencies, load_units

    load_units()
    create_agencies(LAI_CHAU)
    load_builtin_catalog()
    own: dict[Role, Official] = {}
    other: dict[Role, Official] = {}
    for role in Role:
        if role in PROVINCE_ROLES:
            own[role] = _official(f"t-own-{role}", role, province=LAI_CHAU, commune="")
            other[role] = _official(f"t-other-{role}", role, province=HA_NOI, commune="")
        else:
            own[role] = _official(f"t-own-{role}", role, province=LAI_CHAU, commune=BINH_LU)
            other[role] = _official(f"t-other-{role}", role, province=LAI_CHAU, commune=MUONG_THAN)
    world = World(
        own,
        other,
        _official("t-own-specialist2", Role.SPECIALIST, province=LAI_CHAU, commune=BINH_LU),
    )
    for official in [*own.values(), *other.values(), world.specialist2]:
        _, raw = create_api_token(official, f"kiểm thử {official.username}")
        world.tokens[official.pk] = raw
    return world


_HOLDER: SharedWorld[World] = SharedWorld(lambda: _build())


@pytest.fixture
def world(django_db_setup, django_db_blocker) -> World:
    return _HOLDER.get(django_db_blocker)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    yield  # the test's own fixtures (its savepoint) are gone by now
    _HOLDER.close_unless_next_uses(item, nextitem, "world")


@pytest.fixture
def w(world: World, db) -> World:
    """The world, inside this test's savepoint."""
    return world


def complete_documents(procedure_code: str, *, scanned: bool = True) -> list[dict[str, Any]]:
    """Checklist lines for every mandatory document: reusable ones from data held."""
    from motcua.catalog.models import RequiredDocument

    lines = []
    for doc in RequiredDocument.objects.filter(
        procedure__code=procedure_code, requirement="mandatory"
    ).order_by("order", "id"):
        if doc.reusable_from_data:
            lines.append({"required_document_id": doc.pk, "from_data_held": True})
        else:
            lines.append({"required_document_id": doc.pk, "scanned": scanned})
    return lines


APPLICANT = {
    "applicant_name": "Lò Văn Minh",
    "applicant_personal_id": "012090001234",
    "applicant_phone": "0912 345 678",
    "applicant_email": "minh@example.vn",
}


@pytest.fixture
def docs() -> Callable[..., list[dict[str, Any]]]:
    """``complete_documents`` as a fixture (test modules cannot import this conftest)."""
    return complete_documents


@pytest.fixture
def receive(w: World) -> Callable[..., Any]:
    """Receive a dossier at Bình Lư's counter (complete papers unless given)."""
    from motcua.dossiers import services

    def _receive(
        procedure_code: str = LAND, *, clerk: Official | None = None, **kwargs: Any
    ) -> Any:
        data = {**APPLICANT, **kwargs}
        data.setdefault("documents", complete_documents(procedure_code))
        return services.receive_dossier(
            clerk or w.own[Role.CLERK], procedure_code=procedure_code, **data
        )

    return _receive


@pytest.fixture
def dossier_in(w: World, receive: Callable[..., Any]) -> Callable[..., Any]:
    """A dossier brought to ``state`` by Bình Lư's officials; the own specialist holds it.

    States: received, routed, in_processing, waiting_supplement, waiting_signature,
    result_ready, transferred, returned."""
    from motcua.dossiers import services

    def _make(state: str, procedure_code: str = LAND, **kwargs: Any) -> Any:
        clerk, spec = w.own[Role.CLERK], w.own[Role.SPECIALIST]
        d = receive(procedure_code, **kwargs)
        if state == "received":
            return d
        services.assign(clerk, d, handler=spec)
        if state == "routed":
            return _fresh(d)
        services.start(spec, d)
        if state == "in_processing":
            return _fresh(d)
        if state == "waiting_supplement":
            services.request_supplement(spec, d, missing_items=["Bản sao sổ hộ khẩu"])
        elif state == "transferred":
            services.transfer(spec, d, to_agency="p12-so-nn-mt")
        elif state in ("waiting_signature", "result_ready", "returned"):
            services.submit_for_signature(spec, d)
            if state != "waiting_signature":
                services.approve(w.own[Role.LEADER], d)
            if state == "returned":
                services.return_result(clerk, d, collected_by="Lò Văn Minh")
        else:
            raise ValueError(state)
        return _fresh(d)

    return _make


def _fresh(d: Any) -> Any:
    from motcua.dossiers.models import Dossier

    return Dossier.objects.get(pk=d.pk)
