"""Cutting a free-text Vietnamese address into folded words, and recognising the words
that announce the level of the name after them ("xã", "TT.", "H.", "Tp", "bản", …).

An address is split into segments at commas, semicolons, parentheses and new lines; a
name never spans two segments. Hyphens are not separators: official names contain them
("Phường Văn Miếu - Quốc Tử Giám", "Tỉnh Bà Rịa - Vũng Tàu").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from motcua.text import fold


class Level(StrEnum):
    WARD = "ward"  # xã, phường, thị trấn, đặc khu
    DISTRICT = "district"  # huyện, quận, thị xã
    CITY = "city"  # "thành phố": a district-level city or a centrally-run one
    PROVINCE = "province"  # tỉnh
    NOISE = "noise"  # thôn, bản, tổ, số, đường…: what follows is not an administrative unit


@dataclass(frozen=True, slots=True)
class Marker:
    level: Level
    kinds: frozenset[str]


def _m(level: Level, *kinds: str) -> Marker:
    return Marker(level, frozenset(kinds))


# Keys are folded words. Longer keys are tried first, so "thi xa" wins over "xa".
MARKERS: dict[tuple[str, ...], Marker] = {
    ("dac", "khu"): _m(Level.WARD, "dac_khu"),
    ("thi", "tran"): _m(Level.WARD, "thi_tran"),
    ("tt",): _m(Level.WARD, "thi_tran"),
    ("xa",): _m(Level.WARD, "xa"),
    ("x",): _m(Level.WARD, "xa"),
    ("phuong",): _m(Level.WARD, "phuong"),
    ("p",): _m(Level.WARD, "phuong"),
    ("f",): _m(Level.WARD, "phuong"),
    ("thi", "xa"): _m(Level.DISTRICT, "thi_xa"),
    ("tx",): _m(Level.DISTRICT, "thi_xa"),
    ("huyen",): _m(Level.DISTRICT, "huyen"),
    ("h",): _m(Level.DISTRICT, "huyen"),
    ("quan",): _m(Level.DISTRICT, "quan"),
    ("q",): _m(Level.DISTRICT, "quan"),
    ("thanh", "pho"): _m(Level.CITY, "thanh_pho"),
    ("tp",): _m(Level.CITY, "thanh_pho"),
    ("t", "p"): _m(Level.CITY, "thanh_pho"),
    ("tinh",): _m(Level.PROVINCE, "tinh"),
    ("t",): _m(Level.PROVINCE, "tinh"),
}
_NOISE_WORDS = (
    "thon", "xom", "ban", "ap", "to", "khu", "khoi", "so", "duong", "pho", "ngo", "ngach",
    "hem", "kiet", "lang", "buon", "plei", "soc", "khom", "cum", "doi", "nha", "lo",
    "khu pho", "to dan pho", "tieu khu", "so nha", "khu dan cu", "khu do thi",
)
for _words in _NOISE_WORDS:
    MARKERS.setdefault(tuple(_words.split()), _m(Level.NOISE))
MAX_MARKER_WORDS = max(len(k) for k in MARKERS)

_SEGMENT_SPLIT = re.compile(r"[,;()\[\]\n\r|/]+")
_WORD = re.compile(r"[^\W_]+")
# "Q1", "P.12" (already split by the dot), "F12": a marker glued to a number.
_GLUED = re.compile(r"^(tt|tx|tp|q|p|f|h|x)(\d+)$")


@dataclass(frozen=True, slots=True)
class Token:
    folded: str
    plain: str  # lower-case NFC with diacritics, for exact-spelling tie-breaks
    segment: int


def tokenize(address: str) -> list[Token]:
    """The words of ``address`` in order, folded, each with its segment number."""
    text = unicodedata.normalize("NFC", address or "").lower()
    tokens: list[Token] = []
    for seg_no, segment in enumerate(_SEGMENT_SPLIT.split(text)):
        for word in _WORD.findall(segment):
            folded = fold(word)
            if not folded:
                continue
            for part in folded.split():
                glued = _GLUED.match(part)
                if glued:
                    tokens.append(Token(glued.group(1), glued.group(1), seg_no))
                    tokens.append(Token(glued.group(2), glued.group(2), seg_no))
                elif part == folded:
                    tokens.append(Token(part, word, seg_no))
                else:
                    tokens.append(Token(part, part, seg_no))
    return tokens


def marker_before(tokens: list[Token], start: int) -> Marker | None:
    """The marker written just before ``tokens[start]`` in the same segment, if any."""
    segment = tokens[start].segment
    for width in range(MAX_MARKER_WORDS, 0, -1):
        first = start - width
        if first < 0 or tokens[first].segment != segment:
            continue
        key = tuple(t.folded for t in tokens[first:start])
        marker = MARKERS.get(key)
        if marker is not None:
            return marker
    return None


def name_key(text: str) -> str:
    """The lookup key of a name: folded, without spaces ("Tam Đường" → "tamduong")."""
    return fold(text).replace(" ", "")
