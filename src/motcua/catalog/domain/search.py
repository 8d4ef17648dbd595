"""Procedure search: the ranking shared by the public page, the CLI and the API. Pure Python.

People type "lam giay khai sinh", "sổ đỏ", "xin giấy xác nhận độc thân" or "khai sinhh"; the
catalog says "Đăng ký khai sinh" and "Đăng ký đất đai, … cấp Giấy chứng nhận quyền sử dụng
đất … lần đầu". Matching is on folded text (no diacritics, NFC/NFD alike), everyday names come
from each procedure's aliases and from a small synonym table (data, not code), filler words
("làm", "xin", "thủ tục", …) are dropped, and an unknown word of five letters or more may be
one letter off (as long as another word of the query matches exactly). Ranking is deterministic: score, then code.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from motcua.text import fold, fold_tokens

# Weights of where a query word is found. The name is what the procedure is; aliases are
# what people call it; the field (lĩnh vực) only narrows.
_W_NAME = 3.0
_W_ALIAS = 2.5
_W_FIELD = 1.0
_EXACT, _PREFIX, _TYPO = 1.0, 0.75, 0.6
_COVERAGE = 100.0  # a result matching every word ranks above one matching fewer
_ALIAS_EQUAL = 40.0
_ALIAS_CONTAINS = 8.0
_NAME_PHRASE = 12.0
_NAME_EQUAL = 20.0
_EXTRA_WORD = 0.4  # shorter names first among otherwise equal results
_MIN_COVERAGE = 0.5
_TYPO_MIN_LEN = 5  # Vietnamese syllables one letter apart are usually other words
_PREFIX_MIN_LEN = 3
_RELATIVE_FLOOR = 0.45  # share of the best score a result needs to be listed


@dataclass(frozen=True)
class SearchDoc:
    code: str
    name: str
    field_code: str = ""
    field_name: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchHit:
    code: str
    name: str
    score: float


@dataclass
class _Prepared:
    doc: SearchDoc
    name_tokens: list[str]
    name_text: str
    alias_tokens: set[str]
    alias_texts: list[str]  # folded, filler words removed
    field_tokens: set[str]
    all_tokens: set[str] = field(default_factory=set)


def within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one insertion, deletion or substitution."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def _contains_phrase(haystack: Sequence[str], needle: Sequence[str]) -> int:
    """Index where ``needle`` occurs as consecutive tokens in ``haystack``; -1 if it does not."""
    n = len(needle)
    if n == 0 or n > len(haystack):
        return -1
    for i in range(len(haystack) - n + 1):
        if list(haystack[i : i + n]) == list(needle):
            return i
    return -1


class SearchIndex:
    """An in-memory index of the catalog. Build it once per catalog version and reuse it."""

    def __init__(
        self,
        docs: Iterable[SearchDoc],
        *,
        synonyms: Iterable[tuple[str, str]] = (),
        stop_words: Iterable[str] = (),
    ) -> None:
        stops = [fold_tokens(w) for w in stop_words]
        self._stop_single = {w[0] for w in stops if len(w) == 1}
        self._stop_phrases = sorted((w for w in stops if len(w) > 1), key=len, reverse=True)
        self._synonyms = [
            (fold_tokens(phrase), fold_tokens(meaning))
            for phrase, meaning in synonyms
            if fold_tokens(phrase) and fold_tokens(meaning)
        ]
        self._docs: list[_Prepared] = []
        df: dict[str, int] = {}
        for doc in sorted(docs, key=lambda d: d.code):
            name_tokens = fold_tokens(doc.name)
            alias_token_lists = [fold_tokens(a) for a in doc.aliases]
            prepared = _Prepared(
                doc=doc,
                name_tokens=name_tokens,
                name_text=" ".join(name_tokens),
                alias_tokens={t for a in alias_token_lists for t in a},
                alias_texts=[
                    " ".join(self._strip(a)) for a in alias_token_lists if self._strip(a)
                ],
                field_tokens=set(fold_tokens(doc.field_name)),
            )
            prepared.all_tokens = (
                set(name_tokens) | prepared.alias_tokens | prepared.field_tokens
            )
            for token in prepared.all_tokens:
                df[token] = df.get(token, 0) + 1
            self._docs.append(prepared)
        total = max(len(self._docs), 1)
        self._idf = {t: math.log(1.0 + total / n) for t, n in df.items()}
        self._vocabulary = frozenset(df)
        self._by_code = {p.doc.code.lower(): p for p in self._docs}

    def __len__(self) -> int:
        return len(self._docs)

    # -- query analysis -------------------------------------------------------------------

    def _strip(self, tokens: Sequence[str]) -> list[str]:
        """Drop filler words; keep the words if nothing else would remain."""
        out = list(tokens)
        for phrase in self._stop_phrases:
            while (i := _contains_phrase(out, phrase)) >= 0:
                del out[i : i + len(phrase)]
        out = [t for t in out if t not in self._stop_single]
        return out or list(tokens)

    def query_variants(self, query: str) -> list[list[str]]:
        """The query's word lists: as typed (less filler words), then each synonym reading."""
        base = fold_tokens(query)
        if not base:
            return []
        variants = [self._strip(base)]
        stripped = variants[0]
        for phrase, meaning in self._synonyms:
            for source in (base, stripped):
                i = _contains_phrase(source, phrase)
                if i >= 0:
                    replaced = self._strip([*source[:i], *meaning, *source[i + len(phrase) :]])
                    if replaced not in variants:
                        variants.append(replaced)
                    break
        return variants

    # -- scoring --------------------------------------------------------------------------

    def _term_weight(self, term: str, tokens: Iterable[str]) -> tuple[float, str]:
        best, best_token = 0.0, ""
        known = term in self._vocabulary
        for token in tokens:
            if token == term:
                return _EXACT, token
            if known:
                continue  # a real catalog word is not a typo of another one
            if len(term) >= _PREFIX_MIN_LEN and token.startswith(term) and best < _PREFIX:
                best, best_token = _PREFIX, token
            elif (
                len(term) >= _TYPO_MIN_LEN
                and len(token) >= _TYPO_MIN_LEN - 1
                and best < _TYPO
                and within_one_edit(term, token)
            ):
                best, best_token = _TYPO, token
        return best, best_token

    def _score(self, prepared: _Prepared, terms: list[str]) -> tuple[float, float]:
        """(score, coverage) of one procedure for one reading of the query."""
        unique = list(dict.fromkeys(terms))
        matched = 0
        sure = 0  # words matched exactly or as a prefix, not as a typo
        total = 0.0
        name_hits = 0
        for term in unique:
            best = 0.0
            for tokens, weight in (
                (prepared.name_tokens, _W_NAME),
                (prepared.alias_tokens, _W_ALIAS),
                (prepared.field_tokens, _W_FIELD),
            ):
                w, token = self._term_weight(term, tokens)
                if w > _TYPO:
                    sure += 1
                if w:
                    best = max(best, w * weight * self._idf.get(token, 1.0))
                    if weight == _W_NAME:
                        name_hits += 1
            if best:
                matched += 1
                total += best
        if not matched or (not sure and len(unique) > 1):
            return 0.0, 0.0
        coverage = matched / len(unique)
        phrase = " ".join(terms)
        bonus = 0.0
        if phrase in prepared.alias_texts:
            bonus += _ALIAS_EQUAL
        elif any(f" {phrase} " in f" {a} " for a in prepared.alias_texts):
            bonus += _ALIAS_CONTAINS
        if prepared.name_text == phrase:
            bonus += _NAME_EQUAL
        elif f" {phrase} " in f" {prepared.name_text} ":
            bonus += _NAME_PHRASE
        extra = max(len(prepared.name_tokens) - name_hits, 0)
        return coverage * _COVERAGE + total + bonus - extra * _EXTRA_WORD, coverage

    def search(
        self, query: str, *, field_code: str | None = None, limit: int | None = None
    ) -> list[SearchHit]:
        """Procedures matching ``query``, best first; ties broken by code."""
        raw = (query or "").strip()
        exact = self._by_code.get(raw.lower())
        variants = self.query_variants(raw)
        hits: list[SearchHit] = []
        for prepared in self._docs:
            if field_code and prepared.doc.field_code != field_code:
                continue
            if prepared is exact:
                hits.append(SearchHit(prepared.doc.code, prepared.doc.name, 1000.0))
                continue
            best = 0.0
            for terms in variants:
                score, coverage = self._score(prepared, terms)
                if coverage >= _MIN_COVERAGE:
                    best = max(best, score)
            if best > 0:
                hits.append(SearchHit(prepared.doc.code, prepared.doc.name, round(best, 6)))
        hits.sort(key=lambda h: (-h.score, h.code))
        if hits:
            # Generic words ("đăng ký", "cấp") reach half the catalog; a result far below the
            # best one is noise to a citizen scanning a phone screen.
            floor = hits[0].score * _RELATIVE_FLOOR
            hits = [h for h in hits if h.score >= floor]
        return hits[:limit] if limit else hits


def build_index(
    docs: Iterable[SearchDoc], search_data: Mapping[str, object] | None = None
) -> SearchIndex:
    """An index from documents and the ``search.json`` data (synonyms, stop words)."""
    data = search_data or {}
    synonyms_raw = data.get("synonyms", [])
    stop_raw = data.get("stop_words", [])
    synonyms: list[tuple[str, str]] = []
    if isinstance(synonyms_raw, list):
        for entry in synonyms_raw:
            if isinstance(entry, dict):
                meaning = str(entry.get("meaning", ""))
                for phrase in entry.get("phrases", []):
                    synonyms.append((str(phrase), meaning))
    stop_words = [str(w) for w in stop_raw] if isinstance(stop_raw, list) else []
    return SearchIndex(docs, synonyms=synonyms, stop_words=stop_words)


__all__ = ["SearchDoc", "SearchHit", "SearchIndex", "build_index", "fold", "within_one_edit"]
