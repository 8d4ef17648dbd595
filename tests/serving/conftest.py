"""Fixtures of the serving tests.

``live_env``: the environment of a separate process (``motcua serve``, ``motcua worker``)
with a database of its own, migrated once per session: a SQLite file, or, when the
suite runs on PostgreSQL, a database ``<name>_live`` next to the test database.
The in-process tests use Bình Lư's world of the dossier tests (``sworld``), like the
notification tests do.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from shared_world import SharedWorld

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"

_spec = importlib.util.spec_from_file_location(
    "serving_dossier_world", ROOT / "tests" / "dossiers" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
dw = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = dw
_spec.loader.exec_module(dw)

_HOLDER: SharedWorld[Any] = SharedWorld(lambda: dw._build())


@pytest.fixture
def sworld_base(django_db_setup, django_db_blocker) -> Any:
    return _HOLDER.get(django_db_blocker)


@pytest.fixture
def sworld(sworld_base, db) -> Any:
    """The world, inside this test's savepoint (opened after the world's transaction)."""
    return sworld_base


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    yield
    _HOLDER.close_unless_next_uses(item, nextitem, "sworld_base")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def motcua(*args: str) -> list[str]:
    return [sys.executable, "-c", "from motcua.cli import main; main()", *args]


@pytest.fixture
def helpers() -> Any:
    """The helpers above, for test modules (which cannot import this conftest by name)."""
    import types

    return types.SimpleNamespace(free_port=free_port, motcua=motcua, wait_for=wait_for)


def _pg_url() -> str:
    return os.environ.get("MOTCUA_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""


@pytest.fixture(scope="session")
def live_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    tmp = tmp_path_factory.mktemp("live")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("MOTCUA_", "PROMETHEUS_", "PYTEST_"))}
    env.update({
        "PYTHONPATH": os.pathsep.join([str(SRC), str(ROOT / "tests" / "dossiers")]),
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "MOTCUA_VAR_DIR": str(tmp / "var"),
        "MOTCUA_MEDIA_ROOT": str(tmp / "media"),
        "MOTCUA_STATIC_ROOT": str(tmp / "static"),
    })
    pg = _pg_url()
    dropper: Callable[[], None] | None = None
    if pg:
        import psycopg

        parts = urlsplit(pg)
        name = (parts.path.lstrip("/") or "motcua") + "_live"
        admin = urlunsplit(parts._replace(path="/postgres"))

        def _recreate(drop_only: bool = False) -> None:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                if not drop_only:
                    conn.execute(f'CREATE DATABASE "{name}"')

        _recreate()
        dropper = lambda: _recreate(drop_only=True)  # noqa: E731
        env["MOTCUA_DATABASE_URL"] = urlunsplit(parts._replace(path="/" + name))
    else:
        env["MOTCUA_SQLITE_PATH"] = str(tmp / "live.sqlite3")
    subprocess.run(motcua("migrate", "-v0"), env=env, check=True, timeout=300, cwd=tmp)
    yield env
    if dropper is not None:
        dropper()


def wait_for(url: str, deadline_s: float = 30.0, proc: subprocess.Popen[Any] | None = None
             ) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the server ended early with status {proc.returncode}")
        try:
            # A long timeout: a request given up on would still be answered (and counted)
            # later, once a worker has booted.
            with urllib.request.urlopen(url, timeout=20) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {deadline_s} s")
