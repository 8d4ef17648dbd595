"""Reads of the indicators: scoping, figures per unit and period from the rollups, the live
split of dossiers in progress, trends, workload, satisfaction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.errors import InvalidInput
from motcua.indicators.domain import (
    CLOCK_STOPPED,
    COUNTERS,
    OPEN_STATES,
    Figures,
    OnlineOffer,
    Satisfaction,
    Workload,
    online_offer,
    satisfaction,
)
from motcua.indicators.models import CommuneDay, CommuneMonth, OpenDossier, ProcedureDay
from motcua.indicators.scope import (  # noqa: F401 - the views read them from here
    COMMUNE_ROLES,
    commune_names,
    find_commune,
    find_province,
    get_commune,
    get_province,
    home_of,
    may_see_dashboards,
)
from motcua.workdays.domain import VN_TZ

RUNNING_OPEN = sorted(OPEN_STATES - CLOCK_STOPPED)


@dataclass(frozen=True)
class Period:
    date_from: dt.date
    date_to: dt.date  # included

    def __post_init__(self) -> None:
        if self.date_to < self.date_from:
            raise InvalidInput("Ngày kết thúc phải sau ngày bắt đầu.", code="period.range",
                               details={"from": str(self.date_from), "to": str(self.date_to)})

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.date_from, dt.time.min, tzinfo=VN_TZ)

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time.min,
                                   tzinfo=VN_TZ)

    def as_of(self, now: dt.datetime | None = None) -> dt.datetime:
        """The moment the split of dossiers in progress (not yet due / overdue) is taken
        at: the end of the period, or now if the period has not ended."""
        now = now or timezone.now()
        return min(now, self.end)

    def label(self) -> str:
        return f"từ ngày {self.date_from:%d/%m/%Y} đến ngày {self.date_to:%d/%m/%Y}"


def default_period(today: dt.date | None = None) -> Period:
    """The last twelve months up to today (Vietnam time): 365 days ending today."""
    today = today or timezone.localtime(timezone.now(), VN_TZ).date()
    return Period(today - dt.timedelta(days=364), today)


def parse_period(date_from: str | None, date_to: str | None) -> Period:
    default = default_period()
    try:
        start = dt.date.fromisoformat(date_from) if date_from else default.date_from
        end = dt.date.fromisoformat(date_to) if date_to else default.date_to
    except ValueError:
        raise InvalidInput("Ngày không đúng dạng YYYY-MM-DD.", code="period.date",
                           details={"from": date_from, "to": date_to}) from None
    return Period(start, end)


# -- figures from the rollups -----------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    field_code: str = ""
    procedure_code: str = ""

    @property
    def active(self) -> bool:
        return bool(self.field_code or self.procedure_code)


NO_FILTERS = Filters()


def procedure_ids(filters: Filters) -> list[int] | None:
    if not filters.active:
        return None
    from motcua.catalog.models import Procedure

    qs = Procedure.objects.all()
    if filters.procedure_code:
        qs = qs.filter(code=filters.procedure_code)
    if filters.field_code:
        qs = qs.filter(field__code=filters.field_code)
    return list(qs.values_list("pk", flat=True))


def _rollup_rows(
    period: Period, *, province_code: str = "", commune_code: str = "",
    filters: Filters = NO_FILTERS,
) -> QuerySet:
    ids = procedure_ids(filters)
    model = CommuneDay if ids is None else ProcedureDay
    qs = model.objects.filter(day__gte=period.date_from, day__lte=period.date_to)
    if province_code:
        qs = qs.filter(province_code=province_code)
    if commune_code:
        qs = qs.filter(commune_code=commune_code)
    if ids is not None:
        qs = qs.filter(procedure_id__in=ids)
    return qs.order_by()


def _sums() -> dict[str, Any]:
    return {c: Sum(c) for c in COUNTERS}


def _overdue_now(
    period: Period, now: dt.datetime, group: str | None, filters: Filters = NO_FILTERS,
    **where: Any,
) -> dict[Any, int]:
    """Dossiers received in the period, in progress, whose clock runs and whose due moment
    has passed: counted in the narrow table of open dossiers (``OpenDossier``)."""
    qs = OpenDossier.objects.filter(
        state__in=RUNNING_OPEN, due_at__lt=now, received_day__gte=period.date_from,
        received_day__lte=period.date_to, **where,
    ).order_by()
    ids = procedure_ids(filters)
    if ids is not None:
        qs = qs.filter(procedure_id__in=ids)
    if group is None:
        return {None: qs.count()}
    return dict(qs.values_list(group).annotate(n=Count("pk")).values_list(group, "n"))


def _with_split(figures: Figures, overdue: int) -> Figures:
    figures.overdue = overdue
    figures.not_yet_due = figures.counts["in_progress"] - overdue
    return figures


def _month_split(period: Period) -> tuple[dt.date, dt.date] | None:
    """(first, last) first-of-month of the whole months inside the period, or None."""
    first = period.date_from.replace(day=1)
    if first < period.date_from:
        first = (first + dt.timedelta(days=32)).replace(day=1)
    after = period.date_to + dt.timedelta(days=1)
    end = after.replace(day=1)  # whole months run up to, not including, this day
    if end <= first:
        return None
    last = (end - dt.timedelta(days=1)).replace(day=1)
    return first, last


def grouped(
    period: Period, by: tuple[str, ...], *, filters: Filters = NO_FILTERS, month: bool = False,
    **where: Any,
) -> dict[tuple[Any, ...], Figures]:
    """Figures summed per ``by`` (+ the month when ``month``) over the period. Unfiltered,
    whole months come from ``CommuneMonth`` and only the edge days from ``CommuneDay``;
    with a field or procedure filter, ``ProcedureDay``."""
    parts: list[QuerySet] = []
    split = None if filters.active else _month_split(period)
    if split is None:
        parts.append(_rollup_rows(period, filters=filters).filter(**where))
    else:
        first, last = split
        parts.append(CommuneMonth.objects.filter(day__gte=first, day__lte=last, **where))
        edge = CommuneDay.objects.filter(day__gte=period.date_from, day__lte=period.date_to,
                                         **where).exclude(day__gte=first,
                                                          day__lt=_next_month(last))
        parts.append(edge)
    out: dict[tuple[Any, ...], Figures] = {}
    for qs in parts:
        fields = list(by)
        qs = qs.order_by()
        if month:
            qs = qs.annotate(month=TruncMonth("day"))
            fields.append("month")
        for row in qs.values(*fields).annotate(**_sums()):
            key = tuple(_as_date(row[f]) if f == "month" else row[f] for f in fields)
            out.setdefault(key, Figures()).add(row)
    return out


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _as_date(value: Any) -> Any:
    return value.date() if isinstance(value, dt.datetime) else value


def province_by_commune(
    province_code: str, period: Period, filters: Filters = NO_FILTERS,
    now: dt.datetime | None = None,
) -> dict[str, Figures]:
    """Every commune of the province (those without dossiers too), with its figures."""
    return province_overview(province_code, period, filters, now)[0]


def province_overview(
    province_code: str, period: Period, filters: Filters = NO_FILTERS,
    now: dt.datetime | None = None,
) -> tuple[dict[str, Figures], list[tuple[dt.date, Figures]]]:
    """Every commune's figures and the province's monthly trend from one grouped read of
    the rollups: the province page's hot path."""
    now = now or timezone.now()
    rows = grouped(period, ("commune_code",), filters=filters, month=True,
                   province_code=province_code)
    per = {code: Figures() for code in commune_names(province_code)}
    months: dict[dt.date, Figures] = {}
    for (code, month), figures in rows.items():
        per.setdefault(code, Figures()).add(figures.counts)
        months.setdefault(month, Figures()).add(figures.counts)
    overdue = _overdue_now(period, now, "commune_code", filters, province_code=province_code)
    for code, figures in per.items():
        _with_split(figures, overdue.get(code, 0))
    return per, sorted(months.items())


