"""The SQLite backend's writer queue (``motcua.db.sqlite``): one write transaction at a
time across connections, the next one starts promptly when the lock is given back, a
rollback or a closed connection gives it back too, and in-memory databases take no lock."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from motcua.db.sqlite.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite backend only")


@pytest.fixture(autouse=True)
def _own_files(django_db_blocker):
    """These tests open databases of their own (temporary files), not the test database."""
    with django_db_blocker.unblock():
        yield


def _wrapper(path, alias: str) -> DatabaseWrapper:
    settings_dict = {**connection.settings_dict, "NAME": str(path)}
    settings_dict["OPTIONS"] = {**settings_dict.get("OPTIONS", {}), "transaction_mode": "IMMEDIATE"}
    return DatabaseWrapper(settings_dict, alias=alias)


def _begin(w: DatabaseWrapper) -> None:
    w.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def _end(w: DatabaseWrapper, commit: bool = True) -> None:
    (w.commit if commit else w.rollback)()
    w.set_autocommit(True)


def test_writers_take_turns_and_the_next_starts_promptly(tmp_path):
    path = tmp_path / "q.sqlite3"
    a = _wrapper(path, "a")
    with a.cursor() as c:
        c.execute("CREATE TABLE t (x INTEGER)")
    _begin(a)
    with a.cursor() as c:
        c.execute("INSERT INTO t VALUES (1)")
    started = {}

    def second() -> None:
        b = _wrapper(path, "b")  # a connection belongs to the thread that made it
        _begin(b)
        started["at"] = time.monotonic()
        with b.cursor() as c:
            c.execute("INSERT INTO t VALUES (2)")
        _end(b)
        b.close()

    thread = threading.Thread(target=second)
    thread.start()
    time.sleep(0.3)
    assert "at" not in started  # b waits while a holds the writer lock
    released = time.monotonic()
    _end(a)
    thread.join(5)
    assert started["at"] - released < 0.05  # not SQLite's 25–100 ms sleeps
    with a.cursor() as c:
        c.execute("SELECT x FROM t ORDER BY x")
        assert [r[0] for r in c.fetchall()] == [1, 2]
    a.close()


def test_rollback_and_close_give_the_lock_back(tmp_path):
    path = tmp_path / "r.sqlite3"
    a, b = _wrapper(path, "a"), _wrapper(path, "b")
    _begin(a)
    _end(a, commit=False)
    _begin(b)  # would wait 20 s if the rollback had kept the lock
    _end(b)
    _begin(a)
    a.close()
    _begin(b)
    _end(b)
    b.close()
    assert a._writer_fd is None and b._writer_fd is None


def test_in_memory_databases_take_no_lock():
    w = _wrapper(":memory:", "m")
    _begin(w)
    assert w._writer_fd is None
    _end(w)
    w.close()
