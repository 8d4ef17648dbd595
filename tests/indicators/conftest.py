"""Fixtures of the indicator tests.

``w`` is the dossier tests' world (units, Lai Châu's agencies, the catalog, one official per
role in xã Bình Lư and outside it), built by the same code (tests/dossiers/conftest.py,
loaded by path since test modules are not a package), held open under its own name
(``iworld``) so that the two suites never share or double-build it.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import sys
from pathlib import Path
from typing import Any

import pytest
from shared_world import SharedWorld

_spec = importlib.util.spec_from_file_location(
    "motcua_tests_dossiers_conftest", Path(__file__).parents[1] / "dossiers" / "conftest.py")
_dc = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _dc
_spec.loader.exec_module(_dc)

LAI_CHAU, BINH_LU, MUONG_THAN = _dc.LAI_CHAU, _dc.BINH_LU, _dc.MUONG_THAN
BIRTH, LAND, COPY = _dc.BIRTH, _dc.LAND, _dc.COPY
VN = dt.timezone(dt.timedelta(hours=7))
complete_documents = _dc.complete_documents
APPLICANT = _dc.APPLICANT

_HOLDER: SharedWorld[Any] = SharedWorld(lambda: _dc._build())


@pytest.fixture
def iworld(django_db_setup, django_db_blocker) -> Any:
    return _HOLDER.get(django_db_blocker)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    yield
    _HOLDER.close_unless_next_uses(item, nextitem, "iworld")


@pytest.fixture
def w(iworld: Any, db: Any) -> Any:
    return iworld


_codes = itertools.count(1)


def bulk_dossiers(specs: list[dict[str, Any]], *, commune: str = BINH_LU,
                  procedure_code: str = BIRTH, clerk: Any) -> list[Any]:
    """Dossier rows written with one bulk insert (no service, no signal): each spec gives
    the columns that differ from a received counter dossier."""
    from motcua.catalog.models import Procedure
    from motcua.dossiers.models import Dossier
    from motcua.units.models import Agency

    procedure = Procedure.objects.get(code=procedure_code)
    agency = Agency.objects.filter(commune_code=commune).order_by("pk").first()
    rows = []
    for spec in specs:
        n = next(_codes)
        received = spec.get("received_at", dt.datetime(2025, 9, 1, 8, 0, tzinfo=VN))
        due = spec.get("due_at", received + dt.timedelta(days=3))
        data = {
            "code": f"T-{commune}-{n:08d}", "province_code": LAI_CHAU, "commune_code": commune,
            "receiving_commune_code": commune, "receiving_agency": agency,
            "competent_agency": agency, "procedure": procedure,
            "applicant_name": "Lò Văn Minh", "channel": "online", "received_by": clerk,
            "state": "received", "received_at": received, "due_at": due,
            "original_due_at": due, "updated_at": received,
        }
        data.update(spec)
        rows.append(Dossier(**data))
    return Dossier.objects.bulk_create(rows, batch_size=1000)


@pytest.fixture
def bulk(w: Any) -> Any:
    """``bulk_dossiers`` as a fixture (test modules cannot import this conftest)."""
    return bulk_dossiers
