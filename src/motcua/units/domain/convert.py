"""Old (pre-1 July 2025) address → new administrative unit.

How an address is read (see docs/units.md for examples):

1. Cut it into folded words (``tokens``), then find every run of words that is the name
   of an old commune, an old district, a province (old or new) or a new commune, and note
   the type word written before it ("xã", "TT.", "huyện", "Tp", "bản"…).
2. Score each old commune found: its own name (+10, +4 when the type word agrees, −3 when
   it names another kind, −6 after "thôn/bản/tổ/số/đường…"), its old district found
   elsewhere in the address (+8), its old or new province (+8); another district or
   province named in the address counts against it. New communes are scored the same way
   against their province.
3. Decide: an old district named next to the commune means an old address; otherwise a
   new commune found with its province means the address is already new; otherwise the
   best old commune. Ties that lead to different new units are reported as ambiguous
   with every candidate; an old unit split among several new ones is reported as split
   with all of them.

Names repeat across the country (dozens of "Tân Thành"), so the district and province
words decide; without them the answer is "ambiguous" and lists the candidates.
"""

from __future__ import annotations

from motcua.units.domain.index import AddressIndex
from motcua.units.domain.records import LegacyInfo, UnitInfo
from motcua.units.domain.results import (
    STATUS_LABELS,
    Candidate,
    ConversionResult,
    OldRef,
    Status,
    UnitRef,
)
from motcua.units.domain.scoring import (
    Found,
    Score,
    scan,
    score_legacy,
    score_new,
    top,
)
from motcua.units.domain.tokens import Level, tokenize

MAX_CANDIDATES = 30
_EFFECTIVE = "01/7/2025"

__all__ = [
    "STATUS_LABELS",
    "Candidate",
    "ConversionResult",
    "OldRef",
    "Status",
    "UnitRef",
    "convert",
]


def _unit_ref(index: AddressIndex, unit: UnitInfo) -> UnitRef:
    province = index.provinces[unit.province_code]
    return UnitRef(unit.code, unit.name, unit.full_name, unit.kind, unit.province_code,
                   province.full_name)


def _old_ref(legacy: LegacyInfo) -> OldRef:
    return OldRef(legacy.code, legacy.full_name, legacy.district_full_name,
                  legacy.province_full_name, legacy.display)


def _targets(index: AddressIndex, code: str) -> tuple[UnitRef, ...]:
    return tuple(_unit_ref(index, index.units[t.unit_code]) for t in index.targets.get(code, ()))


def _legacy_result(address: str, index: AddressIndex, code: str,
                   via_alias: bool = False) -> ConversionResult:
    legacy = index.legacy[code]
    old = _old_ref(legacy)
    units = _targets(index, code)
    notes: tuple[str, ...] = ()
    if via_alias:
        notes = (f"Tên trong địa chỉ là tên trước đây của {legacy.full_name}, "
                 f"{legacy.district_full_name} (đã sáp nhập trước năm 2025).",)
    if not units:
        return ConversionResult(
            address, Status.NOT_FOUND,
            f"Tìm thấy đơn vị cũ {old.display} nhưng chưa có dữ liệu chuyển đổi của đơn vị này.",
            old=old,
        )
    if len(units) == 1:
        return ConversionResult(
            address, Status.EXACT,
            f"{old.display} (trước {_EFFECTIVE}) nay thuộc {units[0].display}.",
            units=units, old=old, notes=notes,
        )
    listing = "; ".join(u.display for u in units)
    return ConversionResult(
        address, Status.SPLIT,
        f"{old.display} (trước {_EFFECTIVE}) đã được chia cho {len(units)} đơn vị mới: "
        f"{listing}. Hãy căn cứ thôn, bản, tổ dân phố hoặc số nhà để chọn đúng đơn vị.",
        units=units, old=old, notes=notes,
    )


def _new_result(address: str, index: AddressIndex, code: str,
                legacy_top: list[Score]) -> ConversionResult:
    unit = _unit_ref(index, index.units[code])
    notes = []
    for s in legacy_top:
        legacy = index.legacy[s.code]
        targets = _targets(index, s.code)
        if s.has_province and code not in {t.code for t in targets} and targets:
            went = " hoặc ".join(t.display for t in targets)
            notes.append(
                f"Trước {_EFFECTIVE} cũng có {legacy.display} (nay thuộc {went}); nếu đây là "
                "địa chỉ cũ, hãy ghi thêm tên huyện."
            )
    return ConversionResult(
        address, Status.ALREADY_NEW,
        f"Địa chỉ đã theo đơn vị hành chính mới: {unit.display}.",
        units=(unit,), notes=tuple(notes),
    )


def _ambiguous(address: str, index: AddressIndex, legacy: list[Score], new: list[Score],
               reason: str, advice: str = "hãy ghi rõ huyện (cũ) và tỉnh.") -> ConversionResult:
    candidates: list[Candidate] = []
    for s in legacy:
        candidates.append(Candidate(_old_ref(index.legacy[s.code]), _targets(index, s.code)))
    for s in new:
        candidates.append(Candidate(None, (_unit_ref(index, index.units[s.code]),)))
    total = len(candidates)
    shown = tuple(candidates[:MAX_CANDIDATES])
    more = f" (hiển thị {len(shown)} trên {total})" if total > len(shown) else ""
    return ConversionResult(
        address, Status.AMBIGUOUS,
        f"{reason} Có {total} khả năng{more}; {advice}",
        candidates=shown,
    )


