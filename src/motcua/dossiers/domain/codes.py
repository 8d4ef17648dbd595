"""Dossier codes (mã hồ sơ): ``<agency identifier>-YYMMDD-XXXX``.

Source: Circular 01/2018/TT-VPCP art. 19, carried into Circular 03/2025/TT-VPCP (REFERENCE
§2; verify against the 2025 text). The agency identifier is the electronic identifier of the
receiving agency (mã định danh điện tử, e.g. ``000.00.12.H26``), the date is the reception
date, and the 4-digit sequence restarts each day for each agency.

The format has room for 9,999 dossiers per agency per day. Past that ``format_code`` raises
``SequenceExhausted`` rather than writing a five-digit sequence that other systems of the
national portal would reject; an agency that ever reaches it needs a second identifier from
the administrator (document the case, do not widen the format).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from motcua.errors import Conflict, InvalidInput

MIN_SEQUENCE = 1
MAX_SEQUENCE = 9999
# YYMMDD carries no century; codes are read as 2000–2099.
CENTURY = 2000

# Four levels separated by dots: level 4 (3 characters), level 3 (2), level 2 (2), level 1
# (a letter for the kind of body, then 2 digits), e.g. 000.00.12.H26. Levels 2–4 are digits
# in every identifier seen so far; letters are accepted there because the identifier scheme
# allows them when numbers run out (verify against Decision 20/2020/QĐ-TTg). Level 2 also
# takes up to 5 characters: the provisional identifiers the units app derives for communes
# put the 5-digit commune code there (000.04.03390.H12, docs/units.md) until the province
# enters the official ones.
AGENCY_ID_PATTERN = r"[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2,5}\.[A-Z][0-9]{2}"
_AGENCY_ID = re.compile(AGENCY_ID_PATTERN)
_CODE = re.compile(rf"(?P<agency>{AGENCY_ID_PATTERN})-(?P<date>[0-9]{{6}})-(?P<seq>[0-9]{{4}})")


class InvalidDossierCode(InvalidInput):
    code = "dossier_code.invalid"


class SequenceExhausted(Conflict):
    code = "dossier_code.sequence_exhausted"


@dataclass(frozen=True, slots=True, order=True)
class DossierCode:
    """A parsed code. Ordering is agency, then date, then sequence (the code's text order)."""

    agency_id: str
    day: date
    seq: int

    def __str__(self) -> str:
        return format_code(self.agency_id, self.day, self.seq)


def normalize_agency_id(agency_id: str) -> str:
    """Upper-case, trimmed agency identifier; raises ``InvalidDossierCode`` if malformed."""
    cleaned = (agency_id or "").strip().upper()
    if not _AGENCY_ID.fullmatch(cleaned):
        raise InvalidDossierCode(
            f"Mã định danh cơ quan «{agency_id}» không đúng định dạng (ví dụ: 000.00.12.H26).",
            details={"agency_id": agency_id},
        )
    return cleaned


def format_code(agency_id: str, day: date, seq: int) -> str:
    """``format_code("000.00.12.H26", date(2026, 2, 13), 1) == "000.00.12.H26-260213-0001"``."""
    agency = normalize_agency_id(agency_id)
    if not CENTURY <= day.year < CENTURY + 100:
        raise InvalidDossierCode(
            f"Mã hồ sơ chỉ ghi được ngày từ năm {CENTURY} đến năm {CENTURY + 99}.",
            details={"day": day.isoformat()},
        )
    if seq > MAX_SEQUENCE:
        raise SequenceExhausted(
            f"Cơ quan {agency} đã dùng hết {MAX_SEQUENCE} số thứ tự hồ sơ của ngày "
            f"{day:%d/%m/%Y}; liên hệ quản trị hệ thống.",
            details={"agency_id": agency, "day": day.isoformat(), "seq": seq},
        )
    if seq < MIN_SEQUENCE:
        raise InvalidDossierCode(
            f"Số thứ tự hồ sơ phải từ {MIN_SEQUENCE} đến {MAX_SEQUENCE}.",
            details={"seq": seq},
        )
    return f"{agency}-{day:%y%m%d}-{seq:04d}"


def parse_code(text: str) -> DossierCode:
    """Parse and validate a dossier code typed or scanned by a person.

    Surrounding spaces and lower-case letters are accepted; anything else wrong raises
    ``InvalidDossierCode`` with a Vietnamese message.
    """
    cleaned = (text or "").strip().upper()
    match = _CODE.fullmatch(cleaned)
    if match is None:
        raise InvalidDossierCode(
            f"Mã hồ sơ «{text}» không đúng định dạng <mã cơ quan>-YYMMDD-XXXX "
            "(ví dụ: 000.00.12.H26-260213-0001).",
            details={"code": text},
        )
    raw_date = match["date"]
    try:
        day = date(CENTURY + int(raw_date[:2]), int(raw_date[2:4]), int(raw_date[4:]))
    except ValueError:
        raise InvalidDossierCode(
            f"Ngày tiếp nhận «{raw_date}» trong mã hồ sơ không phải ngày có thật.",
            details={"code": text},
        ) from None
    seq = int(match["seq"])
    if seq < MIN_SEQUENCE:
        raise InvalidDossierCode(
            "Số thứ tự trong mã hồ sơ phải từ 0001 đến 9999.", details={"code": text}
        )
    return DossierCode(agency_id=match["agency"], day=day, seq=seq)


def next_sequence(last_used: int | None) -> int:
    """The sequence after ``last_used`` (None when the agency has no dossier that day yet)."""
    candidate = MIN_SEQUENCE if last_used is None else last_used + 1
    if candidate > MAX_SEQUENCE:
        raise SequenceExhausted(
            f"Đã dùng hết {MAX_SEQUENCE} số thứ tự hồ sơ trong ngày; liên hệ quản trị hệ thống.",
            details={"last_used": last_used},
        )
    return candidate
