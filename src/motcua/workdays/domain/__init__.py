"""Working days and deadline arithmetic — pure Python, no Django.

``WorkClock`` bundles a ``Calendar``, ``OfficeHours`` and the daily cut-off; the functions
below are the same operations for callers that hold the parts separately. The rules are
in ``clock.py``'s docstring and in docs/workdays.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from motcua.workdays.domain.calendar import (
    DAY_OFF,
    MAKE_UP_WORKDAY,
    Calendar,
    CalendarException,
    DayInfo,
    ExceptionKind,
)
from motcua.workdays.domain.clock import DEFAULT_CUTOFF, Interval, Outcome, WorkClock, classify
from motcua.workdays.domain.format import describe_due, format_day, format_hours, format_moment
from motcua.workdays.domain.hours import OfficeHours, SeasonRule, Session
from motcua.workdays.domain.limits import VN_TZ, Limit, Unit, parse_moment

__all__ = [
    "DAY_OFF",
    "DEFAULT_CUTOFF",
    "MAKE_UP_WORKDAY",
    "VN_TZ",
    "Calendar",
    "CalendarException",
    "DayInfo",
    "ExceptionKind",
    "Interval",
    "Limit",
    "OfficeHours",
    "Outcome",
    "SeasonRule",
    "Session",
    "Unit",
    "WorkClock",
    "add_working_time",
    "classify",
    "describe_due",
    "due",
    "due_with_pauses",
    "elapsed",
    "format_day",
    "format_hours",
    "format_moment",
    "parse_moment",
]


def due(
    received_at: dt.datetime,
    limit: Limit,
    calendar: Calendar,
    hours: OfficeHours,
    cutoff: dt.time = DEFAULT_CUTOFF,
) -> dt.datetime:
    return WorkClock(calendar, hours, cutoff).due(received_at, limit)


def due_with_pauses(
    received_at: dt.datetime,
    limit: Limit,
    pauses: Sequence[Interval],
    calendar: Calendar,
    hours: OfficeHours,
    cutoff: dt.time = DEFAULT_CUTOFF,
) -> dt.datetime:
    return WorkClock(calendar, hours, cutoff).due_with_pauses(received_at, limit, pauses)


def elapsed(
    start: dt.datetime,
    end: dt.datetime,
    pauses: Sequence[Interval] = (),
    *,
    calendar: Calendar,
    hours: OfficeHours,
) -> dt.timedelta:
    return WorkClock(calendar, hours).elapsed(start, end, pauses)


def add_working_time(
    start: dt.datetime, delta: dt.timedelta, *, calendar: Calendar, hours: OfficeHours
) -> dt.datetime:
    return WorkClock(calendar, hours).add_working_time(start, delta)
