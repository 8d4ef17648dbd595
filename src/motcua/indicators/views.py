"""The dashboards (server-rendered, Vietnamese): the province page (all communes side by
side), the commune page (its leaders' view), the drill-down to a procedure's dossiers, the
report and open-data downloads. Scoping: ``selectors.get_commune`` / ``get_province``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from motcua.accounts.domain import sees_whole_province
from motcua.dossiers.views.common import no_store, official_view
from motcua.indicators import pages, reports, selectors
from motcua.indicators.domain import format_rate, narrative
from motcua.indicators.selectors import Filters, Period


def _params(request: HttpRequest) -> tuple[Period, Filters]:
    period = selectors.parse_period(request.GET.get("tu"), request.GET.get("den"))
    return period, Filters(request.GET.get("linh-vuc", ""), request.GET.get("thu-tuc", ""))


def _filter_context(request: HttpRequest, period: Period, filters: Filters) -> dict[str, Any]:
    from motcua.catalog.selectors import active_procedures, fields_with_counts

    query = request.GET.copy()
    query.pop("dinh-dang", None)
    return {
        "period": period, "filters": filters, "fields": list(fields_with_counts()),
        "procedures": list(active_procedures(filters.field_code or None)
                           .order_by("name")),
        "query": query.urlencode(),
    }


@official_view
def home(request: HttpRequest) -> HttpResponse:
    kind, code = selectors.home_of(request.user)
    return redirect(f"indicators:{kind}", code=code)


@official_view
def province(request: HttpRequest, code: str) -> HttpResponse:
    prov = selectors.get_province(request.user, code)
    period, filters = _params(request)
    data = pages.province_data(prov.code, prov.full_name, period, filters,
                               request.GET.get("sap-xep", "dung-han"))
    context = {"data": data, "charts": pages.province_charts(data), "sorts": pages.SORTS,
               "fmt": format_rate, **_filter_context(request, period, filters)}
    return no_store(render(request, "indicators/province.html", context))


@official_view
def commune(request: HttpRequest, code: str) -> HttpResponse:
    unit = selectors.get_commune(request.user, code)
    period, filters = _params(request)
    data = pages.commune_data(unit, period, filters)
    context = {"data": data, "charts": pages.commune_charts(data), "unit": unit,
               "paragraph": narrative(data.total),
               "can_see_province": sees_whole_province(request.user.role_set),
               **_filter_context(request, period, filters)}
    return no_store(render(request, "indicators/commune.html", context))


@official_view
def procedure(request: HttpRequest, code: str, procedure_code: str) -> HttpResponse:
    from motcua.catalog.models import Procedure
    from motcua.errors import NotFound

    unit = selectors.get_commune(request.user, code)
    period, filters = _params(request)
    proc = Procedure.objects.filter(code=procedure_code).first()
    if proc is None:
        raise NotFound(f"Không có thủ tục mã {procedure_code}.", code="catalog.not_found")
    figures = selectors.commune_figures(unit.code, period, Filters(procedure_code=proc.code),
                                        now=period.as_of())
    dossiers = selectors.procedure_dossiers(unit.code, proc.pk, period)
    context = {"unit": unit, "procedure": proc, "figures": figures, "dossiers": dossiers,
               **_filter_context(request, period, filters)}
    return no_store(render(request, "indicators/procedure.html", context))


def _download(report: reports.Report, fmt: str) -> HttpResponse:
    data = reports.render(report, fmt)
    response = HttpResponse(data, content_type=reports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{reports.filename(report, fmt)}"'
    return no_store(response)


@official_view
def commune_report(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    unit = selectors.get_commune(request.user, code)
    period, filters = _params(request)
    return _download(reports.commune_report(unit, period, filters=filters), fmt)


@official_view
def province_report(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    prov = selectors.get_province(request.user, code)
    period, filters = _params(request)
    return _download(reports.province_report(prov, period, filters=filters), fmt)


@official_view
def province_csv(request: HttpRequest, code: str) -> HttpResponse:
    prov = selectors.get_province(request.user, code)
    period, filters = _params(request)
    data = pages.province_data(prov.code, prov.full_name, period, filters)
    response = HttpResponse(pages.province_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="chi-so-{prov.code}-{period.date_from:%Y%m%d}-'
        f'{period.date_to:%Y%m%d}.csv"')
    return no_store(response)
