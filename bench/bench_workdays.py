"""Deadline arithmetic: `due()` for working-day and working-hour limits across a year of
reception times, against the same-run baseline of naive calendar arithmetic
(`received + timedelta(days=n)`, which is what the law forbids but costs nothing)."""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import per_call, report, setup_django  # noqa: E402

setup_django()

from motcua.workdays.domain import VN_TZ, Limit  # noqa: E402
from motcua.workdays.selectors import clock_for  # noqa: E402

clock = clock_for("12")
rng = random.Random(7)
start = dt.datetime(2026, 1, 1, 7, 0, tzinfo=VN_TZ)
moments = [start + dt.timedelta(minutes=rng.randrange(0, 365 * 24 * 60)) for _ in range(1000)]
limits = [Limit.parse(s) for s in ("0d", "1d", "3d", "5d", "15d", "17d", "8h", "4h")]
cases = [(m, limits[i % len(limits)]) for i, m in enumerate(moments)]
it = iter(range(10**12))


def one_due():
    m, lim = cases[next(it) % len(cases)]
    return clock.due(m, lim)


def one_naive():
    m, lim = cases[next(it) % len(cases)]
    return m + dt.timedelta(days=float(lim.value))


pauses_cases = [(m, [(m + dt.timedelta(days=1), m + dt.timedelta(days=3))]) for m in moments]


def one_due_with_pause():
    m, p = pauses_cases[next(it) % len(pauses_cases)]
    return clock.due_with_pauses(m, limits[2], p)


naive = per_call(one_naive, number=2000)
report("workdays.due (mixed limits, Lai Châu calendar)", per_call(one_due, number=2000), naive,
       "naive timedelta")
report("workdays.due_with_pauses (3d, one 2-day pause)", per_call(one_due_with_pause, number=2000),
       naive, "naive timedelta")
