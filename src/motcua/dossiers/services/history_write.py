"""Bulk writing of the demo history: SQLite ``executemany`` and PostgreSQL ``COPY`` in
the models' column order (checked against them), primary keys reserved beforehand."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, DossierPause
from motcua.dossiers.services.history_parts import db_text, db_text_utc


class Writer:
    """Bulk inserts in the column order of the models (checked against them)."""

    EVENT_COLUMNS = ("dossier_id", "seq", "action", "from_state", "to_state", "actor_id",
                     "actor_ref", "actor_name", "at", "note", "payload", "prev_hash", "hash")
    DOCUMENT_COLUMNS = ("dossier_id", "required_document_id", "order", "name", "copies",
                        "provided", "from_data_held", "scanned")
    PAUSE_COLUMNS = ("dossier_id", "round", "started_at", "ended_at", "missing_items")

    def __init__(self) -> None:
        connection.ensure_connection()
        self.vendor = connection.vendor
        self.postgres = self.vendor == "postgresql"
        self.dbtime: Callable[[int], str] = db_text_utc if self.postgres else db_text
        self.dossier_columns = tuple(f.attname for f in Dossier._meta.concrete_fields)
        for model, columns in ((DossierEvent, self.EVENT_COLUMNS),
                               (DossierDocument, self.DOCUMENT_COLUMNS),
                               (DossierPause, self.PAUSE_COLUMNS)):
            fields = {f.attname for f in model._meta.concrete_fields} - {"id"}
            if fields != set(columns):
                raise RuntimeError(f"history: {model.__name__} columns changed: "
                                   f"{sorted(fields ^ set(columns))}")

    @contextmanager
    def bulk_mode(self) -> Iterator[None]:
        """SQLite: a large page cache while the indexes grow, and no foreign-key checks
        (every key the rows hold was read from the database or reserved just before;
        the pragma cannot change inside a transaction, e.g. in tests, and then stays on)."""
        if self.postgres:
            yield
            return
        raw = connection.connection
        cache = raw.execute("PRAGMA cache_size").fetchone()[0]
        keys = raw.execute("PRAGMA foreign_keys").fetchone()[0]
        raw.execute("PRAGMA cache_size = -262144")
        if not connection.in_atomic_block:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            yield
        finally:
            raw.execute(f"PRAGMA cache_size = {int(cache)}")
            if not connection.in_atomic_block:
                raw.execute(f"PRAGMA foreign_keys = {int(keys)}")

    @contextmanager
    def deferred_indexes(self) -> Iterator[None]:
        """SQLite, when there is no dossier yet: drop the secondary indexes of the tables
        written here and build them again at the end, in the same transaction (so an
        interrupted run rolls back to the indexes it found). Building an index once from
        a full table is several times faster than growing twenty of them row by row. The
        unique ones (codes, event numbers) belong to the tables and stay."""
        if self.postgres or Dossier.objects.exists():
            yield
            return
        tables = [m._meta.db_table for m in (Dossier, DossierEvent, DossierDocument,
                                             DossierPause)]
        raw = connection.connection
        marks = ", ".join("?" for _ in tables)
        saved = raw.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks})", tables).fetchall()
        for name, _ in saved:
            raw.execute(f'DROP INDEX "{name}"')
        yield
        for _, sql in saved:
            raw.execute(sql)

    def analyze(self) -> None:
        """Fresh planner statistics after a bulk load (PostgreSQL would otherwise plan the
        worklists on the empty tables' numbers until autovacuum comes by)."""
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            for model in (Dossier, DossierEvent, DossierDocument, DossierPause):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

    def reserve_ids(self, n: int) -> list[int]:
        """Primary keys for ``n`` new dossiers (the rows of their events point at them)."""
        table = Dossier._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                    "FROM generate_series(1, %s)", [table, n])
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f'SELECT COALESCE(MAX("id"), 0) FROM "{table}"')
            first = cursor.fetchone()[0] + 1
        return list(range(first, first + n))

    def _insert(self, model: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        qn = connection.ops.quote_name
        table = qn(model._meta.db_table)
        names = ", ".join(qn(model._meta.get_field(c).column) if c != "id" else qn("id")
                          for c in columns)
        raw = connection.connection
        if self.postgres:
            with raw.cursor() as cursor, cursor.copy(
                    f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in columns)
            raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    def flush(self, buffers: Any, report: Any) -> int:
        columns = self.dossier_columns
        dossiers = buffers.dossiers
        for d in dossiers:
            if d["group_id"] is not None and not self.postgres:
                d["group_id"] = d["group_id"].replace("-", "")
            report.digitized += d["digitized"]
            report.reused += d["data_reused"]
        self._insert(Dossier, columns, [tuple(d[c] for c in columns) for d in dossiers])
        self._insert(DossierEvent, self.EVENT_COLUMNS, buffers.events)
        self._insert(DossierDocument, self.DOCUMENT_COLUMNS, buffers.documents)
        self._insert(DossierPause, self.PAUSE_COLUMNS, buffers.pauses)
        count = len(dossiers)
        report.dossiers += count
        report.events += len(buffers.events)
        report.documents += len(buffers.documents)
        buffers.clear()
        return count
