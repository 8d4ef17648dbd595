"""Open data: the indicators as JSON (scoped like the dashboards) at /api/indicators/, with
CSV beside it. Read-only; the same figures as the pages (``pages``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from motcua.api.schemas import errors
from motcua.dossiers.api import BearerTokenAuth, SessionAuth
from motcua.indicators import pages, reports, selectors
from motcua.indicators.selectors import Filters

router = Router(auth=[BearerTokenAuth(), SessionAuth()])

# The figures are built by ``pages``/``reports`` (their ``as_dict``), described there.
JSON = {200: dict[str, Any], **errors(400, 401, 403, 404)}
CSV = {200: None, **errors(400, 401, 403, 404)}
CSV_OPENAPI = {"responses": {200: {"description": "CSV (UTF-8)",
                                    "content": {"text/csv": {"schema": {"type": "string"}}}}}}


def _args(date_from: str | None, date_to: str | None, field: str, procedure: str):
    return selectors.parse_period(date_from, date_to), Filters(field, procedure)


@router.get("/provinces/{code}", response=JSON,
            summary="Chỉ số của tỉnh và từng xã, phường trong kỳ")
def province(request: HttpRequest, code: str, tu: str | None = None, den: str | None = None,
             linh_vuc: str = "", thu_tuc: str = "", sap_xep: str = "dung-han") -> Any:
    prov = selectors.get_province(request.auth, code)
    period, filters = _args(tu, den, linh_vuc, thu_tuc)
    return pages.province_data(prov.code, prov.full_name, period, filters, sap_xep).as_dict()


@router.get("/provinces/{code}/csv", response=CSV, openapi_extra=CSV_OPENAPI,
            summary="Chỉ số từng xã, phường (CSV, dữ liệu mở)")
def province_csv(request: HttpRequest, code: str, tu: str | None = None,
                 den: str | None = None, linh_vuc: str = "", thu_tuc: str = "") -> Any:
    prov = selectors.get_province(request.auth, code)
    period, filters = _args(tu, den, linh_vuc, thu_tuc)
    data = pages.province_data(prov.code, prov.full_name, period, filters)
    return HttpResponse(pages.province_csv(data), content_type="text/csv; charset=utf-8")


@router.get("/communes/{code}", response=JSON, summary="Chỉ số của một xã, phường trong kỳ")
def commune(request: HttpRequest, code: str, tu: str | None = None, den: str | None = None,
            linh_vuc: str = "", thu_tuc: str = "") -> Any:
    unit = selectors.get_commune(request.auth, code)
    period, filters = _args(tu, den, linh_vuc, thu_tuc)
    return pages.commune_data(unit, period, filters).as_dict()


@router.get("/communes/{code}/report", response=JSON, summary="Biểu báo cáo của xã (JSON)")
def commune_report(request: HttpRequest, code: str, tu: str | None = None,
                   den: str | None = None) -> Any:
    unit = selectors.get_commune(request.auth, code)
    period, _ = _args(tu, den, "", "")
    return reports.commune_report(unit, period).as_dict()