def total(figures: Iterable[Figures]) -> Figures:
    out = Figures()
    for f in figures:
        out.add(f.counts)
        out.not_yet_due += f.not_yet_due
        out.overdue += f.overdue
    return out


def commune_figures(
    commune_code: str, period: Period, filters: Filters = NO_FILTERS,
    now: dt.datetime | None = None,
) -> Figures:
    now = now or timezone.now()
    figures = total(grouped(period, (), filters=filters, commune_code=commune_code).values())
    overdue = _overdue_now(period, now, None, filters, commune_code=commune_code)[None]
    return _with_split(figures, overdue)


def cross_boundary_received(commune_code: str, period: Period) -> int:
    """Dossiers this commune's counter received for another unit's competence, regardless
    of the administrative boundary."""
    return int(CommuneDay.objects.filter(
        receiving_commune_code=commune_code, day__gte=period.date_from,
        day__lte=period.date_to).aggregate(n=Sum("cross_boundary"))["n"] or 0)


def breakdown(
    commune_code: str, period: Period, by: str, filters: Filters = NO_FILTERS,
    now: dt.datetime | None = None,
) -> list[tuple[Any, Figures]]:
    """Figures of a commune per ``competent_agency_id`` or ``procedure_id``."""
    now = now or timezone.now()
    ids = procedure_ids(filters)
    qs = ProcedureDay.objects.filter(commune_code=commune_code, day__gte=period.date_from,
                                     day__lte=period.date_to).order_by()
    if ids is not None:
        qs = qs.filter(procedure_id__in=ids)
    overdue = _overdue_now(period, now, by, filters, commune_code=commune_code)
    out = []
    for row in qs.values(by).annotate(**_sums()):
        out.append((row[by], _with_split(Figures.of([row]), overdue.get(row[by], 0))))
    out.sort(key=lambda item: -item[1].counts["received"])
    return out


