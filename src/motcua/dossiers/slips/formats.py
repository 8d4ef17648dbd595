"""How dates and numbers are written on the slips.

Decree 30/2020/NĐ-CP (thể thức văn bản): days below 10 and the months 1 and 2 take a leading
zero ("ngày 05 tháng 02 năm 2026", but "tháng 3"), so that nobody can add a digit by hand.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def local(dt: datetime) -> datetime:
    if dt.utcoffset() is None:
        raise ValueError("slips print timezone-aware datetimes only")
    return dt.astimezone(LOCAL_ZONE)


def _day_month_year(d: date) -> tuple[str, str, str]:
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return day, month, str(d.year)


def vn_date(value: date | datetime | None) -> str:
    """``"ngày 13 tháng 02 năm 2026"``; empty for None."""
    if value is None:
        return ""
    d = local(value).date() if isinstance(value, datetime) else value
    day, month, year = _day_month_year(d)
    return f"ngày {day} tháng {month} năm {year}"


def vn_datetime(value: datetime | None) -> str:
    """``"10 giờ 05 phút, ngày 13 tháng 02 năm 2026"``; empty for None."""
    if value is None:
        return ""
    t = local(value)
    return f"{t.hour:02d} giờ {t.minute:02d} phút, {vn_date(t)}"


def place_date(place: str, value: date | datetime) -> str:
    """The date line under the national motto: ``"Bình Lư, ngày 13 tháng 02 năm 2026"``."""
    return f"{place}, {vn_date(value)}" if place else vn_date(value).capitalize()


def short_date(value: datetime | None) -> str:
    """``"13/02/2026"`` (registers and tables)."""
    return "" if value is None else f"{local(value):%d/%m/%Y}"


def short_time(value: datetime | None) -> str:
    """``"10:05"``."""
    return "" if value is None else f"{local(value):%H:%M}"


def two_digits(n: int) -> str:
    """Counts on official forms: ``"01"``, ``"12"``."""
    return f"{n:02d}"
