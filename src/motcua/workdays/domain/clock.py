"""Deadline arithmetic over working time.

Conventions (also in docs/workdays.md):

* All moments are aware datetimes; results are in Asia/Ho_Chi_Minh. Office hours are
  closed intervals ``[start, end]`` of each session on each working day.
* **Reception day** R: the reception moment is first moved to the next office moment
  (received at a lunch break → the afternoon session; in the evening, at a weekend or on
  a holiday → the next working session start; a moment exactly at a session's end counts
  as the next session). If that moment is after the cut-off (15:00:00 by default,
  strictly after), R is the next working day; otherwise R is its day.
* **N working days** (N ≥ 1): counting starts on the working day after R; the due moment
  is the END of the last session of the N-th working day after R. Received Friday
  13/02/2026 10:00 with 3 days → days counted 23, 24, 25/02 (Tết in between) → due
  25/02/2026 17:00.
* **Same day** (``same_day`` = ``0d``): due at the end of R — the same working day if
  received by the cut-off, otherwise the end of the next working day.
* **N working hours**: no cut-off; counting starts at the next office moment and the
  hours are added across sessions and days. The due moment is the earliest moment at
  which N working hours have run, so it can be a session's end (11:30), never the next
  session's start.
* **Pauses** (waiting for a supplement): the clock stops. The working time between the
  counting start and the plain due moment is the budget; the due moment with pauses is
  when that budget has run on working time outside the pauses. A pause therefore moves
  the due moment later by its working time as long as it lies before the (moved) due
  moment; a pause wholly after it moves nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from motcua.errors import InvalidInput
from motcua.workdays.domain.calendar import MAX_IDLE_DAYS, Calendar
from motcua.workdays.domain.hours import OfficeHours
from motcua.workdays.domain.limits import VN_TZ, Limit

DEFAULT_CUTOFF = dt.time(15, 0)
ZERO = dt.timedelta()

Interval = tuple[dt.datetime, dt.datetime]
Outcome = Literal["early", "on_time", "late"]


def to_local(moment: dt.datetime) -> dt.datetime:
    """``moment`` in Vietnam time; a naive datetime is a programming error."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("naive datetime: pass an aware datetime (Asia/Ho_Chi_Minh or UTC)")
    return moment.astimezone(VN_TZ)


def _merge(intervals: Sequence[Interval], floor: dt.datetime | None = None) -> list[Interval]:
    """Sorted, non-overlapping intervals, each clipped to start no earlier than ``floor``."""
    cleaned: list[Interval] = []
    for start, end in intervals:
        start, end = to_local(start), to_local(end)
        if end < start:
            raise InvalidInput(
                "Khoảng tạm dừng có thời điểm kết thúc trước thời điểm bắt đầu.",
                code="invalid_pause",
            )
        if floor is not None:
            start = max(start, floor)
        if end > start:
            cleaned.append((start, end))
    cleaned.sort()
    merged: list[Interval] = []
    for start, end in cleaned:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def classify(finished_at: dt.datetime, due_at: dt.datetime) -> Outcome:
    """Early / on time / late, comparing in Vietnam time.

    * ``late``: finished after the due moment;
    * ``early`` (trước hạn): finished on a calendar day before the due moment's day;
    * ``on_time`` (đúng hạn): finished on the due day, at or before the due moment.
    """
    finished, due = to_local(finished_at), to_local(due_at)
    if finished > due:
        return "late"
    if finished.date() < due.date():
        return "early"
    return "on_time"


