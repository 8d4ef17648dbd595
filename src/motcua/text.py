"""Vietnamese text helpers shared by every app: NFC normalisation and diacritics folding.

Input from forms and files may be NFD (macOS, some scanners' OCR); storage is NFC.
Folding is for matching only ("Lai Châu" and "lai chau" fold to the same key), never for
display.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def nfc(text: str | None) -> str:
    """Return ``text`` in Unicode NFC with runs of whitespace collapsed and trimmed."""
    if not text:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics (đ → d) and punctuation; words separated by one space.

    >>> fold("Xã Bình Lư,  Tỉnh LAI CHÂU")
    'xa binh lu tinh lai chau'
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = stripped.replace("đ", "d")
    return _NON_WORD.sub(" ", stripped).strip()


def fold_tokens(text: str | None) -> list[str]:
    """The folded words of ``text``."""
    folded = fold(text)
    return folded.split() if folded else []
