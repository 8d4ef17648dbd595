"""The Django shell of the calendar: tables, loading, selectors, command, API, admin."""

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from motcua.errors import InvalidInput
from motcua.workdays import selectors, services
from motcua.workdays.domain import Limit
from motcua.workdays.models import CalendarException, OfficeHoursRule

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=VN)


def run(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().splitlines()


# -- loading ----------------------------------------------------------------------------


def test_migration_loads_the_shipped_calendar():
    assert CalendarException.objects.filter(date=dt.date(2026, 1, 10)).get().kind == (
        "make_up_workday"
    )
    assert OfficeHoursRule.objects.filter(province_code="12").count() == 2


def test_load_is_idempotent_and_keeps_admin_edits():
    CalendarException.objects.all().delete()
    OfficeHoursRule.objects.all().delete()
    first = services.load_default_calendar()
    assert first == CalendarException.objects.count() + OfficeHoursRule.objects.count() == 9
    row = CalendarException.objects.get(date=dt.date(2026, 8, 31))
    row.name = "Tên đã sửa"
    row.save()
    assert services.load_default_calendar() == 0
    assert CalendarException.objects.get(date=dt.date(2026, 8, 31)).name == "Tên đã sửa"
    assert run("load") == ["Đã nạp lịch mặc định: 0 dòng mới."]


# -- selectors --------------------------------------------------------------------------


def test_empty_tables_fall_back_to_the_shipped_data():
    CalendarException.objects.all().delete()
    OfficeHoursRule.objects.all().delete()
    selectors.clear_cache()
    calendar, hours = selectors.calendar_for("")
    assert not calendar.is_working_day(dt.date(2026, 1, 2))
    assert calendar.is_working_day(dt.date(2026, 1, 10))
    assert selectors.due_for("12", at("2026-06-01 10:00"), "4h") == at("2026-06-01 16:00")


def test_a_new_day_off_in_the_database_changes_deadlines_at_once():
    received = at("2026-03-09 10:00")
    assert selectors.due_for("", received, "1d") == at("2026-03-10 17:00")
    row = CalendarException.objects.create(
        date=dt.date(2026, 3, 10), kind="day_off", name="Nghỉ đột xuất"
    )
    assert selectors.due_for("", received, "1d") == at("2026-03-11 17:00")
    row.delete()
    assert selectors.due_for("", received, Limit.days(1)) == at("2026-03-10 17:00")


def test_province_rows_apply_only_to_that_province():
    CalendarException.objects.create(
        date=dt.date(2026, 3, 10), kind="day_off", name="Nghỉ riêng", province_code="12"
    )
    received = at("2026-03-09 10:00")
    assert selectors.due_for("12", received, "1d") == at("2026-03-11 17:00")
    assert selectors.due_for("01", received, "1d") == at("2026-03-10 17:00")
    assert selectors.due_for("", received, "1d") == at("2026-03-10 17:00")


def test_office_hours_rows_drive_the_clock():
    OfficeHoursRule.objects.filter(province_code="").update(
        afternoon_start=dt.time(14, 0), afternoon_end=dt.time(17, 0)
    )  # update() sends no signal: clear by hand, as a TTL would
    selectors.clear_cache()
    assert selectors.due_for("", at("2026-03-09 10:00"), "4h") == at("2026-03-09 16:30")


def test_a_gap_in_the_stored_hours_is_filled_by_the_shipped_national_rule():
    OfficeHoursRule.objects.filter(province_code="").delete()
    OfficeHoursRule.objects.create(
        name="Chỉ mùa hè",
        valid_from_month=5,
        valid_from_day=1,
        valid_to_month=8,
        valid_to_day=31,
        morning_start=dt.time(7),
        morning_end=dt.time(11),
    )
    assert selectors.due_for("", at("2026-06-01 07:00"), "4h") == at("2026-06-01 11:00")
    assert selectors.due_for("", at("2026-03-09 07:30"), "4h") == at("2026-03-09 11:30")


def test_cutoff_setting(settings):
    settings.MOTCUA_SAME_DAY_CUTOFF = "16:30"
    assert selectors.due_for("", at("2026-03-09 16:00"), "same_day") == at("2026-03-09 17:00")
    settings.MOTCUA_SAME_DAY_CUTOFF = dt.time(15)
    selectors.clear_cache()
    assert selectors.due_for("", at("2026-03-09 16:00"), "same_day") == at("2026-03-10 17:00")


def test_elapsed_for_subtracts_pauses():
    pauses = [(at("2026-03-09 08:00"), at("2026-03-09 09:00"))]
    worked = selectors.elapsed_for("", at("2026-03-09 07:30"), at("2026-03-09 17:00"), pauses)
    assert worked == dt.timedelta(hours=7)


@pytest.mark.parametrize("code, expected", [("12", "12"), ("012", "12"), ("1", "01"), ("", "")])
def test_province_codes_are_normalised(code, expected):
    assert selectors.province_code(code) == expected


@pytest.mark.parametrize("code", ["99", "abc", "1234"])
def test_unknown_province_is_invalid_input(code):
    with pytest.raises(InvalidInput):
        selectors.clock_for(code)


def test_model_validation_in_vietnamese():
    rule = OfficeHoursRule(
        name="Sai",
        valid_from_month=2,
        valid_from_day=30,
        morning_start=dt.time(11),
        morning_end=dt.time(7),
        afternoon_start=dt.time(13),
    )
    with pytest.raises(ValidationError) as err:
        rule.full_clean()
    assert set(err.value.message_dict) >= {"valid_from_day", "morning_end", "afternoon_end"}
    exc = CalendarException(date=dt.date(2026, 3, 10), kind="day_off", name="x", province_code="1")
    exc.full_clean()
    assert exc.province_code == "01"


# -- command ----------------------------------------------------------------------------


def test_due_command_prints_iso_then_vietnamese():
    lines = run("due", "2026-02-13 10:00", "3d", "--province", "12")
    assert lines[0] == "2026-02-25T17:00:00+07:00"
    assert lines[1].startswith("Hạn: 17:00 thứ Tư, 25/02/2026 (3 ngày làm việc")


def test_due_command_after_the_cutoff_and_with_a_pause():
    assert run("due", "2026-02-13 16:00", "3d")[0] == "2026-02-26T17:00:00+07:00"
    lines = run("due", "2026-02-13 10:00", "3d", "--pause", "2026-02-23 08:00", "2026-02-23 10:00")
    assert lines[0] == "2026-02-26T09:30:00+07:00"
    assert "2 giờ" in lines[2]


def test_between_command():
    lines = run("between", "2026-02-13 10:00", "2026-02-24 09:00")
    assert lines[0] == "15"
    lines = run("between", "2026-03-09 07:30", "2026-03-10 11:00")
    assert lines[0] == "11.5"
    assert lines[1].startswith("11 giờ 30 phút làm việc")


def test_holidays_command_lists_days_off_and_make_up_days():
    lines = run("holidays", "--year", "2026")
    assert any(line.startswith("2026-02-17") and "Tết Nguyên Đán" in line for line in lines)
    assert any(line.startswith("2026-01-10") and "làm bù" in line for line in lines)
    assert lines[-1] == "Năm 2026: 14 ngày nghỉ rơi vào ngày thường, 2 ngày làm bù."


@pytest.mark.parametrize(
    "args, message",
    [
        (("due", "hôm qua", "3d"), "Không hiểu thời điểm"),
        (("due", "2026-02-13 10:00", "ba ngày"), "Không hiểu thời hạn"),
        (("due", "2026-02-13 10:00", "3d", "--province", "99"), "Không có tỉnh"),
        (("between", "2026-02-24 09:00", "2026-02-13 10:00"), "phải sau"),
        (("holidays", "--year", "1800"), "Năm phải"),
    ],
)
def test_bad_input_is_a_command_error_in_vietnamese(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_console_command_works_on_a_fresh_unmigrated_database(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"MOTCUA_DATABASE_URL", "DATABASE_URL"}}
    env["MOTCUA_SQLITE_PATH"] = str(tmp_path / "fresh.sqlite3")
    motcua = Path(sys.executable).with_name("motcua")
    result = subprocess.run(
        [str(motcua), "workdays", "due", "2026-02-13 10:00", "3d"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "2026-02-25T17:00:00+07:00"
    bad = subprocess.run(
        [str(motcua), "workdays", "due", "x", "3d"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 1
    assert "Không hiểu thời điểm" in bad.stderr
    assert "Traceback" not in bad.stderr


# -- API --------------------------------------------------------------------------------


def test_api_due(client):
    response = client.get(
        "/api/workdays/due", {"received_at": "2026-02-13 10:00", "limit": "3d", "province": "12"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["due"] == "2026-02-25T17:00:00+07:00"
    assert body["limit"] == "3d"
    assert body["province"] == "12"
    assert body["working_days"] == ["2026-02-23", "2026-02-24", "2026-02-25"]
    assert body["counting_from"] == "2026-02-23T07:30:00+07:00"


def test_api_between(client):
    response = client.get(
        "/api/workdays/between", {"start": "2026-03-09T07:30", "end": "2026-03-10T11:00"}
    )
    assert response.status_code == 200
    assert response.json()["hours"] == 11.5
    assert response.json()["seconds"] == 11.5 * 3600


def test_api_holidays(client):
    body = client.get("/api/workdays/holidays", {"year": 2026}).json()
    assert {"date": "2026-08-22", "working": True, "kind": "make_up_workday"}.items() <= (
        body[[d["date"] for d in body].index("2026-08-22")].items()
    )


@pytest.mark.parametrize(
    "url, params",
    [
        ("/api/workdays/due", {"received_at": "x", "limit": "3d"}),
        ("/api/workdays/due", {"received_at": "2026-02-13", "limit": "3 tuần"}),
        ("/api/workdays/due", {"received_at": "2026-02-13", "limit": "3d", "province": "99"}),
        ("/api/workdays/between", {"start": "2026-03-10", "end": "2026-03-09"}),
    ],
)
def test_api_invalid_input_is_400_in_vietnamese(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"].startswith(("invalid", "unknown"))
    assert any(ch in error["message"] for ch in "ạảãàáâậầấẩẫăắằặẳẵôộồốổỗơớờợởỡ")


# -- admin ------------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["calendarexception", "officehoursrule"])
def test_admin_pages(admin_client, model):
    response = admin_client.get(f"/admin/workdays/{model}/")
    assert response.status_code == 200
    response = admin_client.get(f"/admin/workdays/{model}/add/")
    assert response.status_code == 200
