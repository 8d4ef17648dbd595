"""Which days are working days (ngày làm việc).

The base is the `holidays` package's Vietnam calendar (public holidays of the Labour Code,
art. 112, including the lunar ones and the compensated days it knows). On top come the
decreed exceptions, kept as data: extra days off (ngày nghỉ bù, hoán đổi) and make-up
working days (ngày làm bù, usually a Saturday). An exception always wins over the package,
so an administrator can also correct the package (e.g. declare a package holiday a working
day with a ``make_up_workday`` row).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

import holidays

ExceptionKind = Literal["day_off", "make_up_workday"]
DAY_OFF: ExceptionKind = "day_off"
MAKE_UP_WORKDAY: ExceptionKind = "make_up_workday"
EXCEPTION_KINDS: tuple[ExceptionKind, ...] = (DAY_OFF, MAKE_UP_WORKDAY)

DayKind = Literal["workday", "weekend", "holiday", "day_off", "make_up_workday"]

# A calendar with no working day for this long is certainly misconfigured; searching on
# would loop forever.
MAX_IDLE_DAYS = 366


@dataclass(frozen=True)
class CalendarException:
    """A decreed exception to the ordinary week for one day, nationwide or for a province."""

    date: dt.date
    kind: ExceptionKind
    name: str
    province_code: str = ""

    def __post_init__(self) -> None:
        if self.kind not in EXCEPTION_KINDS:
            raise ValueError(f"unknown calendar exception kind: {self.kind!r}")


@dataclass(frozen=True)
class DayInfo:
    date: dt.date
    working: bool
    kind: DayKind
    name: str


class Calendar:
    """Working days: Monday–Friday, less public holidays, adjusted by decreed exceptions.

    ``exceptions`` are applied in order, a later one for the same date replacing an earlier
    one: pass the nationwide rows first and a province's rows after them.
    """

    def __init__(
        self,
        exceptions: Iterable[CalendarException] = (),
        *,
        use_package_holidays: bool = True,
        weekend: frozenset[int] = frozenset({5, 6}),
    ) -> None:
        self._days_off: dict[dt.date, str] = {}
        self._workdays: dict[dt.date, str] = {}
        for exc in exceptions:
            if exc.kind == DAY_OFF:
                self._workdays.pop(exc.date, None)
                self._days_off[exc.date] = exc.name
            else:
                self._days_off.pop(exc.date, None)
                self._workdays[exc.date] = exc.name
        self._use_package = use_package_holidays
        self._weekend = weekend
        self._years: dict[int, tuple[dict[dt.date, str], frozenset[dt.date]]] = {}

    def _package_year(self, year: int) -> tuple[dict[dt.date, str], frozenset[dt.date]]:
        cached = self._years.get(year)
        if cached is None:
            if self._use_package:
                vn = holidays.country_holidays("VN", years=year, language="vi")
                names = {day: str(name) for day, name in vn.items()}
                # The package knows some swapped Saturdays (e.g. 26/4/2025) as working days.
                extra = frozenset(getattr(vn, "weekend_workdays", ()))
                cached = (names, frozenset(d for d in extra if d.year == year))
            else:
                cached = ({}, frozenset())
            self._years[year] = cached
        return cached

    def day_info(self, day: dt.date) -> DayInfo:
        if day in self._workdays:
            return DayInfo(day, True, MAKE_UP_WORKDAY, self._workdays[day])
        if day in self._days_off:
            return DayInfo(day, False, DAY_OFF, self._days_off[day])
        names, package_workdays = self._package_year(day.year)
        if day in names:
            return DayInfo(day, False, "holiday", names[day])
        if day in package_workdays:
            return DayInfo(day, True, MAKE_UP_WORKDAY, "Ngày làm bù")
        if day.weekday() in self._weekend:
            return DayInfo(day, False, "weekend", "Nghỉ cuối tuần")
        return DayInfo(day, True, "workday", "")

    def is_working_day(self, day: dt.date) -> bool:
        return self.day_info(day).working

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        return self.add_working_days(day, 1)

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (``n = 0``: ``day`` itself)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        idle = 0
        while n > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
                idle = 0
            else:
                idle += 1
                if idle > MAX_IDLE_DAYS:
                    raise ValueError("the calendar has no working day for over a year")
        return day

    def working_days(self, start: dt.date, end: dt.date) -> Iterator[dt.date]:
        """Working days in ``[start, end]``."""
        day = start
        while day <= end:
            if self.is_working_day(day):
                yield day
            day += dt.timedelta(days=1)

    def special_days(self, year: int) -> list[DayInfo]:
        """Holidays, decreed days off and make-up working days of ``year``, by date."""
        names, package_workdays = self._package_year(year)
        candidates = set(names) | set(package_workdays)
        candidates |= {d for d in self._days_off if d.year == year}
        candidates |= {d for d in self._workdays if d.year == year}
        return [self.day_info(d) for d in sorted(candidates)]
