"""Finding unit names in the words of an address and scoring each candidate unit.

The weights are explained in ``convert``'s docstring. Names starting with an underscore
are internal to the conversion; ``convert`` is the public entry point.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from motcua.units.domain.index import AddressIndex
from motcua.units.domain.tokens import Level, Marker, Token, marker_before

MIN_SCORE = 8


@dataclass(frozen=True, slots=True)
class _Occ:
    start: int
    end: int
    key: str
    plain: str
    marker: Marker | None
    accented: bool = False  # written with diacritics, so its spelling can break ties

    def spelled(self, name: str) -> bool:
        return self.accented and self.plain == name.lower()

    def overlaps(self, other: _Occ | None) -> bool:
        return other is not None and self.start < other.end and other.start < self.end

    @property
    def level(self) -> Level | None:
        return self.marker.level if self.marker else None

    @property
    def kinds(self) -> frozenset[str]:
        return self.marker.kinds if self.marker else frozenset()


@dataclass
class Found:
    legacy: dict[str, list[tuple[_Occ, bool]]] = field(default_factory=lambda: defaultdict(list))
    new: dict[str, list[_Occ]] = field(default_factory=lambda: defaultdict(list))
    districts: dict[str, list[_Occ]] = field(default_factory=lambda: defaultdict(list))
    provinces: dict[str, list[_Occ]] = field(default_factory=lambda: defaultdict(list))
    old_provinces: dict[str, list[_Occ]] = field(default_factory=lambda: defaultdict(list))
    # Every province mention, with the new province(s) it designates.
    province_mentions: list[tuple[_Occ, frozenset[str]]] = field(default_factory=list)
    # Every name written after "huyện/quận/thị xã".
    district_mentions: list[_Occ] = field(default_factory=list)
    # Spans of every commune-level name, to prefer "Ngư Thủy Bắc" over "Ngư Thủy".
    ward_spans: set[tuple[int, int]] = field(default_factory=set)

    def shadowed(self, occ: _Occ) -> bool:
        """Whether a longer commune-level name covers ``occ``."""
        return any(s <= occ.start and occ.end <= e and (e - s) > (occ.end - occ.start)
                   for s, e in self.ward_spans)


def scan(tokens: list[Token], index: AddressIndex) -> Found:
    found = Found()
    # Someone who writes diacritics anywhere writes them in the names too: only then does
    # the spelling break ties between names that fold alike ("Nga Thanh" / "Nga Thành").
    accented = any(t.plain != t.folded for t in tokens)
    for start in range(len(tokens)):
        marker = marker_before(tokens, start)
        segment = tokens[start].segment
        for end in range(start + 1, min(len(tokens), start + index.max_words) + 1):
            if tokens[end - 1].segment != segment:
                break
            words = tokens[start:end]
            key = "".join(t.folded for t in words)
            occ = _Occ(start, end, key, " ".join(t.plain for t in words), marker, accented)
            if key in index.legacy_keys or key in index.legacy_alias_keys or key in index.unit_keys:
                found.ward_spans.add((start, end))
            for code in index.legacy_keys.get(key, ()):
                found.legacy[code].append((occ, False))
            for code in index.legacy_alias_keys.get(key, ()):
                found.legacy[code].append((occ, True))
            for code in index.unit_keys.get(key, ()):
                found.new[code].append(occ)
            district_codes = index.district_keys.get(key, ())
            for code in district_codes:
                found.districts[code].append(occ)
            if district_codes and occ.level is Level.DISTRICT:
                found.district_mentions.append(occ)
            new_codes = set()
            for code in index.province_keys.get(key, ()):
                found.provinces[code].append(occ)
                new_codes.add(code)
            for code in index.legacy_province_keys.get(key, ()):
                found.old_provinces[code].append(occ)
                new_codes.add(index.legacy_provinces[code].new_code)
            if new_codes and _province_fit(occ) is not None:
                found.province_mentions.append((occ, frozenset(new_codes)))
    return found


def _ward_fit(occ: _Occ, kind: str, *, new: bool) -> int | None:
    """How well the type word before ``occ`` fits a commune-level unit of ``kind``."""
    level = occ.level
    if kind == "huyen":  # an island district standing for its own commune level
        if occ.key.isdigit() and level is not Level.DISTRICT:
            return None
        if level is None:
            return 0
        if level is Level.DISTRICT:
            return 4 if "huyen" in occ.kinds else 2
        return -6 if level is Level.NOISE else None
    if occ.key.isdigit() and level is not Level.WARD:
        return None  # "số 5", "tổ 3": a bare number is a commune only after "phường"/"xã"
    if level is None:
        return 0
    if level is Level.NOISE:
        return -6
    if level is not Level.WARD:
        return None
    if new and "thi_tran" in occ.kinds:
        return None  # townships (thị trấn) no longer exist
    return 4 if kind in occ.kinds else -3


def _district_fit(occ: _Occ, kind: str) -> int | None:
    level = occ.level
    if occ.key.isdigit() and level not in (Level.DISTRICT, Level.CITY):
        return None
    if level is None:
        return 0
    if level is Level.NOISE:
        return -6
    if level in (Level.DISTRICT, Level.CITY):
        return 1 if kind in occ.kinds else 0
    return None


def _province_fit(occ: _Occ) -> int | None:
    level = occ.level
    if level is None:
        return 0
    if level in (Level.PROVINCE, Level.CITY):
        return 1
    return None


# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Score:
    code: str
    score: int
    has_district: bool = False
    district_marked: bool = False
    has_province: bool = False
    via_alias: bool = False


def _penalties(found: Found, used: Iterable[_Occ | None], provinces: set[str]) -> int:
    used = [u for u in used if u is not None]
    penalty = 0
    if any(not any(d.overlaps(u) for u in used) for d in found.district_mentions):
        penalty -= 5
    for occ, codes in found.province_mentions:
        if not (codes & provinces) and not any(occ.overlaps(u) for u in used):
            penalty -= 8
            break
    return penalty


def score_legacy(code: str, found: Found, index: AddressIndex) -> Score | None:
    legacy = index.legacy[code]
    new_province = index.new_province_of_legacy(legacy)
    provinces = {new_province} if new_province else set()
    best: Score | None = None
    for occ, via_alias in found.legacy.get(code, ()):
        fit = _ward_fit(occ, legacy.kind, new=False)
        if fit is None:
            continue
        score = 10 + fit + (1 if occ.spelled(legacy.name) else 0) - (2 if via_alias else 0)
        score -= 3 if found.shadowed(occ) else 0
        district_occ: _Occ | None = None
        if legacy.kind == "huyen":
            score += 8
            has_district, marked = True, occ.level is Level.DISTRICT
        else:
            extra = 0
            for d in found.districts.get(legacy.district_code, ()):
                d_fit = _district_fit(d, legacy.district_kind)
                if d_fit is None or d.overlaps(occ):
                    continue
                if district_occ is None or 8 + d_fit > extra:
                    district_occ, extra = d, 8 + d_fit
            score += extra
            has_district = district_occ is not None
            marked = district_occ is not None and district_occ.level in (Level.DISTRICT, Level.CITY)
        province_occ: _Occ | None = None
        extra = 0
        choices = list(found.old_provinces.get(legacy.province_code, ()))
        choices += found.provinces.get(new_province, [])
        for p in choices:
            p_fit = _province_fit(p)
            if p_fit is None or p.overlaps(occ) or p.overlaps(district_occ):
                continue
            if province_occ is None or 8 + p_fit > extra:
                province_occ, extra = p, 8 + p_fit
        score += extra
        score += _penalties(found, (occ, district_occ, province_occ), provinces)
        candidate = Score(code, score, has_district, marked, province_occ is not None, via_alias)
        if best is None or candidate.score > best.score:
            best = candidate
    return best


def score_new(code: str, found: Found, index: AddressIndex) -> Score | None:
    unit = index.units[code]
    best: Score | None = None
    for occ in found.new.get(code, ()):
        fit = _ward_fit(occ, unit.kind, new=True)
        if fit is None:
            continue
        score = 10 + fit + (1 if occ.spelled(unit.name) else 0)
        score -= 3 if found.shadowed(occ) else 0
        province_occ: _Occ | None = None
        extra = 0
        for p in found.provinces.get(unit.province_code, ()):
            p_fit = _province_fit(p)
            if p_fit is not None and not p.overlaps(occ) and 8 + p_fit > extra:
                province_occ, extra = p, 8 + p_fit
        # The old name of its province ("Hà Giang" for Tuyên Quang) supports the commune
        # but does not make the address a new one.
        old_province_occ: _Occ | None = None
        for old_code, occs in found.old_provinces.items():
            if index.legacy_provinces[old_code].new_code != unit.province_code:
                continue
            for p in occs:
                p_fit = _province_fit(p)
                if p_fit is not None and not p.overlaps(occ) and 6 + p_fit > extra:
                    old_province_occ, extra = p, 6 + p_fit
        score += extra
        score += _penalties(found, (occ, province_occ or old_province_occ), {unit.province_code})
        candidate = Score(code, score, has_province=province_occ is not None and extra >= 8)
        if best is None or candidate.score > best.score:
            best = candidate
    return best


def top(scores: Iterable[Score]) -> list[Score]:
    kept = [s for s in scores if s.score >= MIN_SCORE]
    if not kept:
        return []
    high = max(s.score for s in kept)
    return sorted((s for s in kept if s.score == high), key=lambda s: s.code)
