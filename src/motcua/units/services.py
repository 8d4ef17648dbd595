"""Writers of the units app: loading the reference data and creating agencies."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction

from motcua.errors import Conflict, NotFound
from motcua.text import fold
from motcua.units import sources
from motcua.units.domain import (
    PROVINCE_KINDS,
    UNIT_KINDS,
    AgencySpec,
    LegacyInfo,
    ProvinceInfo,
    UnitInfo,
    commune_agency_specs,
    lower_label,
    province_agency_specs,
)
from motcua.units.models import Agency, LegacyMapping, LegacyUnit, Province, Unit

_BATCH = 1000


class _Steps:
    """A rich progress bar when asked for, otherwise nothing."""

    def __init__(self, progress: Any | None, total: int) -> None:
        self._progress = progress
        self._task = progress.add_task("Đọc dữ liệu nguồn", total=total) if progress else None

    def step(self, description: str, advance: int = 0) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=description, advance=advance)


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[Any | None]:
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn()) as progress:
        yield progress


def _insert(model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert plain tuples: the ORM's per-value preparation in bulk_create costs seconds
    for the 24,000 rows of the reference data; only JSON needs adapting."""
    if not rows:
        return
    meta = model._meta
    columns = [meta.get_field(name).column for name in fields]
    json_at = [i for i, name in enumerate(fields)
               if isinstance(meta.get_field(name), models.JSONField)]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    column_list = ", ".join(quote(c) for c in columns)
    if connection.vendor == "postgresql":
        # COPY: the fastest path, and psycopg's parameter parsing of huge multi-row
        # INSERTs would cost seconds.
        rows = [tuple(json.dumps(v, ensure_ascii=False) if i in json_at else v
                      for i, v in enumerate(row)) for row in rows]
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    if json_at:
        fields_at = {i: meta.get_field(fields[i]) for i in json_at}
        rows = [
            tuple(fields_at[i].get_db_prep_save(v, connection) if i in fields_at else v
                  for i, v in enumerate(row))
            for row in rows
        ]
    head = f"INSERT INTO {table} ({column_list}) VALUES "
    one = f"({', '.join(['%s'] * len(columns))})"
    max_params = connection.features.max_query_params or 10_000
    batch = max(1, min(_BATCH, max_params // len(columns)))
    with connection.cursor() as cursor:
        for i in range(0, len(rows), batch):
            chunk = rows[i:i + batch]
            cursor.execute(head + ", ".join([one] * len(chunk)),
                           [value for row in chunk for value in row])


def _sync(model: type[models.Model], rows: Sequence[tuple], fields: Sequence[str],
          steps: _Steps, label: str) -> dict[str, int]:
    """Insert missing rows and update changed ones; ``rows`` are tuples (pk, *fields).
    Rows missing from the source are kept (other tables may point at them) and counted."""
    pk_name = model._meta.pk.name
    existing = {
        values[0]: values[1:]
        for values in model.objects.values_list("pk", *fields)  # type: ignore[attr-defined]
    }
    to_create, to_update = [], []
    for row in rows:
        current = existing.get(row[0])
        if current is None:
            to_create.append(row)
        elif current != row[1:]:
            to_update.append(model(**dict(zip((pk_name, *fields), row, strict=True))))
    steps.step(label)
    _insert(model, (pk_name, *fields), to_create)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=500)  # type: ignore[attr-defined]
    steps.step(label, advance=len(rows))
    return {
        "created": len(to_create),
        "updated": len(to_update),
        "kept_not_in_source": len(set(existing) - {row[0] for row in rows}),
    }


def _province_row(p: ProvinceInfo) -> tuple:
    return (p.code, p.name, p.full_name, p.kind, fold(p.name))


def _unit_row(u: UnitInfo) -> tuple:
    return (u.code, u.name, u.full_name, u.kind, u.province_code, fold(u.name))


def _legacy_row(lu: LegacyInfo) -> tuple:
    return (
        lu.code, lu.name, lu.full_name, lu.kind, lu.district_code, lu.district_name,
        lu.district_full_name, lu.district_kind, lu.province_code, lu.province_name,
        lu.province_full_name, fold(lu.name), fold(lu.district_name), fold(lu.province_name),
        list(lu.aliases), list(lu.district_aliases),
    )


_PROVINCE_FIELDS = ("name", "full_name", "kind", "folded")
_UNIT_FIELDS = ("name", "full_name", "kind", "province_id", "folded")
_LEGACY_FIELDS = (
    "name", "full_name", "kind", "district_code", "district_name", "district_full_name",
    "district_kind", "province_code", "province_name", "province_full_name", "folded",
    "district_folded", "province_folded", "aliases", "district_aliases",
)


def load_units(progress: bool = False) -> dict[str, Any]:
    """Load (or refresh) the 34 provinces, 3,321 communes, the pre-2025 units and the
    old→new map from the installed packages. Idempotent: a second run writes nothing."""
    started = time.perf_counter()
    with _progress_bar(progress) as bar:
        steps = _Steps(bar, total=1)
        data = sources.read_all()
        total = len(data.provinces) + len(data.units) + len(data.legacy_units) + len(data.mappings)
        if bar is not None:
            bar.update(bar.task_ids[0], total=total + 1, advance=1)
        with transaction.atomic():
            report: dict[str, Any] = {
                "provinces": _sync(Province, [_province_row(p) for p in data.provinces],
                                   _PROVINCE_FIELDS, steps, "Tỉnh, thành phố"),
                "units": _sync(Unit, [_unit_row(u) for u in data.units], _UNIT_FIELDS, steps,
                               "Xã, phường, đặc khu"),
                "legacy_units": _sync(LegacyUnit, [_legacy_row(lu) for lu in data.legacy_units],
                                      _LEGACY_FIELDS, steps, "Đơn vị cũ (trước 01/7/2025)"),
            }
            report["mappings"] = _sync_mappings(data.mappings, steps)
    from motcua.units import selectors

    selectors.clear_caches()
    report["counts"] = {
        "provinces": Province.objects.count(),
        "units": Unit.objects.count(),
        "legacy_units": LegacyUnit.objects.count(),
        "mappings": LegacyMapping.objects.count(),
    }
    report["sources"] = sources.source_versions()
    report["seconds"] = round(time.perf_counter() - started, 2)
    return report


def _sync_mappings(mappings: Sequence[Any], steps: _Steps) -> dict[str, int]:
    wanted = {(m.legacy_code, m.unit_code): (m.partial, m.primary) for m in mappings}
    existing = {
        (legacy, unit): (pk, partial, primary)
        for pk, legacy, unit, partial, primary in LegacyMapping.objects.values_list(
            "pk", "legacy_unit_id", "unit_id", "partial", "primary")
    }
    stale = [pk for key, (pk, _, _) in existing.items() if key not in wanted]
    changed = [
        LegacyMapping(pk=existing[key][0], legacy_unit_id=key[0], unit_id=key[1],
                      partial=flags[0], primary=flags[1])
        for key, flags in wanted.items() if key in existing and existing[key][1:] != flags
    ]
    new = [(*key, *flags) for key, flags in wanted.items() if key not in existing]
    steps.step("Bảng chuyển đổi cũ → mới")
    if stale:
        LegacyMapping.objects.filter(pk__in=stale).delete()
    _insert(LegacyMapping, ("legacy_unit_id", "unit_id", "partial", "primary"), new)
    if changed:
        LegacyMapping.objects.bulk_update(changed, ["partial", "primary"], batch_size=500)
    steps.step("Xong", advance=len(wanted))
    return {"created": len(new), "updated": len(changed), "deleted": len(stale)}


def create_agencies(province_code: str) -> int:
    """Create the provincial agencies and, for every commune of the province, its five
    agencies (People's Committee, office, two divisions, service centre). Existing
    agencies are left as administrators edited them. Returns how many were created."""
    province = Province.objects.filter(code=province_code).first()
    if province is None:
        raise NotFound(
            f"Không có tỉnh mã «{province_code}». Hãy chạy «motcua units load» trước.",
            code="province_not_found",
        )
    specs: list[AgencySpec] = province_agency_specs(
        province.code, lower_label(province.full_name, PROVINCE_KINDS))
    for unit in Unit.objects.filter(province=province).order_by("code"):
        info = UnitInfo(unit.code, unit.name, unit.full_name, unit.kind, province.code)
        specs.extend(commune_agency_specs(info, lower_label(unit.full_name, UNIT_KINDS)))

    with transaction.atomic():
        existing = set(Agency.objects.filter(code__in=[s.code for s in specs])
                       .values_list("code", flat=True))
        missing = [s for s in specs if s.code not in existing]
        if not missing:
            return 0
        taken = dict(Agency.objects.filter(electronic_id__in=[s.electronic_id for s in missing])
                     .values_list("electronic_id", "name"))
        if taken:
            eid, name = next(iter(taken.items()))
            raise Conflict(
                f"Mã định danh {eid} đã được gán cho «{name}»; hãy sửa mã của cơ quan đó "
                "trong trang quản trị rồi chạy lại.",
                details={"electronic_ids": sorted(taken)},
            )
        depth = {s.code: 0 for s in specs if not s.parent_code}
        for spec in specs:  # specs list parents before their children
            if spec.parent_code:
                depth[spec.code] = depth.get(spec.parent_code, 0) + 1
        created = 0
        for level in sorted({depth[s.code] for s in missing}):
            group = [s for s in missing if depth[s.code] == level]
            needed = {s.parent_code for s in group if s.parent_code}
            parent_ids = dict(Agency.objects.filter(code__in=needed).values_list("code", "pk"))
            Agency.objects.bulk_create([
                Agency(code=s.code, electronic_id=s.electronic_id, name=s.name, kind=s.kind,
                       province_code=s.province_code, commune_code=s.commune_code,
                       parent_id=parent_ids.get(s.parent_code))
                for s in group
            ])
            created += len(group)
    return created
