"""The 2025–2026 calendar against the official schedules (sources in docs/workdays.md)."""

import datetime as dt

import pytest

from motcua.workdays.domain import Calendar, CalendarException, OfficeHours, SeasonRule, Session

D = dt.date

# Weekdays off for civil servants, per the decided schedules.
DAYS_OFF_2025 = [
    D(2025, 1, 1),  # Tết Dương lịch
    *[D(2025, 1, d) for d in range(27, 32)],  # Tết Ất Tỵ: 25/1 – 2/2 (9 days with weekends)
    D(2025, 4, 7),  # Giỗ Tổ Hùng Vương (10/3 âm lịch)
    D(2025, 4, 30),
    D(2025, 5, 1),
    D(2025, 5, 2),  # swapped with Saturday 26/4/2025
    D(2025, 9, 1),
    D(2025, 9, 2),  # Quốc khánh: 30/8 – 2/9
]
DAYS_OFF_2026 = [
    D(2026, 1, 1),
    D(2026, 1, 2),  # swapped with Saturday 10/1/2026 (12729/VPCP-KGVX)
    *[D(2026, 2, d) for d in range(16, 21)],  # Tết Bính Ngọ: 14/2 – 22/2; mùng 1 = 17/2
    D(2026, 4, 27),  # Giỗ Tổ falls on Sunday 26/4 → Monday off
    D(2026, 4, 30),
    D(2026, 5, 1),
    D(2026, 8, 31),  # swapped with Saturday 22/8/2026
    D(2026, 9, 1),
    D(2026, 9, 2),  # Quốc khánh: 29/8 – 2/9
    D(2026, 11, 24),  # Ngày Văn hóa Việt Nam, as the holidays package has it (verify)
]
MAKE_UP_DAYS = [D(2025, 4, 26), D(2026, 1, 10), D(2026, 8, 22)]


@pytest.mark.parametrize("year, expected", [(2025, DAYS_OFF_2025), (2026, DAYS_OFF_2026)])
def test_weekdays_off_match_the_official_schedule(national, year, expected):
    weekdays_off = []
    day = D(year, 1, 1)
    while day.year == year:
        if day.weekday() < 5 and not national.calendar.is_working_day(day):
            weekdays_off.append(day)
        day += dt.timedelta(days=1)
    assert weekdays_off == expected


@pytest.mark.parametrize("day", MAKE_UP_DAYS)
def test_make_up_saturdays_are_working_days(national, day):
    assert day.weekday() == 5
    info = national.calendar.day_info(day)
    assert info.working and info.kind == "make_up_workday"


def test_tet_2026_is_lunar_new_year_on_17_february(national):
    info = national.calendar.day_info(D(2026, 2, 17))
    assert not info.working and info.kind == "holiday"
    assert info.name == "Tết Nguyên Đán"
    # The last working day before Tết and the first after it.
    assert national.calendar.next_working_day(D(2026, 2, 13)) == D(2026, 2, 23)


def test_ordinary_weekend_is_off_and_weekday_is_working(national):
    assert not national.calendar.is_working_day(D(2026, 3, 7))  # Saturday
    assert not national.calendar.is_working_day(D(2026, 3, 8))  # Sunday
    assert national.calendar.is_working_day(D(2026, 3, 9))


def test_special_days_lists_holidays_days_off_and_make_up_days(national):
    listed = {info.date: info for info in national.calendar.special_days(2026)}
    assert listed[D(2026, 1, 2)].kind == "day_off"
    assert listed[D(2026, 1, 10)].kind == "make_up_workday"
    assert listed[D(2026, 4, 26)].kind == "holiday"  # Sunday, still a holiday
    assert all(d.year == 2026 for d in listed)
    assert D(2026, 3, 7) not in listed  # plain weekends are not listed


def test_exception_order_lets_a_province_override_the_nation():
    nationwide = CalendarException(D(2026, 3, 9), "day_off", "Nghỉ chung")
    province = CalendarException(D(2026, 3, 9), "make_up_workday", "Tỉnh vẫn làm", "12")
    assert not Calendar([nationwide]).is_working_day(D(2026, 3, 9))
    assert Calendar([nationwide, province]).is_working_day(D(2026, 3, 9))


def test_a_make_up_row_can_cancel_a_package_holiday():
    day = D(2026, 11, 24)
    assert not Calendar().is_working_day(day)
    assert Calendar([CalendarException(day, "make_up_workday", "Đi làm")]).is_working_day(day)


def test_add_working_days_counts_only_working_days(national):
    assert national.calendar.add_working_days(D(2026, 2, 13), 0) == D(2026, 2, 13)
    assert national.calendar.add_working_days(D(2026, 2, 13), 3) == D(2026, 2, 25)
    with pytest.raises(ValueError):
        national.calendar.add_working_days(D(2026, 2, 13), -1)


def test_a_calendar_without_working_days_fails_instead_of_looping():
    everything_off = Calendar(use_package_holidays=False, weekend=frozenset(range(7)))
    with pytest.raises(ValueError):
        everything_off.next_working_day(D(2026, 1, 1))


def test_exception_kind_is_checked():
    with pytest.raises(ValueError):
        CalendarException(D(2026, 1, 1), "holiday", "x")  # type: ignore[arg-type]


def test_lai_chau_switches_between_summer_and_winter_hours(lai_chau):
    hours = lai_chau.hours
    assert [str(s) for s in hours.sessions_on(D(2026, 4, 14))] == ["07:30–11:30", "13:00–17:00"]
    assert [str(s) for s in hours.sessions_on(D(2026, 4, 15))] == ["07:00–11:30", "13:30–17:00"]
    assert [str(s) for s in hours.sessions_on(D(2026, 10, 14))] == ["07:00–11:30", "13:30–17:00"]
    assert [str(s) for s in hours.sessions_on(D(2026, 12, 31))] == ["07:30–11:30", "13:00–17:00"]
    assert hours.rule_on(D(2026, 1, 1)).daily_duration == dt.timedelta(hours=8)


def test_national_hours_apply_all_year(national):
    assert [str(s) for s in national.hours.sessions_on(D(2026, 7, 1))] == [
        "07:30–11:30",
        "13:00–17:00",
    ]


def test_office_hours_must_cover_the_whole_year():
    t = dt.time
    summer = SeasonRule("hè", (4, 15), (10, 14), (Session(t(7), t(11)),))
    with pytest.raises(ValueError, match="no office-hours rule"):
        OfficeHours([summer])


def test_sessions_must_not_overlap_or_run_backwards():
    t = dt.time
    with pytest.raises(ValueError):
        Session(t(11), t(7))
    with pytest.raises(ValueError):
        SeasonRule("x", (1, 1), (12, 31), (Session(t(7), t(12)), Session(t(11), t(17))))
    with pytest.raises(ValueError):
        SeasonRule("x", (2, 30), (12, 31), (Session(t(7), t(12)),))
