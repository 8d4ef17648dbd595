"""The indicators' formulas against hand-computed cases, and their laws (hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from motcua.indicators.domain import (
    COUNTERS,
    DossierFacts,
    Figures,
    contribution,
    delta,
    format_count,
    format_rate,
    narrative,
    online_offer,
    outcome,
    rate,
    satisfaction,
    split_open,
)

VN = dt.timezone(dt.timedelta(hours=7))
DUE = dt.datetime(2026, 3, 10, 16, 30, tzinfo=VN)


def facts(**kw) -> DossierFacts:
    base = {"state": "returned", "channel": "counter",
            "received_at": dt.datetime(2026, 3, 5, 8, 0, tzinfo=VN), "due_at": DUE}
    base.update(kw)
    return DossierFacts(**base)


def test_outcome_early_on_time_late_by_calendar_day_of_the_due_moment():
    # The day before the due day, even late in the evening: early.
    assert outcome(facts(finished_at=dt.datetime(2026, 3, 9, 23, 59, tzinfo=VN))) == "early"
    # The due day, before the due moment: on time ("đúng hạn"), not early.
    assert outcome(facts(finished_at=dt.datetime(2026, 3, 10, 7, 0, tzinfo=VN))) == "on_time"
    assert outcome(facts(finished_at=DUE)) == "on_time"
    assert outcome(facts(finished_at=DUE + dt.timedelta(minutes=1))) == "late"
    # Compared in Vietnam time: 17:00 UTC on the 9th is 00:00 on the 10th in Vietnam.
    utc = dt.datetime(2026, 3, 9, 17, 0, tzinfo=dt.UTC)
    assert outcome(facts(finished_at=utc)) == "on_time"
    assert outcome(facts(finished_at=None, state="in_processing")) == ""


def test_more_than_one_supplement_request_is_late_whatever_the_dates():
    early = dt.datetime(2026, 3, 6, 9, 0, tzinfo=VN)
    assert outcome(facts(finished_at=early, supplement_rounds=2,
                         late_by_supplements=True)) == "late"
    assert outcome(facts(finished_at=early, supplement_rounds=1)) == "early"


def test_every_end_state_ends_processing_and_counts_in_the_verdict():
    for state in ("refused", "stopped", "withdrawn", "result_ready", "returned"):
        c = contribution(facts(state=state, finished_at=DUE - dt.timedelta(days=2)))
        assert c["early"] == 1 and c[state] == 1 and c["in_progress"] == 0


def test_contribution_of_a_hand_made_dossier():
    c = contribution(facts(channel="assisted", finished_at=DUE, supplement_rounds=1,
                           digitized=True, electronic_result=True, data_reused=False,
                           cross_boundary=True))
    expected = dict.fromkeys(COUNTERS, 0)
    expected.update(received=1, ch_assisted=1, on_time=1, returned=1, supplemented=1,
                    supplement_rounds=1, digitized=1, electronic_result=1, with_result=1,
                    cross_boundary=1)
    assert c == expected


def test_figures_and_rates_hand_computed():
    # 3 dossiers: early online digitized; late counter; one withdrawn by post.
    rows = [
        contribution(facts(channel="online", finished_at=DUE - dt.timedelta(days=3),
                           digitized=True, electronic_result=True, data_reused=True)),
        contribution(facts(finished_at=DUE + dt.timedelta(hours=1), electronic_result=False)),
        contribution(facts(channel="post", state="withdrawn", finished_at=DUE)),
    ]
    f = Figures.of(rows)
    assert (f.received, f.settled, f.early, f.on_time, f.late) == (3, 3, 1, 1, 1)
    assert f.in_time_rate == Decimal("66.67")  # 2 of 3
    assert f.online_rate == Decimal("33.33")
    assert f.processed == 2  # the withdrawn one is not digitized nor reused
    assert f.digitization_rate == Decimal("50.00")
    assert f.electronic_result_rate == Decimal("50.00")  # 1 of the 2 with a result
    assert format_rate(f.digitization_rate) == "50,00%"


def test_rate_rounding_and_format():
    assert rate(4562, 4749) == Decimal("96.06")
    assert format_rate(rate(4457, 4732)) == "94,19%"
    assert rate(1, 0) is None and format_rate(None) == "—"
    assert rate(1, 8) == Decimal("12.50")
    assert rate(1, 200) == Decimal("0.50")
    assert format_count(10223) == "10.223"


def test_split_open_clock_stopped_while_waiting_for_a_supplement():
    now = DUE + dt.timedelta(days=1)
    rows = [("in_processing", DUE), ("waiting_supplement", DUE), ("received", now + dt.timedelta(hours=1))]
    assert split_open(rows, now) == (2, 1)


def test_narrative_reads_like_the_communes_and_adds_late_only_when_some_are():
    f = Figures.of([{"received": 10, "early": 7, "on_time": 2}])
    f.not_yet_due, f.overdue = 1, 0
    assert narrative(f) == (
        "Tổng số hồ sơ tiếp nhận theo kỳ báo cáo là: 10 hồ sơ, số hồ sơ giải quyết trước "
        "hạn 7 hồ sơ, giải quyết đúng hạn 2 hồ sơ. Số hồ sơ đang giải quyết đúng hạn 1 hồ "
        "sơ, số hồ sơ quá hạn 0 hồ sơ.")
    f.counts["late"] = 3
    assert "giải quyết quá hạn 3 hồ sơ." in narrative(f)


def test_satisfaction_and_online_offer():
    assert satisfaction({}) is None
    s = satisfaction({5: 6, 4: 2, 2: 1, 1: 1})
    assert s.rated == 10 and s.average == Decimal("4.10") and s.satisfied_rate == Decimal("80.00")
    offer = online_offer(["fully_online", "partly_online", "in_person", "in_person", "x"])
    assert (offer.fully, offer.partly, offer.in_person, offer.total) == (1, 1, 3, 5)
    assert offer.offered_rate == Decimal("40.00")


# -- laws ---------------------------------------------------------------------------------

moments = st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 1, 1),
                       timezones=st.just(dt.UTC))
states = st.sampled_from(["received", "in_processing", "waiting_supplement", "waiting_signature",
                          "transferred", "result_ready", "returned", "refused", "withdrawn",
                          "stopped"])


@st.composite
def dossier_facts(draw) -> DossierFacts:
    state = draw(states)
    received = draw(moments)
    due = received + dt.timedelta(hours=draw(st.integers(0, 400)))
    finished = None
    if state in ("result_ready", "returned", "refused", "withdrawn", "stopped"):
        finished = received + dt.timedelta(hours=draw(st.integers(0, 500)))
    rounds = draw(st.integers(0, 3))
    return DossierFacts(
        state=state, channel=draw(st.sampled_from(["counter", "online", "post", "assisted"])),
        received_at=received, due_at=due, finished_at=finished,
        late_by_supplements=rounds > 1, supplement_rounds=rounds,
        digitized=draw(st.booleans()),
        electronic_result=draw(st.sampled_from([None, True, False])),
        data_reused=draw(st.booleans()), cross_boundary=draw(st.booleans()))


@given(st.lists(dossier_facts(), max_size=40), moments)
def test_parts_add_up_to_the_total_and_rates_stay_in_range(items, now):
    f = Figures.of(contribution(x) for x in items)
    open_rows = [(x.state, x.due_at) for x in items if x.finished_at is None]
    f.not_yet_due, f.overdue = split_open(open_rows, now)
    assert f.received == len(items)
    assert f.early + f.on_time + f.late + f.not_yet_due + f.overdue == f.received
    assert f.ch_counter + f.ch_online + f.ch_post + f.ch_assisted == f.received
    assert f.settled == sum(f.counts[s] for s in ("refused", "withdrawn", "stopped",
                                                   "result_ready", "returned"))
    for name in ("in_time_rate", "online_rate", "digitization_rate", "electronic_result_rate",
                 "data_reuse_rate", "supplement_rate"):
        value = getattr(f, name)
        assert value is None or Decimal(0) <= value <= Decimal(100)


@given(dossier_facts(), dossier_facts(), dossier_facts())
def test_deltas_compose(a, b, c):
    """Applying before→after changes one at a time lands where a fresh count lands."""
    running = dict.fromkeys(COUNTERS, 0)
    for before, after in ((None, a), (a, b), (b, c)):
        for k, v in delta(before, after).items():
            running[k] += v
    assert running == contribution(c)
    assert delta(c, None) == {k: -v for k, v in contribution(c).items() if v}


def test_period_month_split():
    from motcua.indicators.selectors import Period, _month_split

    d = dt.date
    assert _month_split(Period(d(2025, 12, 15), d(2026, 3, 10))) == (d(2026, 1, 1), d(2026, 2, 1))
    assert _month_split(Period(d(2026, 1, 1), d(2026, 1, 31))) == (d(2026, 1, 1), d(2026, 1, 1))
    assert _month_split(Period(d(2026, 1, 2), d(2026, 1, 31))) is None
    assert _month_split(Period(d(2025, 12, 31), d(2026, 1, 1))) is None
    assert _month_split(Period(d(2025, 7, 1), d(2026, 5, 24))) == (d(2025, 7, 1), d(2026, 4, 1))
