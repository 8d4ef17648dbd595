"""Reliability of the dossier lifecycle against a real server process (issue 3).

- SIGKILL in the middle of an intake load, then a restart: every acknowledged dossier
  exists exactly once, codes are unique and consecutive, the audit chains verify.
- 16 clerks of one agency receiving at once through the API: consecutive daily numbers,
  no error, no deadlock.
- Bad input through the API: a clear 4xx (code + Vietnamese message) that changes nothing.

The server (gunicorn when installed, else ``motcua runserver --noreload``) runs on
127.0.0.1 with the production settings on a database of its own: a SQLite file in a
temporary folder, or — when the tests run on PostgreSQL — a throwaway database created and
dropped here. Run directly, this file is the helper those processes use:
``python test_reliability.py setup|check ...`` on the database the environment names.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

HERE = Path(__file__).resolve()
PROBE_PROVINCE = "12"
VIETNAMESE = "ạảãàáâăđêôơưệộịọụủứừữựếềểễờởỡớốồổỗ"


# -- the helper side (runs in a subprocess on the server's database) ----------------------


def _setup(tag: str, commune: str, clerks: int) -> dict[str, Any]:
    """A commune of its own: two agencies, a procedure with a mandatory paper, ``clerks``
    counter clerks, a specialist and a leader, each with an API token."""
    from motcua.accounts.domain import Role
    from motcua.accounts.models import Official, OfficialRole
    from motcua.catalog.models import Field, Procedure, ProcessingStep, RequiredDocument
    from motcua.dossiers.services import create_api_token
    from motcua.units.models import Agency

    eid = f"000.04.{commune}.H12"
    Agency.objects.create(code=f"rel-{tag}", electronic_id=eid, name=f"Một cửa {tag}",
                          kind="service_center", province_code=PROBE_PROVINCE,
                          commune_code=commune)
    Agency.objects.create(code=f"rel-{tag}-ubnd", electronic_id=f"000.00.{commune}.H12",
                          name=f"UBND {tag}", kind="ubnd", province_code=PROBE_PROVINCE,
                          commune_code=commune)
    field, _ = Field.objects.get_or_create(code="rel", defaults={"name": "Thử độ tin cậy"})
    procedure = Procedure.objects.create(
        code=f"DP-REL-{tag.upper()}", name="Thủ tục thử độ tin cậy", field=field,
        agency_kind="ubnd", limit_value=3, limit_unit="days")
    paper = RequiredDocument.objects.create(procedure=procedure, name="Tờ khai", copies=1)
    RequiredDocument.objects.create(procedure=procedure, name="Giấy ủy quyền",
                                    requirement="conditional")
    for order, (name, role) in enumerate([("Thẩm định", "specialist"), ("Ký", "leader")], 1):
        ProcessingStep.objects.create(procedure=procedure, order=order, name=name, role=role,
                                      duration_value=1, duration_unit="days")

    def official(username: str, role: Role) -> str:
        person = Official.objects.create(username=username, full_name=f"Cán bộ {username}",
                                         province_code=PROBE_PROVINCE, commune_code=commune)
        OfficialRole.objects.create(official=person, role=role)
        return create_api_token(person, "kiểm thử độ tin cậy")[1]

    return {
        "procedure": procedure.code, "document": paper.pk, "agency": eid,
        "clerks": [official(f"rel-{tag}-clerk{i}", Role.CLERK) for i in range(clerks)],
        "specialist": official(f"rel-{tag}-spec", Role.SPECIALIST),
        "specialist_name": f"rel-{tag}-spec",
        "leader": official(f"rel-{tag}-lead", Role.LEADER),
    }


def _check(agency: str) -> dict[str, Any]:
    """What the database holds for ``agency``: codes, register entries, chain problems,
    dossiers whose head does not match their events."""
    from django.db.models import Count, Max

    from motcua.dossiers.audit import verify
    from motcua.dossiers.models import DailySequence, Dossier

    rows = list(Dossier.objects.filter(receiving_agency__electronic_id=agency)
                .annotate(n=Count("events"), last=Max("events__seq"))
                .values_list("code", "register_entry", "version", "n", "last"))
    problems = verify().problems or []
    sequences = {f"{s}:{d}": last for s, d, last in DailySequence.objects.filter(
        agency_electronic_id=agency).values_list("scope", "day", "last")}
    return {
        "codes": [r[0] for r in rows], "entries": [r[1] for r in rows],
        "bad_heads": [r[0] for r in rows if not (r[2] == r[3] == r[4] and r[3] >= 1)],
        "audit_problems": [f"{p.code} {p.seq} {p.kind}" for p in problems],
        "sequences": sequences,
    }


def _counts() -> dict[str, Any]:
    from motcua.dossiers.models import (
        DailySequence,
        Dossier,
        DossierAttachment,
        DossierDocument,
        DossierEvent,
        DossierPause,
    )

    heads = sorted(Dossier.objects.values_list("code", "state", "version", "last_event_hash",
                                               "updated_at", "due_at"))
    return {
        "tables": [m.objects.count() for m in (Dossier, DossierEvent, DossierDocument,
                                               DossierPause, DossierAttachment)],
        "sequences": sorted(DailySequence.objects.values_list("scope", "agency_electronic_id",
                                                               "day", "last")),
        "heads": heads,
    }


def _helper(argv: list[str]) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    command = argv[0]
    if command == "migrate":
        call_command("migrate", verbosity=0)
        out: Any = {"ok": True}
    elif command == "setup":
        out = _setup(argv[1], argv[2], int(argv[3]))
    elif command == "check":
        out = _check(argv[1])
    elif command == "counts":
        out = _counts()
    else:  # pragma: no cover
        raise SystemExit(f"unknown helper command {command}")
    print(json.dumps(out, default=str))


# -- the test side ------------------------------------------------------------------------


def _run_helper(env: dict[str, str], *args: str) -> Any:
    done = subprocess.run([sys.executable, str(HERE), *args], env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _motcua(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "motcua.cli", *args], env=env,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def live_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The environment of the server's database (migrated once for the module)."""
    from django.conf import settings

    tmp = tmp_path_factory.mktemp("reliability")
    db = settings.DATABASES["default"]
    env = {k: v for k, v in os.environ.items()
           if k not in ("MOTCUA_DATABASE_URL", "DATABASE_URL", "MOTCUA_SQLITE_PATH")}
    env.update({"DJANGO_SETTINGS_MODULE": "motcua.settings", "MOTCUA_VAR_DIR": str(tmp),
                "MOTCUA_MEDIA_ROOT": str(tmp / "media"), "MOTCUA_DEBUG": "0"})
    name = None
    if "postgresql" in db["ENGINE"]:
        import psycopg

        name = f"motcua_rel_{uuid.uuid4().hex[:10]}"
        params = {"host": db.get("HOST") or "127.0.0.1", "port": db.get("PORT") or 5432,
                  "user": db.get("USER") or "postgres", "password": db.get("PASSWORD") or None}
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        auth = params["user"] + (f":{quote(params['password'])}" if params["password"] else "")
        env["MOTCUA_DATABASE_URL"] = f"postgres://{auth}@{params['host']}:{params['port']}/{name}"
    else:
        env["MOTCUA_SQLITE_PATH"] = str(tmp / "live.sqlite3")
    try:
        _run_helper(env, "migrate")
        yield env
    finally:
        if name is not None:
            with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """A server process on loopback; ``kill()`` sends SIGKILL to it and its workers."""

    def __init__(self, env: dict[str, str], workers: int = 2) -> None:
        self.port = _free_port()
        try:
            import gunicorn  # noqa: F401

            args = [sys.executable, "-m", "gunicorn", "motcua.wsgi:application", "--bind",
                    f"127.0.0.1:{self.port}", "--workers", str(workers), "--timeout", "60",
                    "--graceful-timeout", "5"]
        except ImportError:
            args = [sys.executable, "-m", "motcua.cli", "runserver", "--noreload",
                    f"127.0.0.1:{self.port}"]
        self.process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                status, _ = self.request("GET", "/healthz")
                if status == 200:
                    return
            except OSError:
                time.sleep(0.1)
            if self.process.poll() is not None:
                break
        self.kill()
        raise RuntimeError("server did not start: " + self.process.stderr.read().decode()[-2000:])

    def request(self, method: str, path: str, body: Any = None,
                token: str | None = None) -> tuple[int, Any]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            conn.request(method, path, body=json.dumps(body) if body is not None else None,
                         headers=headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        try:
            return response.status, json.loads(data)
        except ValueError:
            return response.status, data

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def _server(env: dict[str, str], workers: int = 2) -> Iterator[LiveServer]:
    server = LiveServer(env, workers)
    try:
        yield server
    finally:
        server.stop()


def _body(setup: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {"procedure_code": setup["procedure"], "applicant_name": "Lò Văn Tải",
            "applicant_personal_id": "012090001234", "channel": "counter",
            "documents": [{"required_document_id": setup["document"], "scanned": True}],
            **changes}


def _assert_consecutive(codes: list[str], entries: list[int]) -> None:
    assert len(codes) == len(set(codes))
    by_day: dict[str, list[int]] = {}
    for code in codes:
        prefix, seq = code.rsplit("-", 1)
        by_day.setdefault(prefix, []).append(int(seq))
    for seqs in by_day.values():
        assert sorted(seqs) == list(range(1, len(seqs) + 1))
    assert sorted(entries) == list(range(1, len(entries) + 1))


def test_sigkill_mid_intake_loses_no_acknowledged_dossier(live_env):
    setup = _run_helper(live_env, "setup", "kill", "99901", "6")
    acknowledged: list[str] = []
    failures: list[str] = []
    interrupted = [0]  # requests sent and never answered
    stop, killed = threading.Event(), threading.Event()
    lock = threading.Lock()

    def clerk(token: str, server: LiveServer) -> None:
        while not stop.is_set():
            try:
                status, body = server.request("POST", "/api/dossiers/", _body(setup), token)
            except Exception as exc:  # noqa: BLE001 - every outcome is accounted for
                with lock:
                    if not killed.is_set():
                        failures.append(f"{type(exc).__name__}: {exc}")
                    elif not isinstance(exc, ConnectionRefusedError):
                        interrupted[0] += 1  # in flight when the server died
                continue  # never acknowledged
            with lock:
                if status == 201:
                    acknowledged.append(body["code"])
                else:
                    failures.append(f"{status} {str(body)[:200]}")

    server = LiveServer(live_env)
    threads = [threading.Thread(target=clerk, args=(t, server)) for t in setup["clerks"]]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    while len(acknowledged) < 15 and time.monotonic() < deadline:
        time.sleep(0.05)
    killed.set()
    server.kill()  # in the middle of the load: requests are in flight
    killed_at = len(acknowledged)
    time.sleep(0.5)
    stop.set()
    for t in threads:
        t.join(30)
    assert killed_at >= 15, failures[:3]
    assert interrupted[0] >= 1  # the kill hit requests in flight
    assert failures == []

    with _server(live_env) as again:  # restart: the counter goes on where it was
        for token in setup["clerks"][:3]:
            status, body = again.request("POST", "/api/dossiers/", _body(setup), token)
            assert status == 201, body
            acknowledged.append(body["code"])
    state = _run_helper(live_env, "check", setup["agency"])
    stored = state["codes"]
    assert len(acknowledged) == len(set(acknowledged))
    assert set(acknowledged) <= set(stored)  # every acknowledged dossier is there …
    assert len(stored) == len(set(stored))  # … exactly once
    _assert_consecutive(stored, state["entries"])  # a lost transaction gave its number back
    assert state["bad_heads"] == []
    assert state["audit_problems"] == []
    done = _motcua(live_env, "audit", "verify", "--quiet")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "toàn vẹn" in done.stdout


def test_sixteen_clerks_of_one_agency_receive_at_once(live_env):
    setup = _run_helper(live_env, "setup", "sixteen", "99902", "16")
    each = 5
    codes: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(16)

    with _server(live_env, workers=4) as server:
        def clerk(token: str) -> None:
            try:
                barrier.wait(timeout=30)
            except threading.BrokenBarrierError:
                errors.append("barrier broken")
                return
            for _ in range(each):
                try:
                    status, body = server.request("POST", "/api/dossiers/", _body(setup), token)
                except Exception as exc:  # noqa: BLE001 - reported below
                    status, body = 0, repr(exc)
                with lock:
                    if status == 201:
                        codes.append(body["code"])
                    else:
                        errors.append(f"{status} {str(body)[:300]}")

        threads = [threading.Thread(target=clerk, args=(t,)) for t in setup["clerks"]]
        began = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not any(t.is_alive() for t in threads), "a clerk is still waiting: deadlock?"
        assert time.monotonic() - began < 60
    assert errors == []
    assert len(codes) == 16 * each
    state = _run_helper(live_env, "check", setup["agency"])
    assert sorted(state["codes"]) == sorted(codes)
    _assert_consecutive(codes, state["entries"])
    assert max(state["sequences"].values()) == 16 * each
    assert state["bad_heads"] == [] and state["audit_problems"] == []


def _error(status: int, body: Any, expected_status: int, code: str) -> None:
    assert status == expected_status, (status, body)
    error = body["error"]
    assert error["code"] == code, body
    assert any(ch in error["message"].lower() for ch in VIETNAMESE), error["message"]


def test_bad_input_through_the_server_changes_nothing(live_env):
    setup = _run_helper(live_env, "setup", "bad", "99903", "1")
    clerk, spec, lead = setup["clerks"][0], setup["specialist"], setup["leader"]
    with _server(live_env) as server:
        status, body = server.request("POST", "/api/dossiers/", _body(setup), clerk)
        assert status == 201, body
        code = body["code"]
        url = f"/api/dossiers/{code}/actions/"
        for action, token, payload in (("assign", clerk, {"handler": setup["specialist_name"]}),
                                       ("start", spec, {})):
            status, body = server.request("POST", url + action, payload, token)
            assert status == 200, body
        version = body["version"]
        before = _run_helper(live_env, "counts")
        cases = [
            ("POST", "/api/dossiers/", _body(setup, procedure_code="9.999999"), clerk, 400,
             "procedure.unknown"),
            ("POST", "/api/dossiers/", _body(setup, applicant_personal_id="999990001234"),
             clerk, 400, "personal_id.invalid"),
            ("POST", "/api/dossiers/", _body(setup, applicant_personal_id="0120900012"),
             clerk, 400, "personal_id.invalid"),
            ("POST", "/api/dossiers/", _body(setup, documents=[]), clerk, 400,
             "dossier.incomplete"),
            ("POST", url + "return_result", {"collected_by": "Lò Văn Tải"}, clerk, 409,
             "dossier.invalid_state"),
            ("POST", url + "approve", {}, lead, 409, "dossier.invalid_state"),
            ("POST", url + "submit_for_signature", {"expected_version": version - 1}, spec,
             409, "dossier.stale"),
            ("POST", url + "request_supplement", {"missing_items": ["  "]}, spec, 400,
             "dossier.invalid_data"),
            ("POST", url + "stop", {"reason": "Thử"}, spec, 403, "dossier.forbidden"),
            ("POST", url + "start", {}, spec, 409, "dossier.invalid_state"),
        ]
        for method, path, payload, token, expected, error_code in cases:
            status, body = server.request(method, path, payload, token)
            _error(status, body, expected, error_code)
        after = _run_helper(live_env, "counts")
        assert after == before  # rows, events, sequences and every dossier's head
        # A refused intake gives no number away: the next one takes the next number.
        status, body = server.request("POST", "/api/dossiers/", _body(setup), clerk)
        assert status == 201 and body["code"].endswith("-0002"), body


if __name__ == "__main__":
    _helper(sys.argv[1:])
