"""Data for the API robustness tests: Lai Châu's units and agencies, the catalog, one
official of xã Bình Lư holding the counter, specialist and leader roles (kiêm nhiệm) with
an API token, and a handful of dossiers in the states the action endpoints act on.

Built once for the run of tests that ask for it (``SharedWorld``: one transaction rolled
back after the last of them); each test runs in its own savepoint on top.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import upload_files
from shared_world import SharedWorld

LAI_CHAU = "12"
BINH_LU = "03390"
BIRTH = "1.001193"
LAND = "1.013978"


@dataclass
class ApiWorld:
    token: str
    other_token: str
    official_id: int
    dossier_codes: list[str]
    attachment: tuple[str, int]
    procedure_codes: list[str]
    intake: dict[str, Any]


def _documents(procedure_code: str) -> list[dict[str, Any]]:
    from motcua.catalog.models import RequiredDocument

    return [
        {"required_document_id": d.pk, "from_data_held": True}
        if d.reusable_from_data else {"required_document_id": d.pk, "scanned": True}
        for d in RequiredDocument.objects.filter(procedure__code=procedure_code,
                                                 requirement="mandatory").order_by("order", "id")
    ]


def _build() -> ApiWorld:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.accounts.domain import Role
    from motcua.accounts.services import create_official
    from motcua.catalog.services import load_builtin_catalog
    from motcua.dossiers import services
    from motcua.units.services import create_agencies, load_units

    load_units()
    create_agencies(LAI_CHAU)
    load_builtin_catalog()
    official, _ = create_official(
        username="api-binhlu", full_name="Lò Thị Thu",
        roles=[Role.CLERK, Role.SPECIALIST, Role.LEADER],
        province_code=LAI_CHAU, commune_code=BINH_LU,
    )
    other, _ = create_official(
        username="api-specialist", full_name="Tao Văn Pọm", roles=[Role.SPECIALIST],
        province_code=LAI_CHAU, commune_code=BINH_LU,
    )
    _, token = services.create_api_token(official, "cổng dịch vụ công tỉnh")
    _, other_token = services.create_api_token(other, "phần mềm chuyên ngành")

    def receive(procedure: str, name: str, personal_id: str) -> Any:
        return services.receive_dossier(
            official, procedure_code=procedure, applicant_name=name,
            applicant_personal_id=personal_id, applicant_phone="0912 345 678",
            applicant_address="bản Bình Lư, xã Bình Lư, tỉnh Lai Châu",
            documents=_documents(procedure),
        )

    received = receive(LAND, "Lò Văn Minh", "012090001234")
    processing = receive(LAND, "Vàng Thị Mai", "012190004321")
    services.assign(official, processing, handler=official)
    services.start(official, processing)
    attachment = services.add_attachment(
        official, processing.code,
        file=SimpleUploadedFile("to-khai.pdf", upload_files.pdf("to khai"), "application/pdf"),
        kind="scan", electronic=False, note="bản quét tờ khai", expected_version=None,
    )
    supplement = receive(LAND, "Giàng A Páo", "012085007788")
    services.assign(official, supplement, handler=official)
    services.start(official, supplement)
    services.request_supplement(official, supplement, missing_items=["Bản sao sổ hộ khẩu"])
    signing = receive(BIRTH, "Lò Thị Hoa", "012200001111")
    services.assign(official, signing, handler=official)
    services.start(official, signing)
    services.submit_for_signature(official, signing)
    return ApiWorld(
        token=token,
        other_token=other_token,
        official_id=official.pk,
        dossier_codes=[received.code, processing.code, supplement.code, signing.code],
        attachment=(processing.code, attachment.pk),
        procedure_codes=[LAND, BIRTH],
        # What a generated intake body takes from the real world to be received: a real
        # procedure with its papers, a well-formed personal id, no unknown references.
        intake={"procedure_code": BIRTH, "documents": _documents(BIRTH),
                "applicant_personal_id": "012096005678", "applicant_unit_code": "",
                "competent_commune_code": "", "receiving_agency": None,
                "assisted_by": None, "received_at": None},
    )


_HOLDER: SharedWorld[ApiWorld] = SharedWorld(_build)


@pytest.fixture
def api_world(django_db_setup, django_db_blocker) -> ApiWorld:
    return _HOLDER.get(django_db_blocker)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    yield
    _HOLDER.close_unless_next_uses(item, nextitem, "api_world")


@pytest.fixture
def aw(api_world: ApiWorld, db) -> ApiWorld:
    """The world, inside this test's savepoint."""
    return api_world


@pytest.fixture(scope="session")
def _api_media(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return tmp_path_factory.mktemp("api-media")


@pytest.fixture(autouse=True)
def _media_root(settings, _api_media):
    """One media folder for the whole run (overrides the per-test one of tests/conftest.py):
    the world's attachment is written by the first test and downloaded by later ones."""
    settings.MEDIA_ROOT = _api_media


@pytest.fixture(autouse=True)
def _keep_db_connection():
    """The WSGI handler closes the database connection at the start and the end of each
    request (``close_old_connections`` on ``request_started`` and ``request_finished``),
    and inside the test's transaction PostgreSQL's connection counts as obsolete: Django's
    test client unhooks it for its requests, the WSGI calls of schemathesis need the same."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
