"""SQLite snapshots with the online backup API (no Django here).

The copy runs inside one read transaction opened on the source connection before the first
step: in WAL mode a reader sees one fixed snapshot and does not block the writers, and the
backup steps reuse that transaction, so the copy is the database as of one commit however
long it takes and however much the application writes meanwhile (without it, SQLite
restarts a stepped backup whenever another process writes, and under steady writes the
copy might never finish).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

PAGES_PER_STEP = 1024  # 4 MiB with the default page size: a progress tick per step
BUSY_MS = 20000


def _connect(path: Path | str) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
    return conn


def snapshot(source: Path, target: Path,
             progress: Callable[[int, int], None] | None = None,
             pages: int = PAGES_PER_STEP) -> None:
    """Copy the live database ``source`` to the new file ``target``, consistently.

    ``progress(done_pages, total_pages)`` is called after each step."""
    if not source.is_file():
        raise FileNotFoundError(f"Không tìm thấy tệp cơ sở dữ liệu {source}.")
    if target.exists():
        raise FileExistsError(str(target))
    src = _connect(source)
    dst = sqlite3.connect(str(target), isolation_level=None)
    try:
        src.execute("BEGIN")  # deferred: becomes a read transaction at the next statement
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()

        def step(status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress(total - remaining, total)

        src.backup(dst, pages=pages, progress=step)
        src.execute("COMMIT")
        # The copy keeps the source's journal mode in its header (WAL): make it a
        # self-contained single file, with nothing left in a -wal beside it.
        dst.execute("PRAGMA journal_mode=DELETE")
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"Bản sao không toàn vẹn: {check}")
    finally:
        dst.close()
        src.close()


def restore(backup_file: Path, target: Path,
            progress: Callable[[int, int], None] | None = None,
            pages: int = PAGES_PER_STEP) -> None:
    """Write the snapshot ``backup_file`` into the database at ``target`` (created when
    missing) through the backup API, so a WAL file beside the target stays coherent."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True, isolation_level=None)
    dst = _connect(target)
    try:
        def step(status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress(total - remaining, total)

        src.backup(dst, pages=pages, progress=step)
        dst.execute("PRAGMA journal_mode=WAL")
        check = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"Cơ sở dữ liệu sau khôi phục không toàn vẹn: {check}")
    finally:
        dst.close()
        src.close()
