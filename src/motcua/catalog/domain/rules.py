"""Rules of the procedure catalog (danh mục thủ tục hành chính). Pure Python, no Django.

Statutory numbers (time limits, fees) are data in ``catalog/data/procedures.json`` and in the
database; this module only knows their shapes and how to say them in Vietnamese.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class Level(StrEnum):
    """Cấp có thẩm quyền giải quyết."""

    COMMUNE = "commune"
    PROVINCE = "province"
    CENTRAL = "central"


LEVEL_LABELS: dict[Level, str] = {
    Level.COMMUNE: "Cấp xã",
    Level.PROVINCE: "Cấp tỉnh",
    Level.CENTRAL: "Cấp trung ương",
}


class AgencyKind(StrEnum):
    """Kinds of agency, the same codes as the ``units`` app's Agency kinds."""

    UBND = "ubnd"
    OFFICE_HDND_UBND = "office_hdnd_ubnd"
    ECONOMIC_DIVISION = "economic_division"
    CULTURE_SOCIAL_DIVISION = "culture_social_division"
    SERVICE_CENTER = "service_center"
    PROVINCE_DEPARTMENT = "province_department"


AGENCY_KIND_LABELS: dict[AgencyKind, str] = {
    AgencyKind.UBND: "Ủy ban nhân dân",
    AgencyKind.OFFICE_HDND_UBND: "Văn phòng HĐND và UBND",
    AgencyKind.ECONOMIC_DIVISION: "Phòng Kinh tế",
    AgencyKind.CULTURE_SOCIAL_DIVISION: "Phòng Văn hóa - Xã hội",
    AgencyKind.SERVICE_CENTER: "Trung tâm Phục vụ hành chính công",
    AgencyKind.PROVINCE_DEPARTMENT: "Sở, ngành cấp tỉnh",
}


class OnlineLevel(StrEnum):
    FULLY_ONLINE = "fully_online"
    PARTLY_ONLINE = "partly_online"
    IN_PERSON = "in_person"


ONLINE_LEVEL_LABELS: dict[OnlineLevel, str] = {
    OnlineLevel.FULLY_ONLINE: "Trực tuyến toàn trình",
    OnlineLevel.PARTLY_ONLINE: "Trực tuyến một phần",
    OnlineLevel.IN_PERSON: "Trực tiếp",
}


class LimitUnit(StrEnum):
    """Units of a statutory time limit; the same as ``workdays.Limit``."""

    DAYS = "days"  # ngày làm việc
    HOURS = "hours"  # giờ làm việc
    SAME_DAY = "same_day"  # trong ngày


LIMIT_UNIT_LABELS: dict[LimitUnit, str] = {
    LimitUnit.DAYS: "ngày làm việc",
    LimitUnit.HOURS: "giờ làm việc",
    LimitUnit.SAME_DAY: "trong ngày",
}


class StepUnit(StrEnum):
    DAYS = "days"
    HOURS = "hours"


class DocumentForm(StrEnum):
    """Bản chính / bản sao / bản chính hoặc bản sao."""

    ORIGINAL = "original"
    COPY = "copy"
    EITHER = "either"


DOCUMENT_FORM_LABELS: dict[DocumentForm, str] = {
    DocumentForm.ORIGINAL: "Bản chính",
    DocumentForm.COPY: "Bản sao",
    DocumentForm.EITHER: "Bản chính hoặc bản sao",
}


class Requirement(StrEnum):
    MANDATORY = "mandatory"
    CONDITIONAL = "conditional"


REQUIREMENT_LABELS: dict[Requirement, str] = {
    Requirement.MANDATORY: "Bắt buộc",
    Requirement.CONDITIONAL: "Theo trường hợp",
}


class StepRole(StrEnum):
    """Who does a processing step; the same codes as the ``accounts`` roles."""

    CLERK = "clerk"
    SPECIALIST = "specialist"
    DIVISION_HEAD = "division_head"
    LEADER = "leader"
    CENTER_DIRECTOR = "center_director"


STEP_ROLE_LABELS: dict[StepRole, str] = {
    StepRole.CLERK: "Công chức tiếp nhận",
    StepRole.SPECIALIST: "Công chức chuyên môn",
    StepRole.DIVISION_HEAD: "Trưởng phòng",
    StepRole.LEADER: "Lãnh đạo UBND",
    StepRole.CENTER_DIRECTOR: "Giám đốc Trung tâm",
}

# A "same day" procedure is done within one working day; its steps are counted in working
# hours. Office hours are the workdays app's business; this is only the upper bound used to
# check a step plan, passed in by callers that know better.
DEFAULT_HOURS_PER_DAY = Decimal(8)

NATIONAL_CODE_RE = re.compile(r"^[0-9]\.[0-9]{6}$")
# Codes an administrator gives to a procedure not (yet) found on the national database:
# "DP-" (địa phương) + letters + number, e.g. DP-BHYT-01.
LOCAL_CODE_RE = re.compile(r"^DP-[A-Z]{2,8}-[0-9]{2,3}$")
FIELD_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def is_valid_code(code: str) -> bool:
    return bool(NATIONAL_CODE_RE.match(code) or LOCAL_CODE_RE.match(code))


