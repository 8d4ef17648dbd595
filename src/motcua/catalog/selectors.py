"""Reads of the catalog shared by the pages, the API, the CLI and other apps."""

from __future__ import annotations

import json
import threading
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from motcua.catalog.domain.search import SearchDoc, SearchHit, SearchIndex, build_index
from motcua.catalog.models import Field, Procedure, ProcedureGroup
from motcua.errors import NotFound
from motcua.memo import Memo

DATA_DIR = Path(__file__).resolve().parent / "data"
EMPTY_CATALOG_MESSAGE = "Danh mục thủ tục trống, hãy chạy: motcua catalog load"

_lock = threading.Lock()
_cached: dict[str, Any] = {}


@cache
def search_data() -> dict[str, Any]:
    """Synonyms and filler words for search (``data/search.json``)."""
    return json.loads((DATA_DIR / "search.json").read_text(encoding="utf-8"))


def _fingerprint() -> tuple[Any, ...]:
    # Cheap enough per search, and right across processes: any saved procedure moves
    # updated_at, any deletion moves the count.
    agg = Procedure.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (agg["n"], agg["last"], Field.objects.count())


def search_index() -> SearchIndex:
    """The in-memory search index of active procedures, rebuilt when the catalog changes."""
    key = _fingerprint()
    with _lock:
        if _cached.get("key") == key and "index" in _cached:
            return _cached["index"]
    docs = [
        SearchDoc(
            code=p.code,
            name=p.name,
            field_code=p.field.code,
            field_name=p.field.name,
            aliases=tuple(p.aliases or ()),
        )
        for p in Procedure.objects.filter(is_active=True).select_related("field")
    ]
    index = build_index(docs, search_data())
    with _lock:
        _cached.update(key=key, index=index)
    return index


def invalidate_search_index() -> None:
    with _lock:
        _cached.clear()


def catalog_is_empty() -> bool:
    return not Procedure.objects.exists()


def search(query: str, *, field_code: str | None = None, limit: int | None = None) -> list[SearchHit]:
    return search_index().search(query, field_code=field_code or None, limit=limit)


def search_procedures(
    query: str, *, field_code: str | None = None, limit: int | None = None
) -> list[Procedure]:
    """Active procedures matching ``query``, best first."""
    hits = search(query, field_code=field_code, limit=limit)
    by_code = {
        p.code: p
        for p in Procedure.objects.filter(code__in=[h.code for h in hits]).select_related("field")
    }
    return [by_code[h.code] for h in hits if h.code in by_code]


def active_procedures(field_code: str | None = None) -> QuerySet[Procedure]:
    qs = Procedure.objects.filter(is_active=True).select_related("field")
    if field_code:
        qs = qs.filter(field__code=field_code)
    return qs.order_by("field__order", "code")


def fields_with_counts() -> QuerySet[Field]:
    """Fields that have active procedures, each with ``procedure_count``."""
    return (
        Field.objects.annotate(
            procedure_count=Count("procedures", filter=Q(procedures__is_active=True))
        )
        .filter(procedure_count__gt=0)
        .order_by("order", "name")
    )


def get_field(code: str) -> Field:
    try:
        return Field.objects.get(code=code)
    except Field.DoesNotExist:
        raise NotFound(f"Không có lĩnh vực mã '{code}'.") from None


def _groups() -> QuerySet[ProcedureGroup]:
    return ProcedureGroup.objects.prefetch_related("memberships__procedure")


def get_procedure(code: str, *, include_inactive: bool = False) -> Procedure:
    """A procedure with its documents, steps and groups; NotFound (Vietnamese) otherwise."""
    qs = Procedure.objects.select_related("field").prefetch_related(
        "documents",
        "steps",
        Prefetch("groups", queryset=_groups()),
        Prefetch("as_group", queryset=_groups()),
    )
    if not include_inactive:
        qs = qs.filter(is_active=True)
    try:
        return qs.get(code=code.strip())
    except Procedure.DoesNotExist:
        raise NotFound(f"Không tìm thấy thủ tục hành chính mã '{code}'.") from None


_FOR_DOSSIER: Memo[Procedure] = Memo("procedures")
_BY_ID: Memo[Procedure] = Memo("procedures-by-id")


def procedure_by_id(pk: int) -> Procedure:
    """A procedure row by primary key, active or not, from the per-process memo (shown on
    every dossier read; read-only)."""
    return _BY_ID.get(pk, lambda: Procedure.objects.get(pk=pk))


def procedure_for_dossier(code: str) -> Procedure:
    """What the dossiers app needs to receive a dossier: the active procedure (with its
    documents, steps and groups) or NotFound. From a per-process memo (``motcua.memo``):
    the counter receives the same few procedures all day; read-only."""
    key = (code or "").strip()
    return _FOR_DOSSIER.get(key, lambda: get_procedure(key))
