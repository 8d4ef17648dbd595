"""``/api/workdays/``: deadlines and working time for other systems and the portal."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from motcua.api.schemas import errors
from motcua.workdays import selectors
from motcua.workdays.domain import (
    Limit,
    describe_due,
    format_day,
    format_hours,
    format_moment,
    parse_moment,
)
from motcua.workdays.domain.format import describe_duration

router = Router()


class DueOut(Schema):
    due: str
    text: str
    received_at: str
    counting_from: str
    limit: str
    limit_text: str
    province: str
    working_days: list[dt.date]


class BetweenOut(Schema):
    hours: float
    seconds: int
    text: str
    start: str
    end: str
    province: str


class DayOut(Schema):
    date: dt.date
    working: bool
    kind: str
    name: str
    text: str


@router.get("/due", response={200: DueOut, **errors(400, 422)},
            summary="Tính hạn trả kết quả")
def due(request: HttpRequest, received_at: str, limit: str, province: str = "") -> DueOut:
    """Hạn giải quyết của một thời hạn (``3d``, ``8h``, ``same_day``) cho hồ sơ tiếp nhận lúc
    ``received_at`` (không có múi giờ: giờ Việt Nam)."""
    received = parse_moment(received_at)
    parsed = Limit.parse(limit)
    code = selectors.province_code(province)
    clock = selectors.clock_for(code)
    due_at = clock.due(received, parsed)
    start = clock.counting_start(received, parsed)
    return DueOut(
        due=due_at.isoformat(),
        text=describe_due(received, parsed, due_at, start),
        received_at=received.isoformat(),
        counting_from=start.isoformat(),
        limit=str(parsed),
        limit_text=parsed.describe(),
        province=code,
        working_days=clock.counted_days(received, parsed),
    )


@router.get("/between", response={200: BetweenOut, **errors(400, 422)},
            summary="Số giờ làm việc giữa hai thời điểm")
def between(request: HttpRequest, start: str, end: str, province: str = "") -> BetweenOut:
    begin, finish = parse_moment(start), parse_moment(end)
    code = selectors.province_code(province)
    worked = selectors.elapsed_for(code, begin, finish)
    return BetweenOut(
        hours=float(format_hours(worked)),
        seconds=int(worked.total_seconds()),
        text=f"{describe_duration(worked)} làm việc từ {format_moment(begin)} "
        f"đến {format_moment(finish)}",
        start=begin.isoformat(),
        end=finish.isoformat(),
        province=code,
    )


@router.get("/holidays", response={200: list[DayOut], **errors(400, 422)},
            summary="Ngày nghỉ và ngày làm bù trong năm")
def holidays(request: HttpRequest, year: int, province: str = "") -> list[DayOut]:
    return [
        DayOut(
            date=info.date,
            working=info.working,
            kind=info.kind,
            name=info.name,
            text=format_day(info.date),
        )
        for info in selectors.special_days(year, province)
    ]
