"""Read the administrative-unit data shipped inside two installed packages.

- ``vietnam-provinces`` (GPL-3.0-or-later): the 34 provinces since 1 July 2025.
- ``onflow-location-platform`` (MIT): the 3,321 communes since 1 July 2025 with the
  official statistics codes, the 10,035 pre-2025 communes (63 provinces) and the
  old→new map. Its data files are read directly (SQLite + JSON): importing the package
  would pull pandas, shapely and geopy for nothing.

Why the communes come from the second package: ``vietnam-provinces`` 2025.10.1 (the last
release for Python 3.11) carries the draft code list; 114 communes have other codes in
the official list (Công văn 1027/CTK-CSCL of 25/6/2025), which the second package and
``vietnam-provinces`` ≥ 2026.1 (Python ≥ 3.12) follow. Names agree in both packages, and
a test checks that they keep agreeing.

Nothing here touches Django; ``services.load_units`` writes the records.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from motcua.text import nfc
from motcua.units.domain.index import clean_aliases
from motcua.units.domain.records import (
    DISTRICT_KINDS,
    LEGACY_UNIT_KINDS,
    UNIT_KINDS,
    LegacyInfo,
    MappingInfo,
    ProvinceInfo,
    UnitInfo,
    pad_code,
    split_full_name,
)


class SourceError(RuntimeError):
    """The packaged data is missing or not in the expected shape."""


def package_dir(name: str) -> Path:
    """Where an installed package lives, without importing (running) it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SourceError(f"Chưa cài gói {name}.")
    return Path(next(iter(spec.submodule_search_locations)))


def _onflow_data() -> Path:
    return package_dir("onflow_location_platform") / "data"


def source_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for dist in ("vietnam-provinces", "onflow-location-platform"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = ""
    return out


def read_provinces() -> list[ProvinceInfo]:
    from vietnam_provinces import Province

    provinces = []
    for p in Province.iter_all():
        city = p.division_type.value == "thành phố trung ương"
        name = nfc(p.name)
        if city and name.startswith("Thành phố "):
            name = name[len("Thành phố "):]
        full_name = f"{'Thành phố' if city else 'Tỉnh'} {name}"
        provinces.append(ProvinceInfo(pad_code(int(p.code), 2), name, full_name,
                                      "thanh_pho" if city else "tinh"))
    return sorted(provinces, key=lambda p: p.code)


def read_reference_units() -> list[tuple[str, str, str]]:
    """(province code, commune code, full name) as listed by ``vietnam-provinces``; used
    only to cross-check the commune list."""
    from vietnam_provinces import Ward

    return [(pad_code(int(w.province_code), 2), pad_code(int(w.code), 5), nfc(w.name))
            for w in Ward.iter_all()]


def _connect() -> sqlite3.Connection:
    path = _onflow_data() / "dataset.db"
    if not path.exists():
        raise SourceError(f"Không thấy tệp dữ liệu {path}.")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def read_units() -> list[UnitInfo]:
    with _connect() as conn:
        rows = conn.execute(
            "SELECT wardCode, ward, provinceCode FROM admin_units"
        ).fetchall()
    units = []
    for r in rows:
        full_name = nfc(r["ward"])
        # The official name carries the kind; the source's separate type column has a
        # few slips (Phường Việt Hòa listed as "Xã").
        kind, name = split_full_name(full_name, UNIT_KINDS)
        units.append(UnitInfo(pad_code(r["wardCode"], 5), name, full_name, kind,
                              pad_code(r["provinceCode"], 2)))
    return sorted(units, key=lambda u: u.code)


@dataclass(frozen=True)
class _LegacyRow:
    info: LegacyInfo
    key: str  # the source's "province_district_ward" key used by the old→new map


def _aliases(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    return clean_aliases(json.loads(raw))


def _read_legacy_rows() -> list[_LegacyRow]:
    with _connect() as conn:
        rows = conn.execute(
            "SELECT province, provinceCode, provinceKey, district, districtCode, districtKey,"
            " ward, wardCode, wardKey, wardAlias, districtAlias FROM admin_units_legacy"
        ).fetchall()
    out = []
    for r in rows:
        province_full = nfc(r["province"])
        province_kind, province_name = split_full_name(
            province_full, {"tinh": "Tỉnh", "thanh_pho": "Thành phố"})
        district_full = nfc(r["district"])
        district_kind, district_name = split_full_name(district_full, DISTRICT_KINDS)
        district_aliases = _aliases(r["districtAlias"])
        if r["wardCode"]:
            full_name = nfc(r["ward"])
            kind, name = split_full_name(full_name, LEGACY_UNIT_KINDS)
            code = pad_code(r["wardCode"], 5)
            aliases = _aliases(r["wardAlias"])
        else:
            # An island district with no communes (huyện Lý Sơn, Côn Đảo…).
            full_name, kind, name = district_full, "huyen", district_name
            code = pad_code(r["districtCode"], 3)
            aliases = district_aliases
        info = LegacyInfo(
            code=code, name=name, full_name=full_name, kind=kind,
            district_code=pad_code(r["districtCode"], 3), district_name=district_name,
            district_full_name=district_full, district_kind=district_kind,
            province_code=pad_code(r["provinceCode"], 2), province_name=province_name,
            province_full_name=province_full, aliases=aliases, district_aliases=district_aliases,
        )
        key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        out.append(_LegacyRow(info, key))
    return out


def read_legacy_units() -> list[LegacyInfo]:
    return sorted((row.info for row in _read_legacy_rows()), key=lambda lu: lu.code)


def read_mappings(legacy_rows: list[_LegacyRow] | None = None) -> list[MappingInfo]:
    rows = legacy_rows if legacy_rows is not None else _read_legacy_rows()
    legacy_by_key = {row.key: row.info.code for row in rows}
    with _connect() as conn:
        new_by_key = {
            (r["provinceKey"], r["wardKey"]): pad_code(r["wardCode"], 5)
            for r in conn.execute("SELECT provinceKey, wardKey, wardCode FROM admin_units")
        }
    with open(_onflow_data() / "converter_2025.json", encoding="utf-8") as fh:
        data = json.load(fh)

    def resolve(old_key: str, province_key: str, ward_key: str) -> tuple[str, str]:
        try:
            return legacy_by_key[old_key], new_by_key[(province_key, ward_key)]
        except KeyError as exc:
            raise SourceError(f"Bảng chuyển đổi tham chiếu mã không có: {exc}") from exc

    mappings: dict[tuple[str, str], MappingInfo] = {}
    for province_key, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            for old_key in old_keys:
                old, new = resolve(old_key, province_key, ward_key)
                mappings[(old, new)] = MappingInfo(old, new, partial=False, primary=True)
    for province_key, olds in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, news in olds.items():
            for item in news:
                old, new = resolve(old_key, province_key, item["newWardKey"])
                mappings[(old, new)] = MappingInfo(
                    old, new, partial=True, primary=bool(item.get("isDefaultNewWard")))
    return list(mappings.values())


@dataclass(frozen=True)
class SourceData:
    provinces: list[ProvinceInfo]
    units: list[UnitInfo]
    legacy_units: list[LegacyInfo]
    mappings: list[MappingInfo]


def read_all() -> SourceData:
    legacy_rows = _read_legacy_rows()
    return SourceData(
        provinces=read_provinces(),
        units=read_units(),
        legacy_units=sorted((row.info for row in legacy_rows), key=lambda lu: lu.code),
        mappings=read_mappings(legacy_rows),
    )