@dataclass(frozen=True)
class WorkClock:
    """A calendar, office hours and the daily cut-off: everything deadlines need."""

    calendar: Calendar
    hours: OfficeHours
    cutoff: dt.time = DEFAULT_CUTOFF

    # -- office time --------------------------------------------------------------------

    def sessions(self, day: dt.date) -> list[Interval]:
        """The office intervals of ``day`` (none on a day off)."""
        if not self.calendar.is_working_day(day):
            return []
        return [
            (
                dt.datetime.combine(day, s.start, tzinfo=VN_TZ),
                dt.datetime.combine(day, s.end, tzinfo=VN_TZ),
            )
            for s in self.hours.sessions_on(day)
        ]

    def _segments(self, start: dt.datetime) -> Iterator[Interval]:
        """Office time from ``start`` on, in order: each session clipped to after ``start``.

        A session that ends exactly at ``start`` is skipped.
        """
        day = start.date()
        idle = 0
        while True:
            intervals = self.sessions(day)
            if intervals:
                idle = 0
                for a, b in intervals:
                    if b > start:
                        yield max(a, start), b
            else:
                idle += 1
                if idle > MAX_IDLE_DAYS:
                    raise ValueError("the calendar has no working day for over a year")
            day += dt.timedelta(days=1)

    def is_office_time(self, moment: dt.datetime) -> bool:
        moment = to_local(moment)
        return any(a <= moment <= b for a, b in self.sessions(moment.date()))

    def next_office_moment(self, moment: dt.datetime) -> dt.datetime:
        """The first moment at or after ``moment`` with working time ahead in its session."""
        return next(self._segments(to_local(moment)))[0]

    def day_end(self, day: dt.date) -> dt.datetime:
        return self.sessions(day)[-1][1]

    def day_start(self, day: dt.date) -> dt.datetime:
        return self.sessions(day)[0][0]

    # -- working time -------------------------------------------------------------------

    def working_time(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Office time inside ``[start, end]`` (zero if ``end <= start``)."""
        start, end = to_local(start), to_local(end)
        total = ZERO
        if end <= start:
            return total
        for a, b in self._segments(start):
            if a >= end:
                break
            total += min(b, end) - a
        return total

    def add_working_time(self, start: dt.datetime, delta: dt.timedelta) -> dt.datetime:
        """The earliest moment by which ``delta`` of office time has run since ``start``."""
        return self._add_free_time(to_local(start), delta, [])

    def _add_free_time(
        self, start: dt.datetime, delta: dt.timedelta, pauses: list[Interval]
    ) -> dt.datetime:
        if delta < ZERO:
            raise ValueError("delta must not be negative")
        if delta == ZERO:
            return start
        remaining = delta
        pause_index = 0
        for a, b in self._segments(start):
            cursor = a
            while cursor < b:
                # Skip pauses that ended before the cursor; the next one may cut this segment.
                while pause_index < len(pauses) and pauses[pause_index][1] <= cursor:
                    pause_index += 1
                if pause_index < len(pauses) and pauses[pause_index][0] <= cursor:
                    cursor = min(b, pauses[pause_index][1])
                    continue
                free_end = b
                if pause_index < len(pauses):
                    free_end = min(b, pauses[pause_index][0])
                if remaining <= free_end - cursor:
                    return cursor + remaining
                remaining -= free_end - cursor
                cursor = free_end
        raise AssertionError("unreachable: _segments is endless")  # pragma: no cover

    def elapsed(
        self,
        start: dt.datetime,
        end: dt.datetime,
        pauses: Sequence[Interval] = (),
    ) -> dt.timedelta:
        """Working time from ``start`` to ``end``, less the working time of ``pauses``."""
        start, end = to_local(start), to_local(end)
        if end < start:
            raise InvalidInput(
                "Thời điểm kết thúc phải sau thời điểm bắt đầu.", code="invalid_interval"
            )
        total = self.working_time(start, end)
        for a, b in _merge(pauses, floor=start):
            total -= self.working_time(a, min(b, end))
        return total

    # -- deadlines ----------------------------------------------------------------------

    def reception_day(self, received_at: dt.datetime) -> dt.date:
        """R: the working day the dossier counts as received (after the cut-off: the next)."""
        moment = self.next_office_moment(received_at)
        if moment.time() > self.cutoff:
            return self.calendar.next_working_day(moment.date())
        return moment.date()

    def counting_start(self, received_at: dt.datetime, limit: Limit) -> dt.datetime:
        """The moment from which the limit's working time runs."""
        if limit.unit == "hours":
            return self.next_office_moment(received_at)
        day = self.reception_day(received_at)
        if limit.unit == "days":
            return self.day_start(self.calendar.next_working_day(day))
        moment = self.next_office_moment(received_at)
        return moment if moment.date() == day else self.day_start(day)

    def due(self, received_at: dt.datetime, limit: Limit) -> dt.datetime:
        """The due moment (thời hạn trả kết quả) of ``limit`` for a dossier received then."""
        if limit.unit == "hours":
            return self.add_working_time(self.next_office_moment(received_at), limit.as_timedelta)
        day = self.calendar.add_working_days(self.reception_day(received_at), limit.working_days)
        return self.day_end(day)

    def counted_days(self, received_at: dt.datetime, limit: Limit) -> list[dt.date]:
        """The working days the limit runs over, from the counting start to the due day."""
        start = self.counting_start(received_at, limit)
        due = self.due(received_at, limit)
        return list(self.calendar.working_days(start.date(), due.date()))

    def due_with_pauses(
        self,
        received_at: dt.datetime,
        limit: Limit,
        pauses: Sequence[Interval] = (),
    ) -> dt.datetime:
        """The due moment when the clock stops during ``pauses`` (see the module doc)."""
        start = self.counting_start(received_at, limit)
        plain = self.due(received_at, limit)
        merged = _merge(pauses, floor=start)
        if not merged:
            return plain
        budget = self.working_time(start, plain)
        if budget == ZERO:
            return plain
        return self._add_free_time(start, budget, merged)

    def classify(self, finished_at: dt.datetime, due_at: dt.datetime) -> Outcome:
        return classify(finished_at, due_at)