def _unit_sets(index: AddressIndex, legacy: list[Score], new: list[Score]) -> set[frozenset[str]]:
    sets = {frozenset(t.unit_code for t in index.targets.get(s.code, ())) for s in legacy}
    sets |= {frozenset({s.code}) for s in new}
    return sets


def _resolve_legacy(address: str, index: AddressIndex, best: list[Score],
                    reason: str, advice: str = "hãy ghi rõ huyện (cũ) và tỉnh.") -> ConversionResult:
    if len(best) == 1 or len(_unit_sets(index, best, [])) == 1:
        return _legacy_result(address, index, best[0].code, best[0].via_alias)
    return _ambiguous(address, index, best, [], reason, advice)


def _district_only(address: str, index: AddressIndex, found: Found) -> ConversionResult | None:
    marked = {code: [o for o in occs if o.level is Level.DISTRICT]
              for code, occs in found.districts.items()}
    codes = [code for code, occs in marked.items() if occs]
    mentioned = {c for _, cs in found.province_mentions for c in cs}
    if len(codes) > 1 and mentioned:
        codes = [c for c in codes
                 if index.legacy_provinces.get(index.districts[c].province_code) is not None
                 and index.legacy_provinces[index.districts[c].province_code].new_code in mentioned]
    if len(codes) > 1:  # "Tam Đường" and "Tam Dương" fold alike: the spelling decides
        codes = [c for c in codes
                 if any(o.spelled(index.districts[c].name) for o in marked[c])]
    if len(codes) != 1:
        return None
    district = index.districts[codes[0]]
    units: dict[str, UnitRef] = {}
    for legacy in index.legacy.values():
        if legacy.district_code == district.code:
            for ref in _targets(index, legacy.code):
                units.setdefault(ref.code, ref)
    province = index.legacy_provinces.get(district.province_code)
    where = f"{district.full_name}, {province.full_name}" if province else district.full_name
    return ConversionResult(
        address, Status.AMBIGUOUS,
        f"Địa chỉ chỉ có cấp huyện ({where}); cần thêm tên xã, phường hoặc thị trấn. "
        f"Địa bàn huyện này nay thuộc {len(units)} đơn vị mới.",
        candidates=tuple(Candidate(None, (u,)) for u in sorted(units.values(), key=lambda u: u.code)),
    )


def convert(address: str, index: AddressIndex) -> ConversionResult:
    """Convert a free-text address (old or new) to the unit(s) it belongs to since 1/7/2025."""
    text = address.strip() if address else ""
    tokens = tokenize(text)
    if not tokens:
        return ConversionResult(text, Status.NOT_FOUND, "Chưa nhập địa chỉ.")
    found = scan(tokens, index)
    legacy_scores = [s for s in (score_legacy(c, found, index) for c in found.legacy) if s]
    new_scores = [s for s in (score_new(c, found, index) for c in found.new) if s]
    legacy_top = top(legacy_scores)
    new_top = top(s for s in new_scores if s.has_province)

    # 1. An old district written next to the commune: an old address.
    if any(s.has_district and (s.district_marked or s.has_province) for s in legacy_top):
        return _resolve_legacy(text, index, legacy_top,
                               "Có nhiều đơn vị cũ trùng tên trong cùng huyện.",
                               "hãy gõ tên có dấu để phân biệt.")
    # 2. A new commune with its province: already new.
    if new_top:
        if len(new_top) == 1:
            return _new_result(text, index, new_top[0].code, legacy_top)
        return _ambiguous(text, index, [], new_top, "Có nhiều đơn vị mới trùng tên trong tỉnh.",
                          "hãy gõ tên có dấu và ghi rõ xã hay phường.")
    # 3. An old commune with its province (the district left out).
    if legacy_top and any(s.has_province for s in legacy_top):
        return _resolve_legacy(text, index, legacy_top,
                               "Có nhiều đơn vị cũ cùng tên trong tỉnh.",
                               "hãy ghi thêm tên huyện (cũ).")
    # 4. No province: only a name that is unique, or whose namesakes all lead to one place.
    new_any = top(new_scores)
    if legacy_top or new_any:
        best_legacy = legacy_top[0].score if legacy_top else -1
        best_new = new_any[0].score if new_any else -1
        if best_legacy > best_new:
            new_any = []
        elif best_new > best_legacy:
            legacy_top = []
        sets = _unit_sets(index, legacy_top, new_any)
        if len(sets) == 1 and len(next(iter(sets))) >= 1:
            if new_any:
                return _new_result(text, index, new_any[0].code, [])
            return _legacy_result(text, index, legacy_top[0].code, legacy_top[0].via_alias)
        return _ambiguous(text, index, legacy_top, new_any,
                          "Địa chỉ không có tỉnh/thành phố và tên này có ở nhiều nơi.",
                          "hãy ghi rõ huyện (cũ) và tỉnh.")
    district_only = _district_only(text, index, found)
    if district_only is not None:
        return district_only
    return ConversionResult(
        text, Status.NOT_FOUND,
        "Không tìm thấy tên xã, phường, thị trấn hoặc đặc khu nào trong địa chỉ. Hãy kiểm tra "
        "chính tả, ví dụ: «thị trấn Tam Đường, huyện Tam Đường, tỉnh Lai Châu».",
    )
