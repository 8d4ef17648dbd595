"""The data of each dashboard page, assembled from the selectors (no request here): the views
render it, the API and the CSV serialise it, the bench times it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from motcua.indicators import charts, selectors
from motcua.indicators.domain import (
    Figures,
    OnlineOffer,
    Satisfaction,
    Workload,
    format_rate,
)
from motcua.indicators.selectors import NO_FILTERS, Filters, Period

SORTS: dict[str, tuple[str, str]] = {
    "dung-han": ("in_time_rate", "Tỷ lệ đúng hạn, trước hạn"),
    "truc-tuyen": ("online_rate", "Tỷ lệ trực tuyến"),
    "so-hoa": ("digitization_rate", "Tỷ lệ số hóa"),
    "hai-long": ("satisfaction", "Mức độ hài lòng"),
    "ho-so": ("received", "Số hồ sơ tiếp nhận"),
}


@dataclass
class CommuneLine:
    code: str
    name: str
    figures: Figures
    satisfaction: Satisfaction | None = None
    rank: int = 0

    def key(self, sort: str) -> Decimal:
        name = SORTS[sort][0]
        if name == "received":
            return Decimal(self.figures.received)
        if name == "satisfaction":
            s = self.satisfaction
            return s.satisfied_rate if s and s.satisfied_rate is not None else Decimal(-1)
        value = getattr(self.figures, name)
        return value if value is not None else Decimal(-1)


@dataclass
class ProvinceData:
    code: str
    name: str
    period: Period
    filters: Filters
    sort: str
    total: Figures
    lines: list[CommuneLine]
    trend: list[tuple[dt.date, Figures]] = field(default_factory=list)
    satisfaction: Satisfaction | None = None
    offer: OnlineOffer | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "province": {"code": self.code, "name": self.name},
            "procedures_online": _offer(self.offer),
            "period": {"from": self.period.date_from.isoformat(),
                       "to": self.period.date_to.isoformat()},
            "filters": {"field": self.filters.field_code,
                        "procedure": self.filters.procedure_code},
            "total": self.total.as_dict(),
            "satisfaction": _sat(self.satisfaction),
            "communes": [{"code": c.code, "name": c.name, "rank": c.rank,
                          "satisfaction": _sat(c.satisfaction), **c.figures.as_dict()}
                         for c in self.lines],
            "months": [{"month": m.isoformat()[:7], **f.as_dict()} for m, f in self.trend],
        }


def _offer(o: OnlineOffer | None) -> dict[str, Any] | None:
    if o is None:
        return None
    return {"fully": o.fully, "partly": o.partly, "in_person": o.in_person,
            "offered_rate": float(o.offered_rate) if o.offered_rate is not None else None}


def _sat(s: Satisfaction | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"rated": s.rated, "average": float(s.average) if s.average is not None else None,
            "satisfied_rate": float(s.satisfied_rate) if s.satisfied_rate is not None else None}


def province_data(code: str, name: str, period: Period, filters: Filters = NO_FILTERS,
                  sort: str = "dung-han", now: dt.datetime | None = None) -> ProvinceData:
    now = period.as_of(now or timezone.now())
    per, trend = selectors.province_overview(code, period, filters, now=now)
    names = selectors.commune_names(code)
    sats = selectors.satisfaction_of(period, province_code=code, group="dossier__commune_code")
    lines = [CommuneLine(c, names.get(c, c), f, sats.get(c)) for c, f in per.items()]
    sort = sort if sort in SORTS else "dung-han"
    lines.sort(key=lambda line: (-line.key(sort), line.name))
    for i, line in enumerate(lines, 1):
        line.rank = i
    total = selectors.total(per.values())
    sat = selectors.satisfaction_of(period, province_code=code).get(None)
    return ProvinceData(code, name, period, filters, sort, total, lines, trend, sat,
                        selectors.online_offer_of(filters))


def month_label(month: dt.date) -> str:
    return f"{month.month:02d}/{month.year % 100:02d}"


def province_charts(data: ProvinceData) -> dict[str, Any]:
    name, label = SORTS[data.sort]
    items = []
    for line in data.lines:
        if name == "received":
            value: Any = line.figures.received
            shown = str(value)
        elif name == "satisfaction":
            value = line.satisfaction.satisfied_rate if line.satisfaction else None
            shown = format_rate(value) if value is not None else "chưa có dữ liệu"
        else:
            value = getattr(line.figures, name)
            shown = format_rate(value)
        items.append((line.name, value, shown))
    maximum = None if name == "received" else 100.0
    return {
        "ranking": charts.hbars(items, label=f"Xếp hạng theo {label.lower()}", maximum=maximum),
        "trend": charts.columns(
            [(month_label(m), f.received, f.online) for m, f in data.trend],
            label="Hồ sơ tiếp nhận theo tháng", legend=("tiếp nhận", "trực tuyến")),
    }


@dataclass
class CommuneData:
    code: str
    name: str
    province_code: str
    period: Period
    filters: Filters
    total: Figures
    today: int
    due_soon: list[Any]
    overdue: list[Any]
    by_agency: list[tuple[str, Figures]]
    by_procedure: list[tuple[Any, Figures]]
    workload: list[Workload]
    trend: list[tuple[dt.date, Figures]]
    cross_boundary: int
    satisfaction: Satisfaction | None
    offer: OnlineOffer | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "commune": {"code": self.code, "name": self.name, "province": self.province_code},
            "procedures_online": _offer(self.offer),
            "period": {"from": self.period.date_from.isoformat(),
                       "to": self.period.date_to.isoformat()},
            "total": self.total.as_dict(),
            "received_today": self.today,
            "cross_boundary_received": self.cross_boundary,
            "satisfaction": _sat(self.satisfaction),
            "agencies": [{"name": n, **f.as_dict()} for n, f in self.by_agency],
            "procedures": [{"code": p.code, "name": p.name, **f.as_dict()}
                           for p, f in self.by_procedure],
            "officials": [{"name": x.name, "received": x.received, "handled": x.handled,
                           "overdue": x.overdue} for x in self.workload],
            "months": [{"month": m.isoformat()[:7], **f.as_dict()} for m, f in self.trend],
        }


def commune_data(unit: Any, period: Period, filters: Filters = NO_FILTERS,
                 now: dt.datetime | None = None) -> CommuneData:
    from motcua.catalog.models import Procedure
    from motcua.units.models import Agency

    real_now = now or timezone.now()
    now = period.as_of(real_now)
    total = selectors.commune_figures(unit.code, period, filters, now=now)
    agencies = dict(Agency.objects.filter(commune_code=unit.code).values_list("pk", "name"))
    by_agency = [(agencies.get(pk, str(pk)), f) for pk, f in
                 selectors.breakdown(unit.code, period, "competent_agency_id", filters, now)]
    by_proc_ids = selectors.breakdown(unit.code, period, "procedure_id", filters, now)
    procs = Procedure.objects.in_bulk([pk for pk, _ in by_proc_ids])
    by_procedure = [(procs[pk], f) for pk, f in by_proc_ids if pk in procs]
    return CommuneData(
        unit.code, unit.full_name, unit.province_id, period, filters, total,
        selectors.today_intake(unit.code, real_now),
        list(selectors.due_soon(unit.code, real_now)[:50]),
        list(selectors.overdue_list(unit.code, real_now)[:50]),
        by_agency, by_procedure, selectors.workload(unit.code, period, real_now),
        selectors.monthly_trend(period, commune_code=unit.code, filters=filters),
        selectors.cross_boundary_received(unit.code, period),
        selectors.satisfaction_of(period, commune_code=unit.code).get(None),
        selectors.online_offer_of(filters),
    )


def commune_charts(data: CommuneData) -> dict[str, Any]:
    return {
        "trend": charts.columns(
            [(month_label(m), f.received, f.online) for m, f in data.trend],
            label="Hồ sơ tiếp nhận theo tháng", legend=("tiếp nhận", "trực tuyến")),
        "agencies": charts.hbars(
            [(n, f.in_time_rate, format_rate(f.in_time_rate)) for n, f in data.by_agency],
            label="Tỷ lệ đúng hạn, trước hạn theo cơ quan", maximum=100.0),
    }


CSV_COLUMNS: tuple[str, ...] = (
    "received", "ch_counter", "ch_online", "ch_post", "ch_assisted", "early", "on_time",
    "late", "not_yet_due", "overdue", "refused", "withdrawn", "stopped", "result_ready",
    "returned", "supplemented", "supplement_rounds", "multi_supplement", "cross_boundary",
    "in_time_rate", "online_rate", "digitization_rate", "electronic_result_rate",
    "data_reuse_rate",
)


def province_csv(data: ProvinceData) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["commune_code", "commune_name", "from", "to", *CSV_COLUMNS,
                     "satisfaction_rated", "satisfied_rate"])
    for line in sorted(data.lines, key=lambda x: x.code):
        values = line.figures.as_dict()
        s = line.satisfaction
        writer.writerow([line.code, line.name, data.period.date_from.isoformat(),
                         data.period.date_to.isoformat(),
                         *("" if values[c] is None else values[c] for c in CSV_COLUMNS),
                         s.rated if s else "", s.satisfied_rate if s else ""])
    return out.getvalue()
