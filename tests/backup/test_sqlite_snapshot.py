"""The SQLite snapshot under a steady writer: it finishes, it is intact, and it is the
database as of one commit (a prefix of the writer's transactions, each one whole)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from motcua.backup import sqlite as snap


def _live(path: Path) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE ballast (id INTEGER PRIMARY KEY, body BLOB)")
    db.execute("CREATE TABLE head (id INTEGER PRIMARY KEY, n INTEGER)")
    db.execute("CREATE TABLE line (id INTEGER PRIMARY KEY, n INTEGER)")
    db.execute("BEGIN")
    db.executemany("INSERT INTO ballast (body) VALUES (randomblob(8000))", [()] * 2000)
    db.execute("COMMIT")
    db.close()


def test_snapshot_while_a_writer_commits_is_one_consistent_moment(tmp_path):
    live, copy = tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3"
    _live(live)
    stop, committed, steps = threading.Event(), [0], []

    def writer() -> None:
        db = sqlite3.connect(live, isolation_level=None, timeout=20)
        while not stop.is_set():
            n = committed[0] + 1
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO head VALUES (?, ?)", (n, n))
            db.execute("INSERT INTO line VALUES (?, ?)", (2 * n - 1, n))
            db.execute("INSERT INTO line VALUES (?, ?)", (2 * n, n))
            db.execute("INSERT INTO ballast (body) VALUES (randomblob(3000))")
            db.execute("COMMIT")
            committed[0] = n
        db.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while committed[0] < 20:
            threading.Event().wait(0.01)
        at_start = committed[0]
        # Small steps so that the writer commits many times between them.
        snap.snapshot(live, copy, progress=lambda done, total: steps.append((done, total)),
                      pages=32)
        at_end = committed[0]
    finally:
        stop.set()
        thread.join()
    assert len(steps) > 50 and steps[-1][0] == steps[-1][1]
    assert at_end > at_start  # the writer kept committing during the copy
    db = sqlite3.connect(copy)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    heads, top = db.execute("SELECT count(*), max(n) FROM head").fetchone()
    assert at_start <= top <= at_end and heads == top  # a prefix: 1..top, no gap
    assert db.execute("SELECT count(*) FROM line").fetchone() == (2 * top,)  # each one whole
    assert db.execute("SELECT count(*) FROM ballast").fetchone() == (2000 + top,)
    assert not Path(f"{copy}-wal").exists()


def test_restore_writes_through_the_backup_api_into_a_live_wal_database(tmp_path):
    live, copy = tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3"
    _live(live)
    snap.snapshot(live, copy)
    other = tmp_path / "other.sqlite3"
    db = sqlite3.connect(other, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE stale (x)")
    db.execute("INSERT INTO stale VALUES (1)")  # sits in the -wal file
    snap.restore(copy, other)
    db.close()
    db = sqlite3.connect(other)
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"ballast", "head", "line"}
    assert db.execute("SELECT count(*) FROM ballast").fetchone() == (2000,)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
