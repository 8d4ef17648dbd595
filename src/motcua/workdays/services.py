"""Writers of the working-day calendar."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from motcua.workdays import models, selectors
from motcua.workdays.domain.shipped import (
    exception_from_row,
    exception_rows,
    normalize_province_code,
    office_hours_rows,
    rule_from_row,
)


@transaction.atomic
def load_default_calendar() -> int:
    """Load the shipped exceptions and office hours; return how many rows were created.

    Idempotent: a row that already exists (same date and province, or same rule name and
    province) is left as the administrator last edited it. The initial data migration
    runs the same loader, so this is needed only after an upgrade brings new data.
    """
    created = load_rows(models.CalendarException, models.OfficeHoursRule)
    transaction.on_commit(selectors.clear_cache)
    selectors.clear_cache()
    return created


def load_rows(exception_model: Any, hours_model: Any) -> int:
    """The loader itself, on the given model classes (also the migration's historical ones)."""
    created = 0
    for row in exception_rows():
        exc = exception_from_row(row)
        _, was_created = exception_model.objects.get_or_create(
            date=exc.date,
            province_code=exc.province_code,
            defaults={
                "kind": exc.kind,
                "name": exc.name,
                "source": str(row.get("source", ""))[:300],
            },
        )
        created += was_created
    for row in office_hours_rows():
        rule = rule_from_row(row)
        sessions = list(rule.sessions)
        afternoon = sessions[1] if len(sessions) > 1 else None
        _, was_created = hours_model.objects.get_or_create(
            province_code=normalize_province_code(row.get("province_code", "")),
            name=rule.name,
            defaults={
                "valid_from_month": rule.start[0],
                "valid_from_day": rule.start[1],
                "valid_to_month": rule.end[0],
                "valid_to_day": rule.end[1],
                "morning_start": sessions[0].start,
                "morning_end": sessions[0].end,
                "afternoon_start": afternoon.start if afternoon else None,
                "afternoon_end": afternoon.end if afternoon else None,
            },
        )
        created += was_created
    return created
