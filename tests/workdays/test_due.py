"""Deadline examples across Tết 2026, 30/4 – 1/5/2026 and 2/9/2026 (official calendar)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from motcua.errors import InvalidInput
from motcua.workdays.domain import (
    Calendar,
    Limit,
    OfficeHours,
    WorkClock,
    add_working_time,
    classify,
    due,
    due_with_pauses,
    elapsed,
    parse_moment,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=VN)


@pytest.mark.parametrize(
    "received, limit, expected",
    [
        # Tết Bính Ngọ: 14/2 – 22/2/2026 off.
        ("2026-02-13 10:00", "3d", "2026-02-25 17:00"),
        ("2026-02-13 15:00", "3d", "2026-02-25 17:00"),  # at the cut-off: still that day
        ("2026-02-13 15:00:01", "3d", "2026-02-26 17:00"),  # after it: counts from 23/2
        ("2026-02-13 16:00", "3d", "2026-02-26 17:00"),
        ("2026-02-13 18:00", "3d", "2026-02-26 17:00"),  # after hours = next working day
        ("2026-02-17 09:00", "1d", "2026-02-24 17:00"),  # submitted online on mùng 1 Tết
        ("2026-02-12 09:00", "5d", "2026-02-26 17:00"),
        # Giỗ Tổ (Monday 27/4 off) and 30/4 – 1/5/2026.
        ("2026-04-24 10:00", "1d", "2026-04-28 17:00"),
        ("2026-04-29 10:00", "1d", "2026-05-04 17:00"),
        ("2026-04-29 10:00", "2d", "2026-05-05 17:00"),
        ("2026-04-29 16:00", "0d", "2026-05-04 17:00"),
        # Quốc khánh: 29/8 – 2/9/2026 off, Saturday 22/8 a make-up working day.
        ("2026-08-28 10:00", "1d", "2026-09-03 17:00"),
        ("2026-08-21 10:00", "1d", "2026-08-22 17:00"),
        ("2026-08-21 16:00", "1d", "2026-08-24 17:00"),
        ("2026-08-22 10:00", "same_day", "2026-08-22 17:00"),
        # New Year 2026: 1/1 – 4/1 off, Saturday 10/1 worked.
        ("2025-12-31 10:00", "2d", "2026-01-06 17:00"),
        ("2026-01-09 16:00", "1d", "2026-01-12 17:00"),
        # Ordinary week.
        ("2026-03-09 08:00", "3d", "2026-03-12 17:00"),
        ("2026-03-13 10:00", "1d", "2026-03-16 17:00"),
        ("2026-03-14 10:00", "1d", "2026-03-17 17:00"),  # Saturday → counts as Monday
        ("2026-03-09 10:00", "same_day", "2026-03-09 17:00"),
        ("2026-03-09 15:30", "same_day", "2026-03-10 17:00"),
        ("2026-03-09 06:00", "same_day", "2026-03-09 17:00"),
    ],
)
def test_due_on_the_national_calendar(national, received, limit, expected):
    assert national.due(at(received), Limit.parse(limit)) == at(expected)


@pytest.mark.parametrize(
    "received, limit, expected",
    [
        ("2026-03-09 07:30", "4h", "2026-03-09 11:30"),  # ends at the session's end
        ("2026-03-09 10:00", "4h", "2026-03-09 15:30"),  # over the lunch break
        ("2026-03-09 12:00", "1h", "2026-03-09 14:00"),  # received at lunch: from 13:00
        ("2026-03-09 16:00", "8h", "2026-03-10 16:00"),  # no cut-off for hours
        ("2026-03-09 16:00", "1.5h", "2026-03-10 08:00"),
        ("2026-02-13 16:00", "8h", "2026-02-23 16:00"),  # across Tết
        ("2026-08-28 16:30", "1h", "2026-09-03 08:00"),  # across Quốc khánh
    ],
)
def test_hour_limits_add_working_hours_across_sessions_and_days(
    national, received, limit, expected
):
    assert national.due(at(received), Limit.parse(limit)) == at(expected)


def test_lai_chau_seasonal_hours_change_the_due_moment(lai_chau):
    summer = lai_chau.due(at("2026-06-01 10:00"), Limit.hours(4))
    winter = lai_chau.due(at("2026-12-01 10:00"), Limit.hours(4))
    assert summer == at("2026-06-01 16:00")  # 10:00–11:30, 13:30–16:00
    assert winter == at("2026-12-01 15:30")  # 10:00–11:30, 13:00–15:30
    assert lai_chau.due(at("2026-02-13 10:00"), Limit.days(3)) == at("2026-02-25 17:00")
    assert lai_chau.next_office_moment(at("2026-06-01 06:00")) == at("2026-06-01 07:00")


def test_cut_off_is_configurable(national):
    late_cutoff = WorkClock(national.calendar, national.hours, dt.time(16, 30))
    assert late_cutoff.due(at("2026-03-09 16:00"), Limit.same_day()) == at("2026-03-09 17:00")
    assert national.due(at("2026-03-09 16:00"), Limit.same_day()) == at("2026-03-10 17:00")


def test_utc_input_gives_vietnam_time_output(national):
    received = dt.datetime(2026, 3, 9, 3, 0, tzinfo=dt.UTC)  # 10:00 in Vietnam
    result = national.due(received, Limit.days(1))
    assert result.isoformat() == "2026-03-10T17:00:00+07:00"


def test_naive_datetimes_are_refused(national):
    with pytest.raises(ValueError, match="naive"):
        national.due(dt.datetime(2026, 3, 9, 10), Limit.days(1))


def test_module_functions_match_the_clock(national):
    cal, hours = national.calendar, national.hours
    received = at("2026-02-13 10:00")
    assert due(received, Limit.days(3), cal, hours) == at("2026-02-25 17:00")
    assert due(at("2026-02-13 15:30"), Limit.days(3), cal, hours, dt.time(16)) == at(
        "2026-02-25 17:00"
    )
    pauses = [(at("2026-02-23 08:00"), at("2026-02-23 10:00"))]
    assert due_with_pauses(received, Limit.days(3), pauses, cal, hours) == at("2026-02-26 09:30")
    assert elapsed(at("2026-03-09 07:30"), at("2026-03-09 17:00"), calendar=cal, hours=hours) == (
        dt.timedelta(hours=8)
    )
    assert add_working_time(
        at("2026-03-09 11:00"), dt.timedelta(hours=1), calendar=cal, hours=hours
    ) == at("2026-03-09 13:30")


def test_elapsed_counts_only_office_time_and_skips_pauses(national):
    start, end = at("2026-02-13 10:00"), at("2026-02-24 09:00")
    assert national.elapsed(start, end) == dt.timedelta(hours=15)
    pauses = [
        (at("2026-02-13 16:00"), at("2026-02-23 08:30")),  # 1 h Friday + 1 h Monday
        (at("2026-02-23 08:00"), at("2026-02-23 09:00")),  # overlaps the first: merged
    ]
    assert national.elapsed(start, end, pauses) == dt.timedelta(hours=12, minutes=30)
    with pytest.raises(InvalidInput):
        national.elapsed(end, start)
    with pytest.raises(InvalidInput):
        national.elapsed(start, end, [(end, start)])


def test_pause_moves_the_due_moment_by_its_working_time(national):
    received = at("2026-02-13 10:00")
    plain = national.due(received, Limit.days(3))
    pauses = [(at("2026-02-23 08:00"), at("2026-02-23 10:00"))]
    moved = national.due_with_pauses(received, Limit.days(3), pauses)
    assert moved == at("2026-02-26 09:30")
    assert national.working_time(plain, moved) == dt.timedelta(hours=2)


def test_pause_before_the_count_starts_or_after_the_due_moves_nothing(national):
    received = at("2026-03-09 10:00")  # 1 day: counting starts 10/3 07:30, due 10/3 17:00
    before = [(at("2026-03-09 13:30"), at("2026-03-09 15:00"))]
    after = [(at("2026-03-11 08:00"), at("2026-03-11 10:00"))]
    assert national.due_with_pauses(received, Limit.days(1), before) == at("2026-03-10 17:00")
    assert national.due_with_pauses(received, Limit.days(1), after) == at("2026-03-10 17:00")


def test_pause_across_tet_counts_only_working_time(national):
    received = at("2026-02-12 10:00")  # 2 days: 13/2 and 23/2
    pauses = [(at("2026-02-13 16:00"), at("2026-02-23 09:00"))]  # 1 h + 1.5 h of work
    assert national.due_with_pauses(received, Limit.days(2), pauses) == at("2026-02-24 10:00")


@pytest.mark.parametrize(
    "finished, outcome",
    [
        ("2026-02-24 16:00", "early"),
        ("2026-02-25 08:00", "on_time"),
        ("2026-02-25 17:00", "on_time"),
        ("2026-02-25 17:00:01", "late"),
        ("2026-02-27 09:00", "late"),
    ],
)
def test_classify(finished, outcome):
    assert classify(at(finished), at("2026-02-25 17:00")) == outcome


def test_counted_days_skip_tet(national):
    days = national.counted_days(at("2026-02-13 10:00"), Limit.days(3))
    assert days == [dt.date(2026, 2, 23), dt.date(2026, 2, 24), dt.date(2026, 2, 25)]
    assert national.counted_days(at("2026-03-09 10:00"), Limit.same_day()) == [dt.date(2026, 3, 9)]


def test_is_office_time_uses_closed_sessions(national):
    assert national.is_office_time(at("2026-03-09 07:30"))
    assert national.is_office_time(at("2026-03-09 17:00"))
    assert not national.is_office_time(at("2026-03-09 12:00"))
    assert not national.is_office_time(at("2026-02-17 09:00"))


def test_next_office_moment_moves_a_session_end_to_the_next_session(national):
    assert national.next_office_moment(at("2026-03-09 11:30")) == at("2026-03-09 13:00")
    assert national.next_office_moment(at("2026-03-13 17:00")) == at("2026-03-16 07:30")


def test_simple_office_hours():
    clock = WorkClock(Calendar(), OfficeHours.simple([(dt.time(8), dt.time(12))]))
    assert clock.due(at("2026-03-09 11:00"), Limit.hours(2)) == at("2026-03-10 09:00")


# -- parsing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("3d", "3", "days"),
        ("3 ngày", "3", "days"),
        ("3 ngày làm việc", "3", "days"),
        ("3 NGAY", "3", "days"),
        ("5", "5", "days"),
        ("8h", "8", "hours"),
        ("1,5 giờ", "1.5", "hours"),
        ("0.25h", "0.25", "hours"),
        ("0d", "0", "same_day"),
        ("same_day", "0", "same_day"),
        ("Trong ngày", "0", "same_day"),
    ],
)
def test_limit_parse(text, value, unit):
    limit = Limit.parse(text)
    assert (f"{limit.value:f}", limit.unit) == (value, unit)


@pytest.mark.parametrize("text", ["", "abc", "-3d", "2.5d", "0h", "3w", "0.01h"])
def test_limit_parse_rejects_with_a_vietnamese_message(text):
    with pytest.raises(InvalidInput) as err:
        Limit.parse(text)
    assert "hạn" in err.value.message


def test_limit_text_forms():
    assert str(Limit.parse("3 ngày")) == "3d"
    assert str(Limit.parse("1,5h")) == "1.5h"
    assert str(Limit.days(0)) == "same_day"
    assert str(Limit.days(10)) == "10d"
    assert str(Limit.hours(100)) == "100h"
    assert Limit.days(0) == Limit.same_day()
    assert Limit.parse("3d").describe() == "3 ngày làm việc"
    assert Limit.parse("1.5h").describe() == "1,5 giờ làm việc"
    with pytest.raises(ValueError):
        Limit.hours(2).working_days  # noqa: B018
    with pytest.raises(ValueError):
        Limit.days(2).as_timedelta  # noqa: B018


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-02-13 10:00", "2026-02-13T10:00:00+07:00"),
        ("2026-02-13T10:00", "2026-02-13T10:00:00+07:00"),
        ("2026-02-13T03:00:00Z", "2026-02-13T10:00:00+07:00"),
        ("2026-02-13T10:00:00+07:00", "2026-02-13T10:00:00+07:00"),
        ("13/02/2026 10:00", "2026-02-13T10:00:00+07:00"),
        ("13/02/2026", "2026-02-13T00:00:00+07:00"),
    ],
)
def test_parse_moment(text, expected):
    assert parse_moment(text).isoformat() == expected


@pytest.mark.parametrize("text", ["", "hôm qua", "2026-02-30 10:00", "13/13/2026"])
def test_parse_moment_rejects(text):
    with pytest.raises(InvalidInput):
        parse_moment(text)
