"""The calendar data shipped with the package (``motcua/workdays/data/*.json``).

The database is loaded from these files (``motcua workdays load``) and falls back to them
while its tables are empty, so a fresh install computes correct deadlines at once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Any

from motcua.errors import InvalidInput
from motcua.workdays.domain.calendar import EXCEPTION_KINDS, CalendarException, ExceptionKind
from motcua.workdays.domain.hours import OfficeHours, SeasonRule, Session


def _load(name: str) -> dict[str, Any]:
    text = resources.files("motcua.workdays").joinpath("data", name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def exception_rows() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = _load("calendar_exceptions.json")["exceptions"]
    return rows


def office_hours_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = _load("office_hours.json")["rules"]
    return rows


def normalize_province_code(code: str | int | None) -> str:
    """``"12"``, ``"012"``, ``12`` → ``"12"``; empty → ``""`` (nationwide)."""
    text = str(code if code is not None else "").strip()
    if not text:
        return ""
    if not text.isdigit() or len(text) > 3:
        raise InvalidInput(f"Mã tỉnh «{text}» không hợp lệ.", code="invalid_province")
    return f"{int(text):02d}"


def parse_clock_time(text: str) -> dt.time:
    try:
        return dt.time.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(f"Giờ «{text}» không hợp lệ (dạng HH:MM).", code="invalid_time") from exc


def parse_month_day(text: str) -> tuple[int, int]:
    month, day = (int(part) for part in text.split("-"))
    return month, day


def exception_from_row(row: Mapping[str, Any]) -> CalendarException:
    kind = str(row["kind"])
    if kind not in EXCEPTION_KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    day = row["date"]
    return CalendarException(
        date=day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)),
        kind=_kind(kind),
        name=str(row.get("name", "")),
        province_code=normalize_province_code(row.get("province_code", "")),
    )


def _kind(kind: str) -> ExceptionKind:
    return "day_off" if kind == "day_off" else "make_up_workday"


def scoped_exceptions(
    exceptions: Iterable[CalendarException], province_code: str
) -> list[CalendarException]:
    """Nationwide exceptions, then the province's own (which therefore win)."""
    code = normalize_province_code(province_code)
    items = list(exceptions)
    nationwide = [e for e in items if not e.province_code]
    own = [e for e in items if code and e.province_code == code]
    return nationwide + own


def rule_from_row(row: Mapping[str, Any]) -> SeasonRule:
    sessions: Sequence[Sequence[str]] = row["sessions"]
    return SeasonRule(
        name=str(row.get("name", "")),
        start=parse_month_day(str(row.get("from", "01-01"))),
        end=parse_month_day(str(row.get("to", "12-31"))),
        sessions=tuple(Session(parse_clock_time(a), parse_clock_time(b)) for a, b in sessions),
    )


def scoped_office_hours(rules: Iterable[tuple[str, SeasonRule]], province_code: str) -> OfficeHours:
    """The province's rules first, then the national ones."""
    code = normalize_province_code(province_code)
    items = list(rules)
    own = [rule for scope, rule in items if code and scope == code]
    national = [rule for scope, rule in items if not scope]
    return OfficeHours(own + national)


def shipped_exceptions(province_code: str = "") -> list[CalendarException]:
    return scoped_exceptions((exception_from_row(r) for r in exception_rows()), province_code)


def shipped_office_hours(province_code: str = "") -> OfficeHours:
    rules = [
        (normalize_province_code(r.get("province_code", "")), rule_from_row(r))
        for r in office_hours_rows()
    ]
    return scoped_office_hours(rules, province_code)