def is_local_code(code: str) -> bool:
    return bool(LOCAL_CODE_RE.match(code))


@dataclass(frozen=True)
class Limit:
    value: Decimal
    unit: LimitUnit


@dataclass(frozen=True)
class Step:
    name: str
    duration: Decimal
    unit: StepUnit


def parse_decimal(value: object) -> Decimal | None:
    """A number from a cell or a form: ``3``, ``"3"``, ``"0,5"``; None if it is not one."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value).strip().replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def format_number(value: Decimal | int) -> str:
    """``Decimal("0.5")`` → ``"0,5"``; ``Decimal("3.0")`` → ``"3"`` (Vietnamese decimal comma)."""
    number = Decimal(value)
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f").replace(".", ",")


def describe_limit(value: Decimal | int | None, unit: str) -> str:
    """The time limit in plain words: "3 ngày làm việc", "4 giờ làm việc", "Trong ngày"."""
    kind = LimitUnit(unit)
    if kind is LimitUnit.SAME_DAY:
        return "Trong ngày"
    return f"{format_number(value or 0)} {LIMIT_UNIT_LABELS[kind]}"


def describe_duration(value: Decimal | int, unit: str) -> str:
    label = "ngày làm việc" if StepUnit(unit) is StepUnit.DAYS else "giờ làm việc"
    return f"{format_number(value)} {label}"


def format_vnd(amount: int) -> str:
    """``8000`` → ``"8.000 đồng"``."""
    return f"{amount:,}".replace(",", ".") + " đồng"


def describe_fee(amount: int | None, text: str = "") -> str:
    """Short fee for lists: the amount when known, else the text, "Không thu" when zero."""
    if amount is None:
        return text or "Theo quy định"
    if amount == 0:
        return "Không thu phí, lệ phí"
    return format_vnd(amount)


def limit_problem(value: Decimal | None, unit: str) -> str | None:
    """Why a (value, unit) pair is not a usable time limit, in Vietnamese; None if it is."""
    try:
        kind = LimitUnit(unit)
    except ValueError:
        allowed = ", ".join(u.value for u in LimitUnit)
        return f"đơn vị thời hạn '{unit}' không hợp lệ (chỉ nhận: {allowed})"
    if kind is LimitUnit.SAME_DAY:
        if value is not None and value != 1:
            return "thủ tục giải quyết trong ngày phải có thời hạn là 1 (hoặc để trống)"
        return None
    if value is None:
        return "thiếu thời hạn giải quyết"
    if value <= 0:
        return f"thời hạn phải lớn hơn 0 (đang là {format_number(value)})"
    if value != value.quantize(Decimal("0.1")):
        return "thời hạn chỉ được có tối đa một chữ số thập phân"
    return None


def steps_problem(
    limit: Limit, steps: Sequence[Step], hours_per_day: Decimal = DEFAULT_HOURS_PER_DAY
) -> str | None:
    """Why the processing steps do not fit the time limit, in Vietnamese; None if they fit.

    Steps are counted in the limit's own unit and add up to it exactly; for a same-day
    procedure they are counted in working hours and fit in one working day. A procedure
    without steps passes: the province may not have published its internal process yet.
    """
    if not steps:
        return None
    for step in steps:
        if step.duration <= 0:
            return f"bước '{step.name}' phải có thời gian lớn hơn 0"
    total = sum((s.duration for s in steps), Decimal(0))
    if limit.unit is LimitUnit.SAME_DAY:
        wrong = [s.name for s in steps if s.unit is not StepUnit.HOURS]
        if wrong:
            return (
                "thủ tục giải quyết trong ngày phải tính các bước bằng giờ làm việc "
                f"(bước '{wrong[0]}' đang tính bằng ngày)"
            )
        if total > hours_per_day:
            return (
                f"tổng thời gian các bước ({format_number(total)} giờ) vượt quá một ngày "
                f"làm việc ({format_number(hours_per_day)} giờ)"
            )
        return None
    expected = StepUnit(limit.unit.value)
    wrong = [s.name for s in steps if s.unit is not expected]
    if wrong:
        return (
            f"các bước phải tính bằng {LIMIT_UNIT_LABELS[limit.unit]} như thời hạn "
            f"(bước '{wrong[0]}' dùng đơn vị khác)"
        )
    if total != limit.value:
        return (
            f"tổng thời gian các bước ({describe_duration(total, expected)}) khác thời hạn "
            f"giải quyết ({describe_limit(limit.value, limit.unit)})"
        )
    return None


def split_list(value: object) -> list[str]:
    """A list held in one cell: one item per line (or separated by ';'), blanks dropped."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        items: Iterable[object] = value
    else:
        items = re.split(r"[\n;]", str(value))
    return [str(item).strip() for item in items if str(item).strip()]


def join_list(items: Iterable[str]) -> str:
    return "\n".join(items)