def monthly_trend(
    period: Period, *, province_code: str = "", commune_code: str = "",
    filters: Filters = NO_FILTERS,
) -> list[tuple[dt.date, Figures]]:
    where = {k: v for k, v in (("province_code", province_code),
                               ("commune_code", commune_code)) if v}
    rows = grouped(period, (), filters=filters, month=True, **where)
    return sorted((key[0], figures) for key, figures in rows.items())


# -- live lists of a commune ------------------------------------------------------------


def open_dossiers(commune_code: str) -> QuerySet[Dossier]:
    return Dossier.objects.filter(commune_code=commune_code, state__in=sorted(OPEN_STATES))


def today_intake(commune_code: str, now: dt.datetime | None = None) -> int:
    now = timezone.localtime(now or timezone.now(), VN_TZ)
    start = dt.datetime.combine(now.date(), dt.time.min, tzinfo=VN_TZ)
    return Dossier.objects.filter(receiving_commune_code=commune_code,
                                  received_at__gte=start).count()


def due_soon(commune_code: str, now: dt.datetime | None = None,
             within: dt.timedelta = dt.timedelta(days=2)) -> QuerySet[Dossier]:
    now = now or timezone.now()
    return (Dossier.objects.filter(commune_code=commune_code, state__in=RUNNING_OPEN,
                                   due_at__gte=now, due_at__lt=now + within)
            .select_related("procedure", "handler").order_by("due_at"))


def overdue_list(commune_code: str, now: dt.datetime | None = None) -> QuerySet[Dossier]:
    now = now or timezone.now()
    return (Dossier.objects.filter(commune_code=commune_code, state__in=RUNNING_OPEN,
                                   due_at__lt=now)
            .select_related("procedure", "handler").order_by("due_at"))


def workload(commune_code: str, period: Period,
             now: dt.datetime | None = None) -> list[Workload]:
    """Per official of the commune: received at the counter, held as handler, overdue."""
    from motcua.accounts.models import Official

    now = now or timezone.now()
    in_period = Dossier.objects.filter(received_at__gte=period.start,
                                       received_at__lt=period.end).order_by()
    received = dict(in_period.filter(receiving_commune_code=commune_code)
                    .values_list("received_by").annotate(n=Count("id"))
                    .values_list("received_by", "n"))
    handled = dict(in_period.filter(commune_code=commune_code, handler__isnull=False)
                   .values_list("handler").annotate(n=Count("id")).values_list("handler", "n"))
    late = dict(Dossier.objects.filter(commune_code=commune_code, state__in=RUNNING_OPEN,
                                       due_at__lt=now, handler__isnull=False).order_by()
                .values_list("handler").annotate(n=Count("id")).values_list("handler", "n"))
    ids = set(received) | set(handled) | set(late)
    names = {o.pk: str(o) for o in Official.objects.filter(pk__in=ids)}
    out = [Workload(pk, names.get(pk, str(pk)), received.get(pk, 0), handled.get(pk, 0),
                    late.get(pk, 0)) for pk in ids]
    out.sort(key=lambda w: (-w.received - w.handled, w.name))
    return out


def procedure_dossiers(commune_code: str, procedure_id: int, period: Period,
                       limit: int = 200) -> QuerySet[Dossier]:
    return (Dossier.objects.filter(commune_code=commune_code, procedure_id=procedure_id,
                                   received_at__gte=period.start, received_at__lt=period.end)
            .select_related("procedure").order_by("-received_at")[:limit])


# -- satisfaction and procedures offered online ------------------------------------------


def rating_model() -> Any | None:
    """The portal's ``Rating`` (dossier one-to-one, ``score`` 1–5, ``rated_at``), if the
    portal has one; the indicators do not depend on it being there."""
    try:
        return apps.get_model("portal", "Rating")
    except LookupError:
        return None


def satisfaction_of(period: Period, *, province_code: str = "", commune_code: str = "",
                    group: str | None = None) -> dict[Any, Satisfaction | None]:
    """Satisfaction per ``group`` (e.g. ``dossier__commune_code``), or ``{None: …}``; a unit
    without any rating maps to ``None`` ("no data")."""
    model = rating_model()
    if model is None:
        return {}
    qs = model.objects.filter(rated_at__gte=period.start, rated_at__lt=period.end).order_by()
    if province_code:
        qs = qs.filter(dossier__province_code=province_code)
    if commune_code:
        qs = qs.filter(dossier__commune_code=commune_code)
    histos: dict[Any, dict[int, int]] = defaultdict(dict)
    fields = [group, "score"] if group else ["score"]
    for row in qs.values(*fields).annotate(n=Count("pk")):
        histos[row[group] if group else None][int(row["score"])] = row["n"]
    return {k: satisfaction(v) for k, v in histos.items()}


def online_offer_of(filters: Filters = NO_FILTERS) -> OnlineOffer:
    from motcua.catalog.models import Procedure

    qs = Procedure.objects.filter(is_active=True, level="commune")
    if filters.field_code:
        qs = qs.filter(field__code=filters.field_code)
    return online_offer(qs.values_list("online_level", flat=True))

