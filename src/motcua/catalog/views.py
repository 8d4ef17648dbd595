"""Public catalog pages (no login): browse and search, and one page per procedure."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.catalog import selectors
from motcua.errors import NotFound
from motcua.text import nfc

MAX_RESULTS = 50


def procedure_list(request: HttpRequest) -> HttpResponse:
    query = nfc(request.GET.get("q", ""))[:200]
    field_code = request.GET.get("field", "").strip()
    fields = list(selectors.fields_with_counts())
    current_field = next((f for f in fields if f.code == field_code), None)
    if field_code and current_field is None:
        field_code = ""
    if query:
        procedures = selectors.search_procedures(query, field_code=field_code, limit=MAX_RESULTS)
    else:
        procedures = list(selectors.active_procedures(field_code))
    context = {
        "query": query,
        "fields": fields,
        "current_field": current_field,
        "procedures": procedures,
        "total": sum(f.procedure_count for f in fields),
        "catalog_empty": not fields,
    }
    return render(request, "catalog/list.html", context)


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        procedure = selectors.get_procedure(code)
    except NotFound as exc:
        return render(request, "catalog/not_found.html", {"message": exc.message}, status=404)
    groups = list(procedure.groups.all()) + list(procedure.as_group.all())
    return render(request, "catalog/detail.html", {"p": procedure, "groups": groups})
