"""Dossier codes stay unique and consecutive when many clerks receive at once.

Threads need committed data and their own connections, which pytest-django's per-test
transaction (and the in-memory SQLite test database, whose shared-cache table locks fail
at once instead of waiting) cannot give. So the probe runs in a subprocess on a database
of its own, with the production settings: a fresh SQLite file (WAL, BEGIN IMMEDIATE, busy
timeout) or a fresh PostgreSQL database on the test server, created and dropped here.
Nothing touches the test database.

Run directly (``python test_services_concurrency.py THREADS EACH``) it is that probe,
on the database the environment names.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

PROBE_COMMUNE = "99999"


def _setup(tag: str) -> dict[str, Any]:
    from motcua.accounts.domain import Role
    from motcua.accounts.models import Official, OfficialRole
    from motcua.catalog.models import Field, Procedure, RequiredDocument
    from motcua.units.models import Agency

    agency = Agency.objects.create(
        code=f"probe-{tag}", electronic_id=f"000.04.{tag[:5].upper()}.H12", name="Thử tải",
        kind="service_center", province_code="12", commune_code=PROBE_COMMUNE)
    Agency.objects.create(
        code=f"probe-{tag}-ubnd", electronic_id=f"000.00.{tag[:5].upper()}.H12",
        name="UBND thử tải", kind="ubnd", province_code="12", commune_code=PROBE_COMMUNE)
    field = Field.objects.create(code=f"probe-{tag}", name="Thử tải")
    procedure = Procedure.objects.create(
        code=f"DP-PROBE-{tag[:3].upper()}", name="Thủ tục thử tải", field=field,
        agency_kind="ubnd", limit_value=3, limit_unit="days")
    document = RequiredDocument.objects.create(procedure=procedure, name="Tờ khai", copies=1)
    clerks = []
    for i in range(16):
        clerk = Official.objects.create(username=f"probe-{tag}-{i}", province_code="12",
                                        commune_code=PROBE_COMMUNE)
        OfficialRole.objects.create(official=clerk, role=Role.CLERK)
        clerks.append(clerk.pk)
    return {"agency": agency.pk, "procedure": procedure.code, "document": document.pk,
            "clerks": clerks, "tag": tag}


def _run_threads(setup: dict[str, Any], threads: int, each: int) -> dict[str, Any]:
    from django.db import connection

    from motcua.accounts.models import Official
    from motcua.dossiers import services

    barrier = threading.Barrier(threads)
    codes: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()

    def clerk_work(index: int) -> None:
        try:
            clerk = Official.objects.get(pk=setup["clerks"][index % len(setup["clerks"])])
            barrier.wait(timeout=30)
            for _ in range(each):
                d = services.receive_dossier(
                    clerk, procedure_code=setup["procedure"], applicant_name="Lò Văn Tải",
                    applicant_personal_id="012090001234",
                    documents=[{"required_document_id": setup["document"], "scanned": True}])
                with lock:
                    codes.append(d.code)
        except Exception as exc:  # noqa: BLE001 - reported to the test
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    workers = [threading.Thread(target=clerk_work, args=(i,)) for i in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join(timeout=120)
    return {"codes": codes, "errors": errors}


def _check(setup: dict[str, Any]) -> dict[str, Any]:
    from motcua.dossiers.audit import verify
    from motcua.dossiers.models import Dossier

    rows = list(Dossier.objects.filter(receiving_agency_id=setup["agency"])
                .values_list("code", "register_entry"))
    problems = []
    for code, _ in rows:
        problems += verify(code).problems or []
    return {"stored": [c for c, _ in rows], "entries": [e for _, e in rows],
            "audit_problems": len(problems)}


def _assert_unique_and_consecutive(result: dict[str, Any], total: int) -> None:
    assert result["errors"] == []
    codes = result["codes"]
    assert len(codes) == total and len(set(codes)) == total
    assert sorted(result["stored"]) == sorted(codes)
    by_day: dict[str, list[int]] = {}
    for code in codes:
        prefix, seq = code.rsplit("-", 1)
        by_day.setdefault(prefix, []).append(int(seq))
    for seqs in by_day.values():  # no gap, no duplicate, from 0001 (a run may span midnight)
        assert sorted(seqs) == list(range(1, len(seqs) + 1))
    assert sorted(result["entries"]) == list(range(1, total + 1))
    assert result["audit_problems"] == 0


@contextmanager
def _probe_database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Environment for the probe: a fresh SQLite file, or a fresh PostgreSQL database on
    the test server (created and dropped here)."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    env = {k: v for k, v in os.environ.items()
           if k not in ("MOTCUA_DATABASE_URL", "DATABASE_URL")}
    env.update({"DJANGO_SETTINGS_MODULE": "motcua.settings", "MOTCUA_VAR_DIR": str(tmp_path),
                "MOTCUA_MEDIA_ROOT": str(tmp_path / "media"),
                "MOTCUA_SQLITE_PATH": str(tmp_path / "probe.sqlite3")})
    if "sqlite" in db["ENGINE"]:
        yield env
        return
    import psycopg

    name = f"motcua_probe_{uuid.uuid4().hex[:10]}"
    params = {"host": db.get("HOST") or "127.0.0.1", "port": db.get("PORT") or 5432,
              "user": db.get("USER") or "postgres", "password": db.get("PASSWORD") or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        auth = params["user"] + (f":{quote(params['password'])}" if params["password"] else "")
        env["MOTCUA_DATABASE_URL"] = f"postgres://{auth}@{params['host']}:{params['port']}/{name}"
        yield env
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_codes_are_unique_when_clerks_receive_at_once(tmp_path):
    from django.conf import settings

    postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    threads, each = (16, 5) if postgres else (8, 5)
    with _probe_database(tmp_path) as env:
        done = subprocess.run(
            [sys.executable, str(Path(__file__)), str(threads), str(each)],
            env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["vendor"] == ("postgresql" if postgres else "sqlite")
    _assert_unique_and_consecutive(result, threads * each)


def main(threads: int, each: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    setup = _setup(uuid.uuid4().hex[:5])
    result = _run_threads(setup, threads, each)
    result.update(_check(setup))
    result["vendor"] = connection.vendor
    print(json.dumps(result))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
