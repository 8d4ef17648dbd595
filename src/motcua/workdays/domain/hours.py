"""Office hours (giờ làm việc): the working sessions of a day, by season.

Provinces set their own hours by decision of the People's Committee, and northern mountain
provinces switch between summer and winter hours; a rule applies to a range of month-days
(which may wrap over the new year, e.g. 15/10 → 14/4). The numbers are data (shipped JSON,
then the admin), never constants here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MonthDay = tuple[int, int]


def _check_month_day(md: MonthDay) -> None:
    month, day = md
    # 2000 is a leap year, so 29/2 is accepted.
    dt.date(2000, month, day)


@dataclass(frozen=True, order=True)
class Session:
    """One working session, e.g. the morning 07:30–11:30."""

    start: dt.time
    end: dt.time

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("session times are wall-clock times without a time zone")
        if not self.start < self.end:
            raise ValueError(f"session must start before it ends: {self.start}–{self.end}")

    @property
    def duration(self) -> dt.timedelta:
        day = dt.date(2000, 1, 1)
        return dt.datetime.combine(day, self.end) - dt.datetime.combine(day, self.start)

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


@dataclass(frozen=True)
class SeasonRule:
    """Sessions that apply from ``start`` to ``end`` (month, day), both inclusive."""

    name: str
    start: MonthDay
    end: MonthDay
    sessions: tuple[Session, ...]

    def __post_init__(self) -> None:
        _check_month_day(self.start)
        _check_month_day(self.end)
        if not self.sessions:
            raise ValueError(f"rule {self.name!r} has no session")
        ordered = tuple(sorted(self.sessions))
        for before, after in zip(ordered, ordered[1:], strict=False):
            if after.start < before.end:
                raise ValueError(f"rule {self.name!r} has overlapping sessions")
        object.__setattr__(self, "sessions", ordered)

    def applies(self, day: dt.date) -> bool:
        md = (day.month, day.day)
        if self.start <= self.end:
            return self.start <= md <= self.end
        return md >= self.start or md <= self.end

    @property
    def daily_duration(self) -> dt.timedelta:
        return sum((s.duration for s in self.sessions), dt.timedelta())


class OfficeHours:
    """Seasonal rules, first match wins; together they must cover every day of the year.

    For a province, pass its own rules first and the national rules after them, so the
    province overrides where it has a rule and the national hours fill the rest.
    """

    def __init__(self, rules: Iterable[SeasonRule]) -> None:
        self.rules: tuple[SeasonRule, ...] = tuple(rules)
        leap_year = dt.date(2000, 1, 1)
        for offset in range(366):
            day = leap_year + dt.timedelta(days=offset)
            if not any(rule.applies(day) for rule in self.rules):
                raise ValueError(f"no office-hours rule covers {day:%d/%m}")

    def rule_on(self, day: dt.date) -> SeasonRule:
        for rule in self.rules:
            if rule.applies(day):
                return rule
        raise AssertionError("rules cover every day")  # pragma: no cover - checked in __init__

    def sessions_on(self, day: dt.date) -> tuple[Session, ...]:
        return self.rule_on(day).sessions

    @classmethod
    def simple(cls, sessions: Sequence[tuple[dt.time, dt.time]], name: str = "") -> OfficeHours:
        """The same sessions all year."""
        rule = SeasonRule(name, (1, 1), (12, 31), tuple(Session(a, b) for a, b in sessions))
        return cls([rule])
