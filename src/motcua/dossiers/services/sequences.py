"""Numbers that must be unique and consecutive under concurrency: the daily sequence of
dossier codes and the yearly entry number of the register (Sổ theo dõi hồ sơ).

One ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` per call (PostgreSQL and SQLite ≥ 3.35
both have it): the row is created or incremented atomically and stays locked until the
receiving transaction ends, so two clerks never get the same number and a rolled-back
reception gives its number back.
"""

from __future__ import annotations

from datetime import date

from django.db import connection

from motcua.dossiers.models import DailySequence


def take(scope: str, agency_electronic_id: str, day: date, count: int = 1) -> range:
    """Reserve ``count`` consecutive numbers; returns them as a range."""
    if count < 1:
        raise ValueError("count must be positive")
    qn = connection.ops.quote_name
    table = qn(DailySequence._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({qn('scope')}, {qn('agency_electronic_id')}, {qn('day')}, "
        f"{qn('last')}) VALUES (%s, %s, %s, %s) "
        f"ON CONFLICT ({qn('scope')}, {qn('agency_electronic_id')}, {qn('day')}) "
        f"DO UPDATE SET {qn('last')} = {table}.{qn('last')} + %s "
        f"RETURNING {qn('last')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [scope, agency_electronic_id, connection.ops.adapt_datefield_value(day), count, count],
        )
        last = int(cursor.fetchone()[0])
    return range(last - count + 1, last + 1)
