"""Personal identification numbers (số định danh cá nhân, printed on the CCCD card) and the
masking of personal data shown where it must not leak (status lookup, public lists).

Structure (REFERENCE §6; Decree 137/2015 art. 13, Circular 07/2016/TT-BCA art. 7, kept by the
Law on Identification 2023): 3 digits for the province or country where the birth was
registered, 1 digit for century and gender, 2 digits for the year of birth, 6 random digits.
The last 6 digits carry no check digit, so a well-formed number can still be someone else's;
only the national population database can confirm it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from motcua.errors import InvalidInput

from .identity_codes import BIRTH_REGISTRATION_PROVINCES

PERSONAL_ID_LENGTH = 12
FIRST_CENTURY = 1900  # century digit 0/1 means 1900–1999, 2/3 means 2000–2099, ...

_SEPARATORS = re.compile(r"[\s.\-]+")


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


GENDER_LABELS: dict[Gender, str] = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}


class InvalidPersonalId(InvalidInput):
    code = "personal_id.invalid"


@dataclass(frozen=True, slots=True)
class PersonalIdInfo:
    number: str
    place_code: str
    place_name: str
    gender: Gender
    birth_year: int


def _clean(text: str) -> str:
    return _SEPARATORS.sub("", text or "")


def validate_personal_id(
    text: str, *, today: date, extra_codes: Mapping[str, str] | None = None
) -> PersonalIdInfo:
    """Check the structure of a personal identification number and read what it encodes.

    Spaces, dots and hyphens between digit groups are ignored. ``today`` bounds the year of
    birth; ``extra_codes`` adds place codes (e.g. countries) to the 63 province codes.
    Raises ``InvalidPersonalId`` with a Vietnamese message.
    """
    number = _clean(text)
    if not number:
        raise InvalidPersonalId("Chưa nhập số định danh cá nhân.")
    if not number.isascii() or not number.isdigit():
        raise InvalidPersonalId("Số định danh cá nhân chỉ gồm chữ số.", details={"number": text})
    if len(number) != PERSONAL_ID_LENGTH:
        hint = " (số chứng minh nhân dân 9 số không dùng được ở đây)" if len(number) == 9 else ""
        raise InvalidPersonalId(
            f"Số định danh cá nhân phải có đúng {PERSONAL_ID_LENGTH} chữ số, "
            f"số đã nhập có {len(number)}{hint}.",
            details={"length": len(number)},
        )
    place_code = number[:3]
    places = dict(BIRTH_REGISTRATION_PROVINCES)
    if extra_codes:
        places.update(extra_codes)
    place_name = places.get(place_code)
    if place_name is None:
        raise InvalidPersonalId(
            f"Mã nơi đăng ký khai sinh «{place_code}» (3 chữ số đầu) không có trong danh mục.",
            details={"place_code": place_code},
        )
    century_digit = int(number[3])
    gender = Gender.MALE if century_digit % 2 == 0 else Gender.FEMALE
    birth_year = FIRST_CENTURY + 100 * (century_digit // 2) + int(number[4:6])
    if birth_year > today.year:
        raise InvalidPersonalId(
            f"Năm sinh {birth_year} đọc từ số định danh (chữ số thứ 4 đến 6) ở tương lai.",
            details={"birth_year": birth_year},
        )
    return PersonalIdInfo(
        number=number,
        place_code=place_code,
        place_name=place_name,
        gender=gender,
        birth_year=birth_year,
    )


def _mask(value: str, keep_start: int, keep_end: int, mark: str = "*") -> str:
    if keep_start + keep_end >= len(value):
        # Too short to reveal anything safely: hide it all.
        return mark * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + mark * hidden + value[len(value) - keep_end :]


def mask_personal_id(text: str, visible: int = 4) -> str:
    """``mask_personal_id("012345678901") == "********8901"``: only the last digits show."""
    return _mask(_clean(text), 0, visible)


def mask_phone(text: str) -> str:
    """``mask_phone("0912 345 678") == "091****678"``: the network prefix and the last 3
    digits show, the subscriber's middle digits do not. Short numbers show only 2 digits."""
    digits = _clean(text)
    if len(digits) >= 9:
        return _mask(digits, 3, 3)
    return _mask(digits, 0, 2)


def mask_email(text: str) -> str:
    """``mask_email("nguyenvana@example.vn") == "n*********@example.vn"``.

    The domain stays (it tells which mailbox to check); of the local part only the first
    character shows. Anything without exactly one "@" is hidden whole.
    """
    value = (text or "").strip()
    local, at, domain = value.partition("@")
    if not at or not local or not domain or "@" in domain:
        return "*" * len(value)
    return _mask(local, 1, 0) + "@" + domain
