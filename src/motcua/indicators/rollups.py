"""Keeping the rollups in step with the dossiers (the only writer of the rollup tables).

- ``on_dossier_changed``: receiver of ``dossier_changed``; adds ``contribution(after) -
  contribution(before)`` to the rows of the dossier's unit and day, inside the dossier
  service's transaction, with one upsert per table (``INSERT … ON CONFLICT DO UPDATE``, on
  SQLite and PostgreSQL alike), so concurrent changes add up rather than overwrite.
- ``rebuild``: recomputes every row from the dossier table with one ``INSERT … SELECT …
  GROUP BY`` per commune and table (after the bulk demo generator, which sends no signal).
- ``check``: recounts directly from the dossier table and lists the differences.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, DateField, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.db.models.lookups import GreaterThan, LessThan

from motcua.dossiers.models import Dossier
from motcua.indicators.domain import COUNTERS, END_STATES, WITH_RESULT, DossierFacts, delta
from motcua.indicators.domain import local_day as _local_day
from motcua.indicators.models import (
    KEYS,
    UNIQUE,
    CommuneDay,
    CommuneMonth,
    OpenDossier,
    ProcedureDay,
    Rollup,
)
from motcua.workdays.domain import VN_TZ

TABLES: tuple[type[Rollup], ...] = (CommuneDay, CommuneMonth, ProcedureDay)


def facts_of(row: Any) -> DossierFacts:
    return DossierFacts(
        state=row.state, channel=row.channel, received_at=row.received_at,
        due_at=row.due_at, finished_at=row.finished_at,
        late_by_supplements=bool(row.late_by_supplements),
        supplement_rounds=int(row.supplement_rounds or 0), digitized=bool(row.digitized),
        electronic_result=row.electronic_result, data_reused=bool(row.data_reused),
        cross_boundary=bool(row.cross_boundary),
    )


def key_of(row: Any) -> dict[str, Any]:
    return {
        "province_code": row.province_code, "commune_code": row.commune_code,
        "receiving_commune_code": row.receiving_commune_code,
        "day": _local_day(row.received_at),
        "competent_agency_id": row.competent_agency_id, "procedure_id": row.procedure_id,
    }


def _upsert(model: type[Rollup], key: dict[str, Any], change: dict[str, int]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    q = connection.ops.quote_name
    key_cols = KEYS[model]
    cols = [*key_cols, *change]
    placeholders = ", ".join(["%s"] * len(cols))
    updates = ", ".join(f"{q(c)} = {table}.{q(c)} + excluded.{q(c)}" for c in change)
    sql = (
        f"INSERT INTO {table} ({', '.join(q(c) for c in cols)}) VALUES ({placeholders}) "
        f"ON CONFLICT ({', '.join(q(c) for c in UNIQUE[model])}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*(key[c] for c in key_cols), *change.values()])


def apply_change(before: Any | None, after: Any | None) -> None:
    """Add the change of one dossier (rows or ``None``) to the rollups."""
    if before is not None and after is not None and key_of(before) == key_of(after):
        parts = [(key_of(after), delta(facts_of(before), facts_of(after)))]
    else:
        parts = []
        if before is not None:
            parts.append((key_of(before), delta(facts_of(before), None)))
        if after is not None:
            parts.append((key_of(after), delta(None, facts_of(after))))
    for key, change in parts:
        if change:
            for model in TABLES:
                _upsert(model, _grain(model, key), change)
    if after is not None:
        _keep_open(after)


OPEN_FIELDS = ("province_code", "commune_code", "competent_agency_id", "procedure_id",
               "state", "received_day", "due_at")


def _keep_open(row: Any) -> None:
    if row.finished_at is not None:
        OpenDossier.objects.filter(dossier_id=row.pk).delete()
        return
    OpenDossier.objects.bulk_create(
        [OpenDossier(dossier_id=row.pk, province_code=row.province_code,
                     commune_code=row.commune_code,
                     competent_agency_id=row.competent_agency_id,
                     procedure_id=row.procedure_id, state=row.state,
                     received_day=_local_day(row.received_at), due_at=row.due_at)],
        update_conflicts=True, unique_fields=["dossier_id"], update_fields=list(OPEN_FIELDS))


def _grain(model: type[Rollup], key: dict[str, Any]) -> dict[str, Any]:
    if model is CommuneMonth:
        return {**key, "day": key["day"].replace(day=1)}
    return key


def on_dossier_changed(sender: Any, dossier: Any, before: Any = None, **kwargs: Any) -> None:
    apply_change(before, dossier)


# -- recount from the dossier table -----------------------------------------------------


def _finished() -> Q:
    return Q(finished_at__isnull=False)


def _aggregates() -> dict[str, Any]:
    """One SQL aggregate per counter, the same rules as ``domain.contribution``."""
    fin_day = TruncDate("finished_at", tzinfo=VN_TZ)
    due_day = TruncDate("due_at", tzinfo=VN_TZ)
    settled_clean = _finished() & Q(late_by_supplements=False) & Q(finished_at__lte=F("due_at"))
    aggs: dict[str, Any] = {
        "received": Count("id"),
        "early": Count("id", filter=settled_clean & Q(LessThan(fin_day, due_day))),
        "on_time": Count("id", filter=settled_clean & ~Q(LessThan(fin_day, due_day))),
        "late": Count("id", filter=_finished() & (
            Q(late_by_supplements=True) | Q(GreaterThan(F("finished_at"), F("due_at"))))),
        "in_progress": Count("id", filter=Q(finished_at__isnull=True)),
        "supplemented": Count("id", filter=Q(supplement_rounds__gt=0)),
        "supplement_rounds": Coalesce(Sum("supplement_rounds"), 0),
        "multi_supplement": Count("id", filter=Q(late_by_supplements=True)),
        "digitized": Count("id", filter=Q(digitized=True) & ~Q(state="withdrawn")),
        "electronic_result": Count("id", filter=Q(electronic_result=True,
                                                   state__in=sorted(WITH_RESULT))),
        "with_result": Count("id", filter=Q(state__in=sorted(WITH_RESULT))),
        "data_reused": Count("id", filter=Q(data_reused=True) & ~Q(state="withdrawn")),
        "cross_boundary": Count("id", filter=Q(cross_boundary=True)),
    }
    for channel in ("counter", "online", "post", "assisted"):
        aggs[f"ch_{channel}"] = Count("id", filter=Q(channel=channel))
    for state in END_STATES:
        aggs[state] = Count("id", filter=Q(state=state))
    return aggs


def recount(model: type[Rollup], dossiers: QuerySet) -> QuerySet:
    """The rollup rows of ``model`` computed straight from ``dossiers`` (keys then counters,
    in the table's column order)."""
    keys = [k for k in KEYS[model] if k != "day"]
    aggs = _aggregates()
    day = (TruncMonth("received_at", tzinfo=VN_TZ, output_field=DateField())
           if model is CommuneMonth else TruncDate("received_at", tzinfo=VN_TZ))
    return (
        dossiers.order_by()
        .annotate(day=day)
        .values(*keys, "day")
        .annotate(**{c: aggs[c] for c in COUNTERS})
        .values_list(*keys, "day", *COUNTERS)
    )


def _insert_select(model: type[Rollup], dossiers: QuerySet) -> None:
    qs = recount(model, dossiers)
    sql, params = qs.query.sql_with_params()
    q = connection.ops.quote_name
    keys = [k for k in KEYS[model] if k != "day"]
    cols = ", ".join(q(c) for c in [*keys, "day", *COUNTERS])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {q(model._meta.db_table)} ({cols}) {sql}", params)


def _insert_sum(model: type[Rollup], finest: QuerySet, day: Any) -> None:
    """Rows of a coarser table summed from ``ProcedureDay``."""
    keys = [k for k in KEYS[model] if k != "day"]
    qs = (finest.order_by().annotate(grain=day).values(*keys, "grain")
          .annotate(**{f"s_{c}": Sum(c) for c in COUNTERS})
          .values_list(*keys, "grain", *(f"s_{c}" for c in COUNTERS)))
    sql, params = qs.query.sql_with_params()
    q = connection.ops.quote_name
    cols = ", ".join(q(c) for c in [*keys, "day", *COUNTERS])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {q(model._meta.db_table)} ({cols}) {sql}", params)


def _open_source(province_code: str | None) -> QuerySet:
    qs = Dossier.objects.filter(finished_at__isnull=True)
    if province_code:
        qs = qs.filter(province_code=province_code)
    return (qs.order_by().annotate(received_day=TruncDate("received_at", tzinfo=VN_TZ))
            .values_list("pk", *OPEN_FIELDS))


def _insert_open(province_code: str | None) -> None:
    sql, params = _open_source(province_code).query.sql_with_params()
    q = connection.ops.quote_name
    cols = ", ".join(q(c) for c in ["dossier_id", *OPEN_FIELDS])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {q(OpenDossier._meta.db_table)} ({cols}) {sql}", params)


def communes_with_dossiers(province_code: str | None = None) -> list[str]:
    qs = Dossier.objects.order_by()
    if province_code:
        qs = qs.filter(province_code=province_code)
    return sorted(qs.values_list("commune_code", flat=True).distinct())


@dataclass
class RebuildResult:
    communes: int
    rows: dict[str, int]


def rebuild(
    province_code: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> RebuildResult:
    """Recompute the rollups (of one province, or all) from the dossier table, in one
    transaction: readers see the old figures until the new ones are complete."""
    communes = communes_with_dossiers(province_code)
    with transaction.atomic():
        for model in TABLES:
            rows = model.objects.all()
            if province_code:
                rows = rows.filter(province_code=province_code)
            rows._raw_delete(rows.db)
        # One pass over each commune's dossiers for the finest grain; the coarser grains
        # are sums of it (a dossier table read three times would cost three times).
        for i, commune in enumerate(communes, 1):
            _insert_select(ProcedureDay, Dossier.objects.filter(commune_code=commune))
            if progress:
                progress(i, len(communes), commune)
        open_rows = OpenDossier.objects.all()
        if province_code:
            open_rows = open_rows.filter(province_code=province_code)
        open_rows._raw_delete(open_rows.db)
        _insert_open(province_code)
        finest = ProcedureDay.objects.all()
        if province_code:
            finest = finest.filter(province_code=province_code)
        _insert_sum(CommuneDay, finest, F("day"))
        _insert_sum(CommuneMonth, finest, TruncMonth("day", output_field=DateField()))
    counts = {}
    for model in TABLES:
        rows = model.objects.all()
        if province_code:
            rows = rows.filter(province_code=province_code)
        counts[model.__name__] = rows.count()
    return RebuildResult(len(communes), counts)


@dataclass(frozen=True)
class Difference:
    table: str
    key: tuple[Any, ...]
    counter: str
    stored: int
    counted: int

    def describe(self) -> str:
        return (f"Bảng {self.table}, khóa {self.key}: {self.counter} lưu {self.stored}, "
                f"đếm lại {self.counted}")


def check(province_code: str | None = None) -> list[Difference]:
    """Every difference between the rollups and a direct recount (empty: they agree)."""
    dossiers = Dossier.objects.all()
    differences: list[Difference] = []
    for model in TABLES:
        keys = [k for k in KEYS[model] if k != "day"] + ["day"]
        stored_rows = model.objects.all()
        if province_code:
            stored_rows = stored_rows.filter(province_code=province_code)
            counted_qs = recount(model, dossiers.filter(province_code=province_code))
        else:
            counted_qs = recount(model, dossiers)
        counted = {tuple(r[: len(keys)]): r[len(keys):] for r in counted_qs}
        stored = {
            tuple(r[: len(keys)]): r[len(keys):]
            for r in stored_rows.values_list(*keys, *COUNTERS)
        }
        for key in sorted(set(counted) | set(stored), key=str):
            a = stored.get(key) or (0,) * len(COUNTERS)
            b = counted.get(key) or (0,) * len(COUNTERS)
            for name, x, y in zip(COUNTERS, a, b, strict=True):
                if int(x) != int(y):
                    differences.append(Difference(model.__name__, key, name, int(x), int(y)))
    expected = {r[0]: tuple(r[1:]) for r in _open_source(province_code)}
    kept_rows = OpenDossier.objects.all()
    if province_code:
        kept_rows = kept_rows.filter(province_code=province_code)
    kept = {r[0]: tuple(r[1:]) for r in kept_rows.values_list("dossier_id", *OPEN_FIELDS)}
    for pk in sorted(set(expected) | set(kept)):
        if expected.get(pk) != kept.get(pk):
            differences.append(Difference("OpenDossier", (pk,), "hồ sơ đang giải quyết",
                                          int(pk in kept), int(pk in expected)))
    return differences

