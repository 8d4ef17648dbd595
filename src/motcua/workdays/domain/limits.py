"""Statutory time limits (thời hạn giải quyết) and the parsing of user input for them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal
from zoneinfo import ZoneInfo

from motcua.errors import InvalidInput
from motcua.text import fold

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

Unit = Literal["days", "hours", "same_day"]
UNITS: tuple[Unit, ...] = ("days", "hours", "same_day")

_SAME_DAY_WORDS = {"same day", "same_day", "sameday", "trong ngay", "ngay"}
_DAY_WORDS = {"d", "day", "days", "ngay", "ngay lam viec", "nlv"}
_HOUR_WORDS = {"h", "hour", "hours", "gio", "gio lam viec", "glv"}
_LIMIT_RE = re.compile(r"^(?P<value>\d+(?:[.,]\d+)?)\s*(?P<unit>.*)$")


@dataclass(frozen=True)
class Limit:
    """A time limit: ``value`` working days, ``value`` working hours, or the same day.

    ``Limit.days(0)`` is the same as ``Limit.same_day()``. Days are whole numbers; hours
    may have a fraction down to the minute.
    """

    value: Decimal
    unit: Unit

    def __post_init__(self) -> None:
        value = Decimal(self.value)
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}")
        if not value.is_finite() or value < 0:
            raise InvalidInput("Thời hạn phải là một số không âm.", code="invalid_limit")
        unit = self.unit
        if unit == "days" and value == 0:
            unit = "same_day"
        if unit == "same_day":
            value = Decimal(0)
        elif unit == "days" and value != value.to_integral_value():
            raise InvalidInput(
                "Thời hạn tính theo ngày làm việc phải là số nguyên; "
                "nửa ngày hãy ghi theo giờ (ví dụ 4h).",
                code="invalid_limit",
            )
        elif unit == "hours":
            if value == 0:
                raise InvalidInput("Thời hạn theo giờ phải lớn hơn 0.", code="invalid_limit")
            if (value * 60) != (value * 60).to_integral_value():
                raise InvalidInput(
                    "Thời hạn theo giờ chỉ chính xác tới phút.", code="invalid_limit"
                )
        object.__setattr__(self, "value", value.normalize() if value else Decimal(0))
        object.__setattr__(self, "unit", unit)

    @classmethod
    def days(cls, n: int) -> Limit:
        return cls(Decimal(n), "days")

    @classmethod
    def hours(cls, h: int | str | Decimal) -> Limit:
        return cls(Decimal(h), "hours")

    @classmethod
    def same_day(cls) -> Limit:
        return cls(Decimal(0), "same_day")

    @classmethod
    def parse(cls, text: str) -> Limit:
        """Parse ``3d``, ``3 ngày``, ``8h``, ``1.5 giờ``, ``0d``, ``same_day``, ``trong ngày``.

        A bare number means working days.
        """
        folded = fold(text)
        raw = (text or "").strip().lower()
        if raw in _SAME_DAY_WORDS or folded in _SAME_DAY_WORDS:
            return cls.same_day()
        # fold() turns "1.5" into "1 5"; read the number from the raw text instead.
        match = _LIMIT_RE.match(raw)
        if match:
            unit_word = fold(match.group("unit"))
            try:
                value = Decimal(match.group("value").replace(",", "."))
            except InvalidOperation:  # pragma: no cover - the regex admits only numbers
                value = Decimal(-1)
            if unit_word in _DAY_WORDS or unit_word == "":
                return cls(value, "days")
            if unit_word in _HOUR_WORDS:
                return cls(value, "hours")
        raise InvalidInput(
            f"Không hiểu thời hạn «{text}». Ví dụ hợp lệ: 3d (3 ngày làm việc), "
            "8h (8 giờ làm việc), 0d hoặc same_day (trong ngày).",
            code="invalid_limit",
        )

    @property
    def working_days(self) -> int:
        """Whole working days (0 for the same day); only for day limits."""
        if self.unit == "hours":
            raise ValueError("an hours limit has no working-day count")
        return int(self.value)

    @property
    def as_timedelta(self) -> dt.timedelta:
        """Working time of an hours limit."""
        if self.unit != "hours":
            raise ValueError("only an hours limit is a duration")
        return dt.timedelta(minutes=int(self.value * 60))

    def __str__(self) -> str:
        if self.unit == "same_day":
            return "same_day"
        return f"{self.value:f}{'d' if self.unit == 'days' else 'h'}"

    def describe(self) -> str:
        """Vietnamese wording, e.g. ``3 ngày làm việc``."""
        if self.unit == "same_day":
            return "trong ngày làm việc"
        number = f"{self.value:f}".replace(".", ",")
        return f"{number} {'ngày' if self.unit == 'days' else 'giờ'} làm việc"


_MOMENT_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
)


def parse_moment(text: str) -> dt.datetime:
    """Read a moment typed by a person or sent to the API; naive means Vietnam time.

    Accepts ISO 8601 (``2026-02-13T10:00``, with or without offset), ``2026-02-13 10:00``
    and the Vietnamese ``13/02/2026 10:00``; a date alone means 00:00 of that day.
    """
    raw = (text or "").strip()
    moment: dt.datetime | None = None
    try:
        moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        for fmt in _MOMENT_FORMATS:
            try:
                moment = dt.datetime.strptime(raw, fmt)
                break
            except ValueError:
                continue
    if moment is None:
        raise InvalidInput(
            f"Không hiểu thời điểm «{text}». Ví dụ hợp lệ: 2026-02-13 10:00 hoặc 13/02/2026 10:00.",
            code="invalid_moment",
        )
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VN_TZ)
    return moment.astimezone(VN_TZ)
