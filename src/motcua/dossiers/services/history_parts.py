"""The pieces the demo history is made of (``history``, ``history_life``): officials,
procedures, communes and intakes as the generator holds them, the office sessions as
cumulative working seconds (``WorkTime``), and the texts of moments and JSON as the
database and the hash chain take them."""

from __future__ import annotations

import json
import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from motcua.workdays.domain import VN_TZ, Limit, WorkClock

HOUR = 3600
DAY = 8 * HOUR  # a working day of the shipped office hours, for spreading actions only


class WorkTime:
    """The office sessions of a period as cumulative working seconds, so that "N working
    seconds after t" is two bisections. Same answers as ``WorkClock.add_working_time``."""

    def __init__(self, clock: WorkClock, first: date, last: date) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.cum: list[int] = []
        self.cum_end: list[int] = []
        self.days: dict[date, tuple[int, int]] = {}
        self.cutoffs: list[int] = []
        total = 0
        day = first
        while day <= last:
            sessions = clock.sessions(day)
            if sessions:
                begin = total
                for a, b in sessions:
                    start, end = int(a.timestamp()), int(b.timestamp())
                    self.starts.append(start)
                    self.ends.append(end)
                    self.cum.append(total)
                    total += end - start
                    self.cum_end.append(total)
                self.days[day] = (begin, total)
            day += timedelta(days=1)
        self.first, self.last = first, last

    def index_cutoffs(self, clock: WorkClock) -> None:
        """The cut-off moment of each session's day (``clock.cutoff``, local time)."""
        for start in self.starts:
            day = datetime.fromtimestamp(start, VN_TZ).date()
            self.cutoffs.append(int(datetime.combine(day, clock.cutoff, tzinfo=VN_TZ)
                                    .timestamp()))

    def offset(self, t: int) -> int:
        """Working seconds from the start of the period to ``t``."""
        i = bisect_right(self.starts, t) - 1
        if i < 0:
            return 0
        if t >= self.ends[i]:
            return self.cum_end[i]
        return self.cum[i] + t - self.starts[i]

    def at(self, x: int) -> int:
        """The earliest moment by which ``x`` working seconds of the period have run."""
        i = bisect_left(self.cum_end, x)
        if i >= len(self.cum_end):
            raise ValueError("beyond the indexed period")
        return self.starts[i] + max(0, x - self.cum[i])

    def add(self, t: int, seconds: int) -> int:
        return t if seconds <= 0 else self.at(self.offset(t) + seconds)


@dataclass(frozen=True)
class Person:
    """An official as the events name them."""

    id: int
    role: str  # the capacity they act in (``as_role``)
    name: str  # ``full_name or username``: the event's actor_name and handler_name

    @property
    def ref(self) -> str:
        return str(self.id)

    @property
    def name_json(self) -> str:
        return STR(self.name)


@dataclass(frozen=True)
class Doc:
    id: int
    name: str
    copies: int
    mandatory: bool
    reusable: bool


@dataclass
class Proc:
    """A procedure as the generator needs it (from the catalog)."""

    id: int
    code: str
    limit: Limit
    steps: list[dict[str, Any]]  # the plan (``planning.plan_from_steps``)
    signature_required: bool
    docs: list[Doc]
    online: bool  # may be submitted online
    transfer_to: tuple[int, str, str] | None = None  # (agency id, electronic id, name)
    members: list[Proc] = field(default_factory=list)  # a linked group's other procedures

    def __post_init__(self) -> None:
        self.steps_json = DUMPS(self.steps)
        self.step_names_json = DUMPS([s["name"] for s in self.steps])


@dataclass
class Commune:
    code: str
    province_code: str
    receiving: tuple[int, str]  # (agency id, electronic id) of the counter
    competent: dict[int, tuple[int, str]]  # procedure id -> (agency id, electronic id)
    clerks: list[Person]
    specialists: list[Person]
    heads: list[Person]
    leaders: list[Person]
    team: list[Person]
    late_rate: float


@dataclass
class Intake:
    """One reception: what the clerk typed in, and the numbers the counter gave it."""

    commune: Commune
    proc: Proc
    at: int
    channel: str  # counter / online / post / assisted
    clerk: Person
    helper: Person | None
    applicant: tuple[str, str, str, str, str, str]  # name, id, phone, email, address, unit
    cross_boundary: bool


DUMPS = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
STR = json.encoder.encode_basestring  # a JSON string literal, non-ASCII kept as it is
_CLOCK = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]
_DAYS: dict[int, str] = {}


def _day(n: int) -> str:
    text = _DAYS.get(n)
    if text is None:
        text = _DAYS[n] = time.strftime("%Y-%m-%d", time.gmtime(n * 86400))
    return text


def db_text(ts: int) -> str:
    """A moment as Django stores it in SQLite (UTC, no offset)."""
    return f"{_day(ts // 86400)} {_CLOCK[ts % 86400]}"


def db_text_utc(ts: int) -> str:
    """A moment as PostgreSQL's COPY reads a ``timestamptz``."""
    return f"{_day(ts // 86400)} {_CLOCK[ts % 86400]}+00:00"


def iso(ts: int) -> str:
    """``Event.record()``'s text of a moment: ``to_utc(at).isoformat()``."""
    return f"{_day(ts // 86400)}T{_CLOCK[ts % 86400]}+00:00"


def iso_or_null(ts: int | None) -> str:
    return f'"{iso(ts)}"' if ts else "null"


@dataclass
class Buffers:
    """Rows waiting for the next bulk insert (in the writer's column order)."""

    dossiers: list[dict[str, Any]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    documents: list[tuple[Any, ...]] = field(default_factory=list)
    pauses: list[tuple[Any, ...]] = field(default_factory=list)

    def clear(self) -> None:
        self.dossiers.clear()
        self.events.clear()
        self.documents.clear()
        self.pauses.clear()


