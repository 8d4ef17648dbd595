"""The indicators' formulas (REFERENCE §4, docs/indicators.md). Pure Python: no Django.

A dossier contributes a set of integer counters (``contribution``); every figure of a unit
and period is a sum of contributions (``Figures``), so the rollups can be kept by adding
``contribution(after) - contribution(before)`` on each change and checked by a recount.
The split of dossiers in progress into "not yet due" and "overdue" depends on the current
time and is therefore not a counter: it is taken from the open dossiers when asked
(``split_open``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from motcua.workdays.domain.clock import classify, to_local

# Stored dossier states (``motcua.dossiers.domain.Status`` values), kept as strings so that
# this module stays usable on plain rows.
OPEN_STATES: frozenset[str] = frozenset(
    {"received", "in_processing", "waiting_supplement", "waiting_signature", "transferred"}
)
# While a supplement is awaited the clock is stopped (REFERENCE §3): never overdue then.
CLOCK_STOPPED: frozenset[str] = frozenset({"waiting_supplement"})
END_STATES: tuple[str, ...] = ("refused", "withdrawn", "stopped", "result_ready", "returned")
WITH_RESULT: frozenset[str] = frozenset({"result_ready", "returned"})
CHANNELS: tuple[str, ...] = ("counter", "online", "post", "assisted")

COUNTERS: tuple[str, ...] = (
    "received",
    "ch_counter", "ch_online", "ch_post", "ch_assisted",
    "early", "on_time", "late",
    "refused", "withdrawn", "stopped", "result_ready", "returned",
    "in_progress",
    "supplemented", "supplement_rounds", "multi_supplement",
    "digitized", "electronic_result", "with_result", "data_reused",
    "cross_boundary",
)


@dataclass(frozen=True, slots=True)
class DossierFacts:
    """What the indicators read of one dossier (the columns of the same names)."""

    state: str
    channel: str
    received_at: dt.datetime
    due_at: dt.datetime
    finished_at: dt.datetime | None = None
    late_by_supplements: bool = False
    supplement_rounds: int = 0
    digitized: bool = False
    electronic_result: bool | None = None
    data_reused: bool = False
    cross_boundary: bool = False


def outcome(facts: DossierFacts) -> str:
    """``early`` / ``on_time`` / ``late`` for a dossier whose processing has ended, ``""``
    while it is in progress.

    The national index (REFERENCE §4): the verdict is taken when processing ends (refused,
    stopped, settled, returned, withdrawn: ``finished_at``), against the due moment that
    already has the supplement waits added back (the dossier services push ``due_at`` by
    the paused time), and more than one supplement request makes the dossier late
    whatever the dates say (``late_by_supplements``).
    """
    if facts.finished_at is None:
        return ""
    if facts.late_by_supplements:
        return "late"
    return classify(facts.finished_at, facts.due_at)


def local_day(moment: dt.datetime) -> dt.date:
    """The Vietnam calendar day of a moment (the rollups' day is the day of reception)."""
    return to_local(moment).date()


def contribution(facts: DossierFacts | None) -> dict[str, int]:
    """The counters one dossier adds to its unit and day (all zero for ``None``)."""
    c = dict.fromkeys(COUNTERS, 0)
    if facts is None:
        return c
    c["received"] = 1
    if facts.channel in CHANNELS:
        c[f"ch_{facts.channel}"] = 1
    verdict = outcome(facts)
    if verdict:
        c[verdict] = 1
    else:
        c["in_progress"] = 1
    if facts.state in END_STATES:
        c[facts.state] = 1
    rounds = int(facts.supplement_rounds or 0)
    c["supplemented"] = int(rounds > 0)
    c["supplement_rounds"] = rounds
    c["multi_supplement"] = int(bool(facts.late_by_supplements))
    # A withdrawn dossier leaves the rates' denominator (``Figures.processed``), so it
    # leaves their numerators too.
    kept = facts.state != "withdrawn"
    c["digitized"] = int(bool(facts.digitized) and kept)
    c["electronic_result"] = int(facts.electronic_result is True and facts.state in WITH_RESULT)
    c["with_result"] = int(facts.state in WITH_RESULT)
    c["data_reused"] = int(bool(facts.data_reused) and kept)
    c["cross_boundary"] = int(bool(facts.cross_boundary))
    return c


def delta(before: DossierFacts | None, after: DossierFacts | None) -> dict[str, int]:
    """What a change adds to the counters: ``contribution(after) - contribution(before)``
    (only the counters that move)."""
    a, b = contribution(after), contribution(before)
    return {k: a[k] - b[k] for k in COUNTERS if a[k] != b[k]}


def split_open(
    open_dossiers: Iterable[tuple[str, dt.datetime]], now: dt.datetime
) -> tuple[int, int]:
    """(not yet due, overdue) among dossiers in progress, given as (state, due_at).

    Overdue: the due moment has passed and the clock runs. A dossier waiting for a
    supplement has its clock stopped, so it is never overdue while it waits."""
    not_yet_due = overdue = 0
    for state, due_at in open_dossiers:
        if state not in CLOCK_STOPPED and due_at < now:
            overdue += 1
        else:
            not_yet_due += 1
    return not_yet_due, overdue


# -- rates -----------------------------------------------------------------------------

TWO_PLACES = Decimal("0.01")


def rate(part: int, whole: int) -> Decimal | None:
    """``part / whole`` in percent with two decimals (half up); ``None`` when nothing to
    divide by (shown as a dash, never as 0% or 100%)."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def format_rate(value: Decimal | None) -> str:
    """Vietnamese style: two decimals, comma as decimal separator: ``96,06%``."""
    if value is None:
        return "—"
    return f"{value:.2f}".replace(".", ",") + "%"


def format_count(value: int) -> str:
    """Thousands with a dot (``10.223``), as the communes' tables print them."""
    return f"{value:,}".replace(",", ".")


@dataclass
class Figures:
    """The indicators of one unit (agency, commune, province) and one period: the sum of
    its dossiers' contributions plus the live split of those still in progress."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTERS, 0))
    not_yet_due: int = 0
    overdue: int = 0

    @classmethod
    def of(cls, rows: Iterable[Mapping[str, int | None]]) -> Figures:
        figures = cls()
        for row in rows:
            figures.add(row)
        return figures

    def add(self, row: Mapping[str, int | None]) -> None:
        for k in COUNTERS:
            self.counts[k] += int(row.get(k) or 0)

    def __getattr__(self, name: str) -> int:
        counts = self.__dict__.get("counts")
        if counts is not None and name in counts:
            return counts[name]
        raise AttributeError(name)

    # derived counts
    @property
    def settled(self) -> int:
        return self.counts["early"] + self.counts["on_time"] + self.counts["late"]

    @property
    def settled_in_time(self) -> int:
        return self.counts["early"] + self.counts["on_time"]

    @property
    def online(self) -> int:
        """Submitted online: by the applicant or by the village digital team for them."""
        return self.counts["ch_online"] + self.counts["ch_assisted"]

    @property
    def processed(self) -> int:
        """Dossiers that went through processing: received, less those withdrawn (a
        withdrawn dossier goes back to the applicant; nothing is digitized or reused)."""
        return self.counts["received"] - self.counts["withdrawn"]

    # rates (percent, two decimals, None when undefined)
    @property
    def in_time_rate(self) -> Decimal | None:
        return rate(self.settled_in_time, self.settled)

    @property
    def online_rate(self) -> Decimal | None:
        return rate(self.online, self.counts["received"])

    @property
    def digitization_rate(self) -> Decimal | None:
        return rate(self.counts["digitized"], self.processed)

    @property
    def electronic_result_rate(self) -> Decimal | None:
        return rate(self.counts["electronic_result"], self.counts["with_result"])

    @property
    def data_reuse_rate(self) -> Decimal | None:
        return rate(self.counts["data_reused"], self.processed)

    @property
    def supplement_rate(self) -> Decimal | None:
        return rate(self.counts["supplemented"], self.counts["received"])

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = dict(self.counts)
        out.update(
            settled=self.settled, online=self.online, not_yet_due=self.not_yet_due,
            overdue=self.overdue,
        )
        for name in RATE_NAMES:
            value = getattr(self, name)
            out[name] = None if value is None else float(value)
        return out


RATE_NAMES: tuple[str, ...] = (
    "in_time_rate", "online_rate", "digitization_rate", "electronic_result_rate",
    "data_reuse_rate", "supplement_rate",
)


def narrative(f: Figures) -> str:
    """The paragraph the communes open their report with, in their own words (footnote 26
    of the Bình Lư report, REFERENCE §1). A late clause appears only when some were late,
    so a period without late dossiers reads exactly as the communes write it."""
    late = f", giải quyết quá hạn {f.counts['late']} hồ sơ" if f.counts["late"] else ""
    return (
        f"Tổng số hồ sơ tiếp nhận theo kỳ báo cáo là: {f.counts['received']} hồ sơ, "
        f"số hồ sơ giải quyết trước hạn {f.counts['early']} hồ sơ, "
        f"giải quyết đúng hạn {f.counts['on_time']} hồ sơ{late}. "
        f"Số hồ sơ đang giải quyết đúng hạn {f.not_yet_due} hồ sơ, "
        f"số hồ sơ quá hạn {f.overdue} hồ sơ."
    )


def rates_sentence(f: Figures) -> str:
    return (
        f"Tỷ lệ số hóa hồ sơ đạt {format_rate(f.digitization_rate)}; "
        f"tỷ lệ cấp kết quả giải quyết thủ tục hành chính điện tử đạt "
        f"{format_rate(f.electronic_result_rate)}; "
        f"tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa đạt "
        f"{format_rate(f.data_reuse_rate)}."
    )


# -- satisfaction, procedures offered online, workload -----------------------------------


@dataclass(frozen=True)
class Satisfaction:
    """Ratings 1–5 of settled dossiers. The index counts a dossier satisfied unless its
    applicant was dissatisfied (REFERENCE §4); a score of 1 or 2 is dissatisfied."""

    rated: int
    average: Decimal | None
    satisfied_rate: Decimal | None


def satisfaction(scores: Mapping[int, int]) -> Satisfaction | None:
    """From a histogram ``{score: count}``; ``None`` (no data) when nobody rated."""
    rated = sum(n for s, n in scores.items() if 1 <= s <= 5)
    if rated == 0:
        return None
    total = sum(s * n for s, n in scores.items() if 1 <= s <= 5)
    unhappy = sum(n for s, n in scores.items() if 1 <= s <= 2)
    average = (Decimal(total) / Decimal(rated)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    return Satisfaction(rated, average, rate(rated - unhappy, rated))


@dataclass(frozen=True)
class OnlineOffer:
    fully: int
    partly: int
    in_person: int

    @property
    def total(self) -> int:
        return self.fully + self.partly + self.in_person

    @property
    def offered_rate(self) -> Decimal | None:
        """Procedures offered online, fully or partly (≥ 80% scores full in the index)."""
        return rate(self.fully + self.partly, self.total)


def online_offer(levels: Iterable[str]) -> OnlineOffer:
    counts = {"fully_online": 0, "partly_online": 0, "in_person": 0}
    for level in levels:
        counts[level if level in counts else "in_person"] += 1
    return OnlineOffer(counts["fully_online"], counts["partly_online"], counts["in_person"])


@dataclass(frozen=True)
class Workload:
    """One official's work in a period: dossiers received at the counter, dossiers held as
    handler (the official who holds or last held the dossier), and those held and overdue."""

    official_id: int
    name: str
    received: int = 0
    handled: int = 0
    overdue: int = 0
