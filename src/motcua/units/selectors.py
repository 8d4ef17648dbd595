"""Reads of the units app shared by views, the API, commands and other apps."""

from __future__ import annotations

import threading
import time

from django.db.models import QuerySet

from motcua.errors import InvalidInput, MotcuaError, NotFound
from motcua.text import fold, nfc
from motcua.units.domain import (
    AddressIndex,
    ConversionResult,
    LegacyInfo,
    MappingInfo,
    ProvinceInfo,
    UnitInfo,
    build_index,
    convert,
    name_key,
    pad_code,
)
from motcua.units.models import Agency, LegacyMapping, LegacyUnit, Province, Unit

LOAD_HINT = "Chưa nạp dữ liệu đơn vị hành chính: hãy chạy «motcua units load»."
# Another process (the CLI) may reload the data; a server notices within this delay.
_INDEX_RECHECK_SECONDS = 300


class UnitsNotLoaded(MotcuaError):
    code = "units_not_loaded"
    status = 503

    def __init__(self) -> None:
        super().__init__(LOAD_HINT)


def units_loaded() -> bool:
    return Unit.objects.exists()


def ensure_loaded() -> None:
    if not units_loaded():
        raise UnitsNotLoaded()


def unit_display_name(code: str) -> str:
    """"03390" → "Xã Bình Lư, Tỉnh Lai Châu"; "12" → "Tỉnh Lai Châu"; an unknown code is
    returned as given (this is used in page headers and must not fail)."""
    text = (code or "").strip()
    if not text:
        return ""
    if len(text) <= 2:
        province = Province.objects.filter(code=pad_code(text, 2)).first()
        return province.full_name if province else text
    unit = Unit.objects.select_related("province").filter(code=pad_code(text, 5)).first()
    return unit.display_name if unit else text


def get_unit(code: str) -> Unit:
    unit = Unit.objects.select_related("province").filter(code=pad_code(code, 5)).first()
    if unit is None:
        ensure_loaded()
        raise NotFound(f"Không có xã, phường, đặc khu mã «{code}».", code="unit_not_found")
    return unit


def provinces() -> QuerySet[Province]:
    return Province.objects.order_by("code")


def _strip_kind(folded: str) -> str:
    for word in ("thanh pho ", "tinh ", "tp "):
        if folded.startswith(word):
            return folded[len(word):]
    return folded


def find_province(text: str) -> Province:
    """The province named or coded in ``text``: "Lai Châu", "lai chau", "Tỉnh Lai Châu",
    "12", "TP Hồ Chí Minh", "hcm". Raises InvalidInput (empty) or NotFound."""
    value = nfc(text)
    if not value:
        raise InvalidInput("Chưa nhập tên hoặc mã tỉnh, thành phố.", code="province_required")
    if value.isdigit():
        province = Province.objects.filter(code=pad_code(value, 2)).first()
    else:
        key = _strip_kind(fold(value))
        province = Province.objects.filter(folded=key).first()
        if province is None:
            index = conversion_index() if units_loaded() else None
            codes = index.province_keys.get(name_key(key), ()) if index else ()
            province = Province.objects.filter(code__in=codes).first() if codes else None
    if province is not None:
        return province
    ensure_loaded()
    hint = _former_province_hint(value)
    raise NotFound(f"Không tìm thấy tỉnh, thành phố «{value}».{hint}", code="province_not_found")


def _former_province_hint(value: str) -> str:
    key = name_key(_strip_kind(fold(value)))
    index = conversion_index()
    for code in index.legacy_province_keys.get(key, ()):
        old = index.legacy_provinces[code]
        new = index.provinces.get(old.new_code)
        if new is not None and new.code != code:
            return f" Từ 01/7/2025, {old.full_name} thuộc {new.full_name}."
    return ""


def units_of_province(province_code: str) -> QuerySet[Unit]:
    return Unit.objects.filter(province_id=pad_code(province_code, 2)).order_by("code")


def agencies_of_commune(code: str) -> QuerySet[Agency]:
    return Agency.objects.filter(commune_code=pad_code(code, 5), is_active=True).order_by(
        "electronic_id")


def agencies_of_province(province_code: str, *, communes: bool = True) -> QuerySet[Agency]:
    qs = Agency.objects.filter(province_code=pad_code(province_code, 2), is_active=True)
    if not communes:
        qs = qs.filter(commune_code="")
    return qs.order_by("commune_code", "electronic_id")


# ---------------------------------------------------------------------------
# The conversion index: built once from the database, kept in memory
# ---------------------------------------------------------------------------

_lock = threading.Lock()


class _IndexCache:
    index: AddressIndex | None = None
    fingerprint: tuple[int, int, int] | None = None
    checked_at: float = 0.0


_cache = _IndexCache()


def clear_caches() -> None:
    with _lock:
        _cache.index = None
        _cache.fingerprint = None


def _fingerprint() -> tuple[int, int, int]:
    return (Unit.objects.count(), LegacyUnit.objects.count(), LegacyMapping.objects.count())


def _build_from_db() -> AddressIndex:
    province_rows = [
        ProvinceInfo(p.code, p.name, p.full_name, p.kind) for p in Province.objects.all()
    ]
    unit_rows = [
        UnitInfo(*row) for row in Unit.objects.values_list(
            "code", "name", "full_name", "kind", "province_id")
    ]
    fields = ("code", "name", "full_name", "kind", "district_code", "district_name",
              "district_full_name", "district_kind", "province_code", "province_name",
              "province_full_name")
    legacy_rows = [
        LegacyInfo(**dict(zip(fields, row[:-2], strict=True)),
                   aliases=tuple(row[-2] or ()), district_aliases=tuple(row[-1] or ()))
        for row in LegacyUnit.objects.values_list(*fields, "aliases", "district_aliases")
    ]
    mapping_rows = [
        MappingInfo(*row) for row in LegacyMapping.objects.values_list(
            "legacy_unit_id", "unit_id", "partial", "primary")
    ]
    return build_index(province_rows, unit_rows, legacy_rows, mapping_rows)


def conversion_index() -> AddressIndex:
    """The in-memory index of all units (about 0.3 s to build, then cached per process;
    rebuilt after ``load_units`` or when another process reloaded the data)."""
    now = time.monotonic()
    with _lock:
        index = _cache.index
        if index is not None and now - _cache.checked_at < _INDEX_RECHECK_SECONDS:
            return index
        fingerprint = _fingerprint()
        if index is not None and _cache.fingerprint == fingerprint:
            _cache.checked_at = now
            return index
        if fingerprint[0] == 0:
            raise UnitsNotLoaded()
        index = _build_from_db()
        _cache.index, _cache.fingerprint, _cache.checked_at = index, fingerprint, now
        return index


def convert_address(text: str) -> ConversionResult:
    """Convert an old (or new) address; raises InvalidInput when empty, UnitsNotLoaded
    when the data has not been loaded. Unresolved addresses come back with status
    ambiguous / not_found, not as errors."""
    if not nfc(text):
        raise InvalidInput("Chưa nhập địa chỉ cần chuyển đổi.", code="address_required")
    if len(text) > 500:
        raise InvalidInput("Địa chỉ quá dài (tối đa 500 ký tự).", code="address_too_long")
    return convert(text, conversion_index())


__all__ = [
    "LOAD_HINT",
    "UnitsNotLoaded",
    "agencies_of_commune",
    "agencies_of_province",
    "clear_caches",
    "conversion_index",
    "convert_address",
    "ensure_loaded",
    "find_province",
    "get_unit",
    "provinces",
    "unit_display_name",
    "units_loaded",
    "units_of_province",
]
