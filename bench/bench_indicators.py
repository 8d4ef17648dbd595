"""Indicators at province scale (issue 5, Performance), on PostgreSQL.

The database ``motcua_bench_ind_<N>`` holds ``BENCH_INDICATOR_DOSSIERS`` dossiers (default
10,000,000) across the 38 communes of Lai Châu, written by this bench with set-based SQL
(``INSERT … SELECT … FROM generate_series``, one million rows per statement) and kept
between runs. Figures, each beside the same run's baseline:

- the rollups rebuilt (``motcua indicators rebuild``) — time;
- the province dashboard's data (every commune side by side, the province total, the
  monthly trend, the live overdue split) for the last twelve months: p95 of server time
  over ``BENCH_REPEAT`` runs (target ≤ 100 ms), beside the same per-commune figures computed
  by a direct aggregate over the dossier table (the baseline the rollups exist to avoid);
- a commune's yearly report (figures, DOCX and XLSX): time (target ≤ 2 s).

Knobs: BENCH_INDICATOR_DOSSIERS, BENCH_REPEAT (200), BENCH_BASELINE_REPEAT (5: the
baseline takes tens of seconds a run at 10M), MOTCUA_BENCH_PG
(postgres://postgres@127.0.0.1:5432). Without PostgreSQL the bench says so and stops.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

N = int(os.environ.get("BENCH_INDICATOR_DOSSIERS", "10000000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "200"))
BASELINE_REPEAT = int(os.environ.get("BENCH_BASELINE_REPEAT", "5"))
PG_URL = os.environ.get("MOTCUA_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
CHUNK = 1_000_000
DB_NAME = f"motcua_bench_ind_{N}"


def _admin_connect():
    import psycopg

    parts = urlsplit(PG_URL)
    return psycopg.connect(host=parts.hostname, port=parts.port or 5432,
                           user=parts.username or "postgres", dbname="postgres",
                           connect_timeout=3, autocommit=True)


def _ensure_database() -> bool:
    try:
        with _admin_connect() as admin:
            found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  (DB_NAME,)).fetchone()
            if not found:
                admin.execute(f'CREATE DATABASE "{DB_NAME}"')
        return True
    except Exception as exc:  # noqa: BLE001 - any failure means "not available"
        print(f"PostgreSQL not reachable at MOTCUA_BENCH_PG ({exc}); skipped.", flush=True)
        return False


def parent() -> None:
    if not _ensure_database():
        return
    env = dict(os.environ)
    env["MOTCUA_DATABASE_URL"] = f"{PG_URL.rstrip('/')}/{DB_NAME}"
    env["BENCH_INDICATORS_CHILD"] = "1"
    env.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    subprocess.run([sys.executable, __file__], env=env, check=True)


# -- the child: runs against the bench database ----------------------------------------


def _literal_columns(explicit: dict[str, str]) -> tuple[list[str], list[str], list[object]]:
    """Every concrete column of the dossier table: the SQL expression given, else NULL for
    a nullable column, else the field's default as a parameter (the ORM's defaults live in
    Python, not in the table)."""
    import json

    from motcua.dossiers.models import Dossier

    cols, exprs, params = [], [], []
    for f in Dossier._meta.concrete_fields:
        if f.primary_key:
            continue
        cols.append(f.column)
        if f.column in explicit:
            exprs.append(explicit[f.column])
        elif f.null:
            exprs.append("NULL")
        else:
            default = f.get_default()
            if isinstance(default, list | dict):
                exprs.append("%s::jsonb")
                params.append(json.dumps(default))
            else:
                exprs.append("%s")
                params.append(default)
    return cols, exprs, params


def _generate(have: int, target: int) -> float:
    """Adds ``target - have`` dossier rows; returns seconds per million."""
    from django.db import connection

    from motcua.accounts.models import Official
    from motcua.catalog.models import Procedure
    from motcua.units.models import Agency, Unit

    communes = list(Unit.objects.filter(province_id="12").order_by("code")
                    .values_list("code", flat=True))
    agencies = []
    for code in communes:
        agency = (Agency.objects.filter(commune_code=code, kind="center").first()
                  or Agency.objects.filter(commune_code=code).order_by("pk").first())
        agencies.append(agency.pk)
    procedures = list(Procedure.objects.filter(level="commune").order_by("pk")
                      .values_list("pk", flat=True)) or list(
        Procedure.objects.order_by("pk").values_list("pk", flat=True))
    clerk = Official.objects.filter(username="binhlu.tiepnhan").first() or Official.objects.first()
    nc, np_ = len(communes), len(procedures)
    c = f"((i % {nc}) + 1)"
    # One year of reception ending now; finishing 0..95 hours after reception against a
    # due moment three days later (some late); about 0.3% still open.
    received = ("(now() - interval '365 days' + ((i % 365) * interval '1 day') + "
                "((i * 37 % 600) * interval '1 minute'))")
    state = ("(CASE WHEN i % 331 = 0 THEN 'in_processing' WHEN i % 997 = 0 THEN "
             "'waiting_supplement' WHEN i % 113 = 0 THEN 'refused' WHEN i % 127 = 0 THEN "
             "'withdrawn' WHEN i % 29 = 0 THEN 'result_ready' ELSE 'returned' END)")
    is_open = "(i % 331 = 0 OR i % 997 = 0)"
    explicit = {
        "code": "'B' || lpad(i::text, 11, '0')",
        "province_code": "'12'",
        "commune_code": f"(%s::text[])[{c}]",
        "receiving_commune_code": f"(%s::text[])[{c}]",
        "cross_boundary": "false",
        "receiving_agency_id": f"(%s::bigint[])[{c}]",
        "competent_agency_id": f"(%s::bigint[])[{c}]",
        "procedure_id": f"(%s::bigint[])[((i * 7) % {np_}) + 1]",
        "applicant_name": "'Lò Văn Minh'",
        "channel": ("(CASE WHEN i % 10 < 6 THEN 'online' WHEN i % 10 = 6 THEN 'assisted' "
                    "WHEN i % 10 < 9 THEN 'counter' ELSE 'post' END)"),
        "received_by_id": "%s",
        "state": state,
        "received_at": received,
        "due_at": f"{received} + interval '3 days'",
        "original_due_at": f"{received} + interval '3 days'",
        "updated_at": received,
        "finished_at": (f"(CASE WHEN {is_open} THEN NULL ELSE {received} + "
                        "((i * 13 % 80) * interval '1 hour') END)"),
        "supplement_rounds": "(CASE WHEN i % 41 = 0 THEN 2 WHEN i % 17 = 0 THEN 1 ELSE 0 END)",
        "late_by_supplements": "(i % 41 = 0)",
        "digitized": "(i % 23 <> 0)",
        "electronic_result": "(CASE WHEN i % 29 = 0 OR i % 10 > 0 THEN i % 19 <> 0 END)",
        "data_reused": "(i % 31 <> 0)",
    }
    # A literal % must be doubled where the driver fills %s placeholders.
    explicit = {k: v.replace(" % ", " %% ") for k, v in explicit.items()}
    cols, exprs, defaults = _literal_columns(explicit)
    # Parameters in the order their placeholders appear in the SELECT list.
    ordered: list[object] = []
    d = iter(defaults)
    for col, expr in zip(cols, exprs, strict=True):
        if col in ("commune_code", "receiving_commune_code"):
            ordered.append(communes)
        elif col in ("receiving_agency_id", "competent_agency_id"):
            ordered.append(agencies)
        elif col == "procedure_id":
            ordered.append(procedures)
        elif col == "received_by_id":
            ordered.append(clerk.pk)
        elif "%s" in expr:
            ordered.append(next(d))
    sql = (f"INSERT INTO dossiers_dossier ({', '.join(cols)}) SELECT {', '.join(exprs)} "
           "FROM generate_series(%s, %s) AS i")
    started = time.perf_counter()
    done = have
    # A bulk load's usual moves: the secondary indexes are dropped and built once at the
    # end, and the foreign-key triggers are off (the ids above come from the tables).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'dossiers_dossier' "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)")
        secondary = cursor.fetchall()
        for name, _ in secondary:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET session_replication_role = replica")
    try:
        while done < target:
            upto = min(target, done + CHUNK)
            t = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(sql, [*ordered, done + 1, upto])
            print(f"  generated {upto:,} dossiers ({upto - done:,} in "
                  f"{time.perf_counter() - t:.1f} s)", flush=True)
            done = upto
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
            t = time.perf_counter()
            for _, definition in secondary:
                cursor.execute(definition)
            print(f"  {len(secondary)} indexes rebuilt in {time.perf_counter() - t:.1f} s",
                  flush=True)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE dossiers_dossier")
    return seconds / ((target - have) / 1e6)


def _p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _timed(fn, repeat: int) -> list[float]:
    fn()  # warm
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def child() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Q
    from django.utils import timezone

    from motcua.dossiers.models import Dossier
    from motcua.indicators import pages, reports, selectors
    from motcua.indicators.models import CommuneDay, CommuneMonth, OpenDossier
    from motcua.indicators.rollups import rebuild, recount
    from motcua.units.models import Unit
    from motcua.web.demo import load_demo

    call_command("migrate", verbosity=0)
    if not Unit.objects.filter(province_id="12").exists() or not Dossier.objects.exists():
        load_demo("Lai Châu")
    have = Dossier.objects.count()
    if have < N:
        print(f"generating {N - have:,} dossiers with INSERT … SELECT (chunks of {CHUNK:,})",
              flush=True)
        per_million = _generate(have, N)
        print(f"generation: {per_million:.1f} s per million dossiers", flush=True)
        rebuilt = None
    else:
        print(f"database {DB_NAME}: {have:,} dossiers kept from an earlier run", flush=True)
        rebuilt = all(m.objects.exists() for m in (CommuneDay, CommuneMonth, OpenDossier))
    if not rebuilt or os.environ.get("BENCH_REBUILD"):
        t = time.perf_counter()
        result = rebuild("12")
        seconds = time.perf_counter() - t
        print(f"rollups rebuilt: {result.rows} rows from {N:,} dossiers in {seconds:.1f} s",
              flush=True)
        with connection.cursor() as cursor:
            for table in ("communeday", "communemonth", "procedureday", "opendossier"):
                cursor.execute(f"ANALYZE indicators_{table}")

    today = timezone.localtime(timezone.now()).date()
    period = selectors.default_period(today)

    def dashboard(now=None):
        return pages.province_data("12", "Tỉnh Lai Châu", period, now=now)

    def direct(now=None):
        """The same per-commune figures straight from the dossier table."""
        dossiers = Dossier.objects.filter(province_code="12", received_at__gte=period.start,
                                          received_at__lt=period.end)
        per: dict[str, selectors.Figures] = {}
        keys = 4  # province, commune, receiving commune, day
        from motcua.indicators.domain import COUNTERS

        for row in recount(CommuneDay, dossiers):
            per.setdefault(row[1], selectors.Figures()).add(dict(zip(COUNTERS, row[keys:],
                                                                      strict=True)))
        overdue = dict(Dossier.objects.filter(
            province_code="12", state__in=selectors.RUNNING_OPEN,
            due_at__lt=now or timezone.now(),
            received_at__gte=period.start, received_at__lt=period.end).order_by()
            .values_list("commune_code").annotate(n=Count("id", filter=Q()))
            .values_list("commune_code", "n"))
        return per, overdue

    moment = timezone.now()  # one moment for both: the overdue split depends on it
    data = dashboard(moment)
    per, overdue = direct(moment)
    same = all(per[line.code].counts == line.figures.counts
               and overdue.get(line.code, 0) == line.figures.overdue
               for line in data.lines if line.code in per)
    print(f"dashboard figures equal the direct aggregate: {same} "
          f"({len(data.lines)} communes, {data.total.received:,} dossiers in the period)",
          flush=True)
    fast = _timed(dashboard, REPEAT)
    slow = _timed(direct, BASELINE_REPEAT)
    print(f"province dashboard data: p50 {_p(fast, .5) * 1e3:.1f} ms, p95 "
          f"{_p(fast, .95) * 1e3:.1f} ms over {len(fast)} runs | baseline (direct aggregate "
          f"over the dossier table): p50 {_p(slow, .5) * 1e3:.0f} ms, p95 "
          f"{_p(slow, .95) * 1e3:.0f} ms over {len(slow)} runs | ratio (p95) "
          f"{_p(slow, .95) / _p(fast, .95):.0f}x", flush=True)

    unit = Unit.objects.get(code="03390")
    year = selectors.Period(today.replace(year=today.year - 1), today)

    def yearly_report():
        report = reports.commune_report(unit, year)
        return reports.to_docx(report), reports.to_xlsx(report)

    runs = _timed(yearly_report, 5)
    report = reports.commune_report(unit, year)
    print(f"commune yearly report (Bình Lư, {report.total.received:,} dossiers, DOCX + XLSX): "
          f"median {statistics.median(runs):.2f} s, max {max(runs):.2f} s", flush=True)


if __name__ == "__main__":
    if os.environ.get("BENCH_INDICATORS_CHILD"):
        child()
    else:
        parent()
