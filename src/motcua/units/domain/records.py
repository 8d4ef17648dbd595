"""Plain records of administrative units, shared by the data sources, the loader and the
address index. No Django here: the selectors build these from the database and the
conversion rules work on them in memory.

Codes are the statistics office's codes as zero-padded strings: provinces ``"12"``,
communes ``"03390"``. Pre-2025 district-level units that had no communes of their own
(island districts such as huyện Lý Sơn) carry their 3-digit district code instead.
"""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of the two-tier system (from 1 July 2025).
PROVINCE_KINDS: dict[str, str] = {"tinh": "Tỉnh", "thanh_pho": "Thành phố"}
UNIT_KINDS: dict[str, str] = {"xa": "Xã", "phuong": "Phường", "dac_khu": "Đặc khu"}
# Kinds of the three-tier system (before 1 July 2025).
LEGACY_UNIT_KINDS: dict[str, str] = {
    "xa": "Xã",
    "phuong": "Phường",
    "thi_tran": "Thị trấn",
    # An island district without communes: the district itself is the smallest unit.
    "huyen": "Huyện",
}
DISTRICT_KINDS: dict[str, str] = {
    "huyen": "Huyện",
    "quan": "Quận",
    "thi_xa": "Thị xã",
    "thanh_pho": "Thành phố",
}

PROVINCE_CODE_WIDTH = 2
UNIT_CODE_WIDTH = 5


def kind_from_label(label: str, kinds: dict[str, str]) -> str:
    """``"Thị trấn"`` → ``"thi_tran"`` for the given kind table; ValueError if unknown."""
    wanted = label.strip().lower()
    for key, value in kinds.items():
        if value.lower() == wanted:
            return key
    raise ValueError(f"unknown kind {label!r}")


def split_full_name(full_name: str, kinds: dict[str, str]) -> tuple[str, str]:
    """``"Thị trấn Tam Đường"`` → ``("thi_tran", "Tam Đường")``.

    The longest matching kind label wins, so "Thị xã" is not read as "Thị"…; raises
    ValueError when the name does not start with a known kind.
    """
    lowered = full_name.lower()
    for key, label in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
        prefix = label.lower() + " "
        if lowered.startswith(prefix):
            return key, full_name[len(prefix):].strip()
    raise ValueError(f"no kind prefix in {full_name!r}")


def pad_code(code: str | int, width: int) -> str:
    text = str(code).strip()
    return text.zfill(width) if text.isdigit() else text


@dataclass(frozen=True, slots=True)
class ProvinceInfo:
    code: str
    name: str
    full_name: str
    kind: str


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """A commune, ward or special zone of the two-tier system."""

    code: str
    name: str
    full_name: str
    kind: str
    province_code: str


@dataclass(frozen=True, slots=True)
class LegacyInfo:
    """A commune, ward or township (thị trấn) as it was before 1 July 2025."""

    code: str
    name: str
    full_name: str
    kind: str
    district_code: str
    district_name: str
    district_full_name: str
    district_kind: str
    province_code: str
    province_name: str
    province_full_name: str
    # Earlier names (before the 2019–2024 mergers), folded without spaces.
    aliases: tuple[str, ...] = ()
    district_aliases: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        if self.kind == "huyen":
            return f"{self.full_name}, {self.province_full_name}"
        return f"{self.full_name}, {self.district_full_name}, {self.province_full_name}"


@dataclass(frozen=True, slots=True)
class MappingInfo:
    """One old unit → one new unit. ``partial``: the old unit was split and only part of
    it went to this new unit; ``primary``: the new unit the source marks as the main
    successor of a split unit (always True when the old unit was not split)."""

    legacy_code: str
    unit_code: str
    partial: bool
    primary: bool = True
