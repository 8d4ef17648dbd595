"""Loads the demo province. Orchestrates the loaders of each app; each loader is idempotent."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from motcua.accounts.domain import ROLE_LABELS
from motcua.accounts.models import Official
from motcua.accounts.services import DEMO_ACCOUNTS, create_official
from motcua.errors import NotFound


@dataclass
class DemoResult:
    province_name: str = ""
    provinces: int = 0
    units: int = 0
    agencies: int = 0
    procedures: int = 0
    calendar_days: int = 0
    new_logins: list[tuple[str, str, str]] = field(default_factory=list)


def load_demo(province_name: str, progress: bool = False) -> DemoResult:
    from motcua.catalog.services import load_builtin_catalog
    from motcua.units import selectors as units
    from motcua.units.services import create_agencies, load_units
    from motcua.workdays.services import load_default_calendar

    result = DemoResult()
    from motcua.units.models import Agency, Province, Unit
    from motcua.workdays.models import CalendarException

    load_units(progress=progress)
    province = units.find_province(province_name)
    result.province_name = province.full_name
    create_agencies(province.code)
    load_default_calendar()
    result.procedures = load_builtin_catalog()
    result.provinces = Province.objects.count()
    result.units = Unit.objects.count()
    result.agencies = Agency.objects.filter(province_code=province.code).count()
    result.calendar_days = CalendarException.objects.count()
    result.new_logins = _create_demo_officials(province.code)
    return result


@transaction.atomic
def _create_demo_officials(province_code: str) -> list[tuple[str, str, str]]:
    from motcua.units import selectors as units

    created: list[tuple[str, str, str]] = []
    commune_codes = {u.name: u.code for u in units.units_of_province(province_code)}
    for acc in DEMO_ACCOUNTS:
        if Official.objects.filter(username=acc.username).exists():
            continue
        commune_code = ""
        if acc.commune:
            if acc.commune not in commune_codes:
                raise NotFound(f"Không tìm thấy đơn vị «{acc.commune}» trong tỉnh mẫu.")
            commune_code = commune_codes[acc.commune]
        _, password = create_official(
            username=acc.username,
            full_name=acc.full_name,
            roles=acc.roles,
            province_code=province_code,
            commune_code=commune_code,
            position=acc.position,
        )
        label = ", ".join(ROLE_LABELS[r] for r in acc.roles)
        if acc.commune:
            label += f" — {acc.commune}"
        created.append((acc.username, password, label))
    return created
