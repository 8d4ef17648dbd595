"""The in-memory index the address conversion works on.

Built once from plain records (see ``records``); the selectors build it from the
database and cache it. Every name is looked up by its folded, space-less key, so
"Tam Đường", "tam duong" and "TAM DUONG" meet, and so do aliases stored without spaces.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from motcua.units.domain.records import (
    LegacyInfo,
    MappingInfo,
    ProvinceInfo,
    UnitInfo,
)
from motcua.units.domain.tokens import name_key

# Type words that sources glue to the front of alias keys ("xaphuthi", "txcualo").
_ALIAS_PREFIXES = (
    "thanhpho", "thitran", "thixa", "phuong", "huyen", "quan", "tinh", "xa", "tp", "tt", "tx",
)
_NUMBERED = re.compile(r"^(?:q|p|f|x|h)(\d+)$")
# Short forms people write for the two largest cities.
_EXTRA_PROVINCE_ALIASES: dict[str, tuple[str, ...]] = {
    "01": ("hn", "tphn"),
    "79": ("hcm", "tphcm", "hcmc"),
}


@dataclass(frozen=True, slots=True)
class Target:
    unit_code: str
    partial: bool
    primary: bool


@dataclass(frozen=True, slots=True)
class LegacyProvince:
    code: str
    name: str
    full_name: str
    new_code: str  # the province it belongs to since 1 July 2025


@dataclass(frozen=True, slots=True)
class LegacyDistrict:
    code: str
    name: str
    full_name: str
    kind: str
    province_code: str


@dataclass
class AddressIndex:
    provinces: Mapping[str, ProvinceInfo]
    units: Mapping[str, UnitInfo]
    legacy: Mapping[str, LegacyInfo]
    targets: Mapping[str, tuple[Target, ...]]
    legacy_provinces: Mapping[str, LegacyProvince]
    districts: Mapping[str, LegacyDistrict]
    # name key → codes
    unit_keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    legacy_keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    legacy_alias_keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    district_keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    province_keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    legacy_province_keys: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    max_words: int = 6

    def __len__(self) -> int:
        return len(self.units)

    def unit_display(self, code: str) -> str:
        unit = self.units[code]
        return f"{unit.full_name}, {self.provinces[unit.province_code].full_name}"

    def new_province_of_legacy(self, legacy: LegacyInfo) -> str:
        known = self.legacy_provinces.get(legacy.province_code)
        if known is not None:
            return known.new_code
        for target in self.targets.get(legacy.code, ()):
            return self.units[target.unit_code].province_code
        return ""


def clean_aliases(keys: Iterable[str]) -> tuple[str, ...]:
    """Keep the bare names of an alias list.

    Sources list each earlier name twice, with and without its type word
    (``["xaphuthi", "phuthi"]``); a typed key with no bare twin is kept without its type
    word, and a bare key that happens to start like a type word ("xaluong") is kept as is
    when its typed twin is in the list.
    """
    keys = [k for k in (name_key(k) for k in keys) if k]
    present = set(keys)
    kept: list[str] = []
    for key in keys:
        numbered = _NUMBERED.match(key)
        if numbered:  # "q9", "p12": one letter only before a number
            bare = numbered.group(1)
        elif any(prefix + key in present for prefix in _ALIAS_PREFIXES):
            bare = key
        else:
            bare = key
            for prefix in _ALIAS_PREFIXES:
                if key.startswith(prefix) and len(key) > len(prefix):
                    bare = key[len(prefix):]
                    break
        if bare and bare not in kept:
            kept.append(bare)
    return tuple(kept)


def _freeze(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(dict.fromkeys(codes)) for key, codes in table.items()}


def build_index(
    provinces: Iterable[ProvinceInfo],
    units: Iterable[UnitInfo],
    legacy_units: Iterable[LegacyInfo],
    mappings: Iterable[MappingInfo],
) -> AddressIndex:
    province_map = {p.code: p for p in provinces}
    unit_map = {u.code: u for u in units}
    legacy_map = {lu.code: lu for lu in legacy_units}

    targets: dict[str, list[Target]] = defaultdict(list)
    for m in mappings:
        if m.unit_code in unit_map and m.legacy_code in legacy_map:
            targets[m.legacy_code].append(Target(m.unit_code, m.partial, m.primary))
    frozen_targets = {
        code: tuple(sorted(ts, key=lambda t: (not t.primary, t.unit_code)))
        for code, ts in targets.items()
    }

    words = 1
    unit_keys: dict[str, list[str]] = defaultdict(list)
    for unit in unit_map.values():
        unit_keys[name_key(unit.name)].append(unit.code)
        words = max(words, len(unit.name.split()))
    province_keys: dict[str, list[str]] = defaultdict(list)
    for province in province_map.values():
        province_keys[name_key(province.name)].append(province.code)
        for alias in _EXTRA_PROVINCE_ALIASES.get(province.code, ()):
            province_keys[alias].append(province.code)

    legacy_keys: dict[str, list[str]] = defaultdict(list)
    alias_keys: dict[str, list[str]] = defaultdict(list)
    district_keys: dict[str, list[str]] = defaultdict(list)
    legacy_province_keys: dict[str, list[str]] = defaultdict(list)
    districts: dict[str, LegacyDistrict] = {}
    old_provinces: dict[str, LegacyProvince] = {}
    for lu in legacy_map.values():
        key = name_key(lu.name)
        legacy_keys[key].append(lu.code)
        words = max(words, len(lu.name.split()), len(lu.district_name.split()))
        for alias in lu.aliases:
            if alias != key:
                alias_keys[alias].append(lu.code)
        if lu.district_code not in districts:
            districts[lu.district_code] = LegacyDistrict(
                lu.district_code, lu.district_name, lu.district_full_name, lu.district_kind,
                lu.province_code,
            )
            district_keys[name_key(lu.district_name)].append(lu.district_code)
            for alias in lu.district_aliases:
                district_keys[alias].append(lu.district_code)
        if lu.province_code not in old_provinces:
            new_code = ""
            for target in frozen_targets.get(lu.code, ()):
                new_code = unit_map[target.unit_code].province_code
                break
            if new_code:
                old_provinces[lu.province_code] = LegacyProvince(
                    lu.province_code, lu.province_name, lu.province_full_name, new_code
                )
                legacy_province_keys[name_key(lu.province_name)].append(lu.province_code)
                for alias in _EXTRA_PROVINCE_ALIASES.get(lu.province_code, ()):
                    legacy_province_keys[alias].append(lu.province_code)

    return AddressIndex(
        provinces=province_map,
        units=unit_map,
        legacy=legacy_map,
        targets=frozen_targets,
        legacy_provinces=old_provinces,
        districts=districts,
        unit_keys=_freeze(unit_keys),
        legacy_keys=_freeze(legacy_keys),
        legacy_alias_keys=_freeze(alias_keys),
        district_keys=_freeze(district_keys),
        province_keys=_freeze(province_keys),
        legacy_province_keys=_freeze(legacy_province_keys),
        # Aliases have no spaces, so allow a few more words than the longest official name.
        max_words=min(words + 2, 10),
    )
