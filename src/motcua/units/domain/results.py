"""What a conversion returns: the status, the new unit(s), the old unit matched, the
candidates when several readings remain, and a Vietnamese message."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    EXACT = "exact"  # an old unit, wholly inside one new unit
    SPLIT = "split"  # an old unit divided among several new units
    ALREADY_NEW = "already_new"  # the address already names a new unit
    AMBIGUOUS = "ambiguous"  # several old units fit and lead to different new units
    NOT_FOUND = "not_found"


STATUS_LABELS: dict[Status, str] = {
    Status.EXACT: "Đã chuyển đổi",
    Status.SPLIT: "Đơn vị cũ bị chia tách",
    Status.ALREADY_NEW: "Địa chỉ đã theo đơn vị mới",
    Status.AMBIGUOUS: "Chưa xác định được",
    Status.NOT_FOUND: "Không tìm thấy",
}


@dataclass(frozen=True, slots=True)
class UnitRef:
    code: str
    name: str
    full_name: str
    kind: str
    province_code: str
    province_full_name: str

    @property
    def display(self) -> str:
        return f"{self.full_name}, {self.province_full_name}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "full_name": self.full_name,
            "kind": self.kind,
            "province_code": self.province_code,
            "province_full_name": self.province_full_name,
            "display": self.display,
        }


@dataclass(frozen=True, slots=True)
class OldRef:
    code: str
    full_name: str
    district_full_name: str
    province_full_name: str
    display: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "full_name": self.full_name,
            "district_full_name": self.district_full_name,
            "province_full_name": self.province_full_name,
            "display": self.display,
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible reading: an old unit and where it went, or a new unit as written."""

    old: OldRef | None
    units: tuple[UnitRef, ...]

    @property
    def display(self) -> str:
        new = " hoặc ".join(u.display for u in self.units)
        if self.old is None:
            return new
        return f"{self.old.display} → {new}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "old": self.old.as_dict() if self.old else None,
            "units": [u.as_dict() for u in self.units],
            "display": self.display,
        }


@dataclass(frozen=True)
class ConversionResult:
    address: str
    status: Status
    message: str
    units: tuple[UnitRef, ...] = ()
    old: OldRef | None = None
    candidates: tuple[Candidate, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def resolved(self) -> bool:
        """True when the address leads to exactly one new unit."""
        return self.status in (Status.EXACT, Status.ALREADY_NEW)

    @property
    def unit(self) -> UnitRef | None:
        return self.units[0] if self.resolved else None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def headline(self) -> str:
        """One line: the new unit, the split successors, or the message."""
        if self.units:
            return " hoặc ".join(u.display for u in self.units)
        return self.message

    def as_dict(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "status": self.status.value,
            "status_label": self.status_label,
            "message": self.message,
            "units": [u.as_dict() for u in self.units],
            "old": self.old.as_dict() if self.old else None,
            "candidates": [c.as_dict() for c in self.candidates],
            "notes": list(self.notes),
        }
