"""Laws of the deadline arithmetic, checked with hypothesis over 2025–2027."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workdays.domain import Calendar, Limit, WorkClock, classify
from motcua.workdays.domain.shipped import shipped_exceptions, shipped_office_hours

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CLOCKS = [
    WorkClock(Calendar(shipped_exceptions()), shipped_office_hours()),
    WorkClock(Calendar(shipped_exceptions("12")), shipped_office_hours("12")),
    WorkClock(Calendar(shipped_exceptions()), shipped_office_hours(), dt.time(16, 30)),
]

clocks = st.sampled_from(CLOCKS)
moments = st.datetimes(
    min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2026, 12, 31, 23, 59)
).map(lambda d: d.replace(tzinfo=VN))
day_limits = st.integers(min_value=0, max_value=30).map(Limit.days)
# Multiples of 3 minutes are exact decimal hours (0.05 h).
hour_limits = st.integers(min_value=1, max_value=800).map(
    lambda k: Limit.hours(Decimal(k * 3) / 60)
)
limits = st.one_of(day_limits, hour_limits, st.just(Limit.same_day()))
durations = st.integers(min_value=0, max_value=200 * 3600).map(lambda s: dt.timedelta(seconds=s))


def pause_lists(min_size=0):
    return st.lists(
        st.tuples(moments, st.integers(min_value=0, max_value=20 * 24 * 60)).map(
            lambda p: (p[0], p[0] + dt.timedelta(minutes=p[1]))
        ),
        min_size=min_size,
        max_size=4,
    )


@st.composite
def office_moments(draw, clock):
    """A moment strictly inside a session (or at its end) on a working day."""
    day = draw(moments).date()
    while not clock.calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    a, b = draw(st.sampled_from(clock.sessions(day)))
    offset = draw(st.integers(min_value=1, max_value=int((b - a).total_seconds())))
    return a + dt.timedelta(seconds=offset)


@given(clocks, moments, limits)
def test_due_is_always_office_time_on_a_working_day(clock, received, limit):
    due = clock.due(received, limit)
    assert clock.calendar.is_working_day(due.date())
    assert clock.is_office_time(due)
    assert due >= received
    assert due.utcoffset() == dt.timedelta(hours=7)


@given(clocks, moments, day_limits)
def test_day_limits_end_at_the_end_of_the_day(clock, received, limit):
    due = clock.due(received, limit)
    assert due == clock.sessions(due.date())[-1][1]
    assert len(clock.counted_days(received, limit)) == max(limit.working_days, 1)


@given(st.data(), clocks, st.integers(min_value=0, max_value=45 * 24 * 3600))
def test_adding_the_elapsed_time_to_the_start_gives_the_end(data, clock, back_seconds):
    end = data.draw(office_moments(clock))
    start = end - dt.timedelta(seconds=back_seconds)
    assert clock.add_working_time(start, clock.elapsed(start, end)) == end


@given(clocks, moments, durations)
def test_elapsed_undoes_add_working_time(clock, start, delta):
    assert clock.elapsed(start, clock.add_working_time(start, delta)) == delta


@given(clocks, moments, st.integers(min_value=0, max_value=29), st.integers(1, 10))
def test_due_is_monotone_in_days(clock, received, n, more):
    assert clock.due(received, Limit.days(n)) <= clock.due(received, Limit.days(n + more))
    assert clock.due(received, Limit.same_day()) <= clock.due(received, Limit.days(1))


@given(clocks, moments, hour_limits, hour_limits)
def test_due_is_monotone_in_hours(clock, received, small, extra):
    bigger = Limit.hours(small.value + extra.value)
    assert clock.due(received, small) < clock.due(received, bigger)


@given(clocks, moments, limits, pause_lists(), pause_lists(min_size=1))
def test_pauses_only_move_the_due_moment_later(clock, received, limit, some, extra):
    plain = clock.due(received, limit)
    with_some = clock.due_with_pauses(received, limit, some)
    with_more = clock.due_with_pauses(received, limit, some + extra)
    assert plain <= with_some <= with_more
    assert clock.is_office_time(with_more)


@given(clocks, moments, limits, pause_lists(min_size=1))
def test_pauses_consume_no_budget(clock, received, limit, pauses):
    start = clock.counting_start(received, limit)
    budget = clock.elapsed(start, clock.due(received, limit))
    moved = clock.due_with_pauses(received, limit, pauses)
    assert clock.elapsed(start, moved, pauses) == budget


@given(clocks, moments, durations, pause_lists())
def test_pauses_never_add_working_time(clock, start, delta, pauses):
    end = start + delta
    worked = clock.elapsed(start, end)
    assert dt.timedelta() <= clock.elapsed(start, end, pauses) <= worked


@given(moments, st.integers(min_value=-5 * 86400, max_value=5 * 86400))
def test_classify_is_ordered(due, shift):
    finished = due + dt.timedelta(seconds=shift)
    outcome = classify(finished, due)
    if shift > 0:
        assert outcome == "late"
    elif finished.date() < due.date():
        assert outcome == "early"
    else:
        assert outcome == "on_time"


@settings(max_examples=50)
@given(limits)
def test_limit_text_round_trips(limit):
    assert Limit.parse(str(limit)) == limit
