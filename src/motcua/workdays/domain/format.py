"""Vietnamese wording of days, moments and durations for slips, commands and the API."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from motcua.workdays.domain.limits import VN_TZ, Limit

WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def format_day(day: dt.date) -> str:
    """``thứ Năm, 26/02/2026``."""
    return f"{WEEKDAYS[day.weekday()]}, {day:%d/%m/%Y}"


def format_moment(moment: dt.datetime) -> str:
    """``17:00 thứ Năm, 26/02/2026`` in Vietnam time."""
    local = moment.astimezone(VN_TZ)
    return f"{local:%H:%M} {format_day(local.date())}"


def format_hours(delta: dt.timedelta) -> str:
    """Hours as a plain decimal number, at most two decimals: ``12.5``, ``8``, ``0.25``."""
    hours = (Decimal(int(delta.total_seconds())) / Decimal(3600)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    text = f"{hours:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def describe_duration(delta: dt.timedelta) -> str:
    """``12 giờ 30 phút``."""
    minutes = int(delta.total_seconds()) // 60
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} giờ {minutes} phút"
    if minutes:
        return f"{minutes} phút"
    return f"{hours} giờ"


def describe_due(
    received_at: dt.datetime, limit: Limit, due: dt.datetime, counting_start: dt.datetime
) -> str:
    """One line for a person: the due moment, the limit, and where the count started."""
    return (
        f"Hạn: {format_moment(due)} ({limit.describe()}, tiếp nhận {format_moment(received_at)}; "
        f"bắt đầu tính từ {format_moment(counting_start)})"
    )
