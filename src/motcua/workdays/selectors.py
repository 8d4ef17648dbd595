"""Reads of the working-day calendar; what other apps call to compute deadlines.

``clock_for(province_code)`` is the usual entry point: a ``WorkClock`` with the calendar,
the office hours and the cut-off of that province (nationwide rules plus the province's
own). Built clocks are cached per process; saving or deleting a calendar row clears the
cache at once in this process, and other processes pick the change up within
``CACHE_SECONDS``.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from vietnam_provinces import ProvinceCode

from motcua.errors import InvalidInput
from motcua.workdays import models
from motcua.workdays.domain import (
    DEFAULT_CUTOFF,
    Calendar,
    CalendarException,
    DayInfo,
    Interval,
    Limit,
    OfficeHours,
    SeasonRule,
    Session,
    WorkClock,
)
from motcua.workdays.domain.shipped import (
    normalize_province_code,
    scoped_exceptions,
    scoped_office_hours,
    shipped_exceptions,
    shipped_office_hours,
)

CACHE_SECONDS = 300.0

_cache: dict[str, tuple[float, WorkClock]] = {}
_lock = threading.Lock()


def clear_cache(*_args: Any, **_kwargs: Any) -> None:
    """Forget built calendars (connected to the models' save and delete signals)."""
    with _lock:
        _cache.clear()


def province_code(code: str | int | None) -> str:
    """A normalised, existing province code (``"12"``), or ``""`` for nationwide."""
    normalized = normalize_province_code(code)
    if normalized:
        try:
            ProvinceCode(int(normalized))
        except ValueError as exc:
            raise InvalidInput(
                f"Không có tỉnh, thành phố mã «{normalized}».", code="unknown_province"
            ) from exc
    return normalized


def same_day_cutoff() -> dt.time:
    """``settings.MOTCUA_SAME_DAY_CUTOFF`` (``"15:00"`` or a ``time``), default 15:00."""
    value = getattr(settings, "MOTCUA_SAME_DAY_CUTOFF", None)
    if value is None:
        return DEFAULT_CUTOFF
    if isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(str(value))


def _db_exceptions(code: str) -> list[CalendarException] | None:
    try:
        rows = list(
            models.CalendarException.objects.values_list("date", "kind", "name", "province_code")
        )
    except DatabaseError:  # tables not migrated yet: the shipped data still gives answers
        return None
    if not rows:
        return None
    items = [
        CalendarException(day, "day_off" if kind == "day_off" else "make_up_workday", name, scope)
        for day, kind, name, scope in rows
    ]
    return scoped_exceptions(items, code)


def _db_office_hours(code: str) -> OfficeHours | None:
    try:
        rows = list(models.OfficeHoursRule.objects.order_by("valid_from_month", "valid_from_day"))
    except DatabaseError:
        return None
    if not rows:
        return None
    rules = [
        (
            row.province_code,
            SeasonRule(
                row.name,
                (row.valid_from_month, row.valid_from_day),
                (row.valid_to_month, row.valid_to_day),
                tuple(Session(a, b) for a, b in row.sessions()),
            ),
        )
        for row in rows
    ]
    # The shipped national rule comes last: it only fills days no stored rule covers, so
    # a gap left in the admin cannot stop every deadline computation.
    rules += [("", rule) for rule in shipped_office_hours().rules]
    return scoped_office_hours(rules, code)


def _build(code: str) -> WorkClock:
    exceptions = _db_exceptions(code)
    if exceptions is None:
        exceptions = shipped_exceptions(code)
    hours = _db_office_hours(code)
    if hours is None:
        hours = shipped_office_hours(code)
    return WorkClock(Calendar(exceptions), hours, same_day_cutoff())


def clock_for(province: str | int | None = "") -> WorkClock:
    """Calendar, office hours and cut-off for a province (``""``: the national ones)."""
    code = province_code(province)
    now = time.monotonic()
    with _lock:
        cached = _cache.get(code)
        if cached and now - cached[0] < CACHE_SECONDS:
            return cached[1]
    clock = _build(code)
    with _lock:
        _cache[code] = (now, clock)
    return clock


def calendar_for(province: str | int | None = "") -> tuple[Calendar, OfficeHours]:
    clock = clock_for(province)
    return clock.calendar, clock.hours


def due_for(
    province: str | int | None,
    received_at: dt.datetime,
    limit: Limit | str,
    pauses: Sequence[Interval] = (),
) -> dt.datetime:
    """The due moment of ``limit`` (``Limit`` or text like ``"3d"``) for that province."""
    parsed = limit if isinstance(limit, Limit) else Limit.parse(limit)
    return clock_for(province).due_with_pauses(received_at, parsed, pauses)


def elapsed_for(
    province: str | int | None,
    start: dt.datetime,
    end: dt.datetime,
    pauses: Sequence[Interval] = (),
) -> dt.timedelta:
    """Working time between two moments, less the pauses."""
    return clock_for(province).elapsed(start, end, pauses)


def special_days(year: int, province: str | int | None = "") -> list[DayInfo]:
    """Holidays, decreed days off and make-up working days of ``year``."""
    if not 1995 <= year <= 2100:
        raise InvalidInput("Năm phải trong khoảng 1995 – 2100.", code="invalid_year")
    return clock_for(province).calendar.special_days(year)
