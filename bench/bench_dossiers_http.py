"""The dossier lifecycle under load, through a production server (issue 3, Performance).

Three figures, each beside the same run's baseline (``GET /healthz``: a trivial Django
view on the same gunicorn, same workers, same clients):

- intake through the API (``POST /api/dossiers/``: validation, code, deadline, events, one
  transaction) at 32 concurrent clients — target p95 ≤ 50 ms, throughput ≥ 40% of the
  baseline's;
- status lookup by code (``GET /api/dossiers/{code}/status``: state, promised date, step,
  handler) — p95 ≤ 20 ms, ≥ 60% of the baseline's throughput; the full detail
  (``GET /api/dossiers/{code}``: documents, pauses, attachments, allowed actions) is
  measured beside it for information;
- a clerk's worklists (``GET /api/dossiers/?kind=…``) — p95 ≤ 50 ms of server time.

The database holds ``BENCH_DOSSIERS`` dossiers (default 1,000,000; ``20000`` for a quick
run) made by ``motcua demo generate``'s generator, kept between runs (var/bench/ for
SQLite, database ``motcua_bench_<N>`` for PostgreSQL). ``BENCH_DB`` = sqlite, postgres or
both (default: both when PostgreSQL answers on ``MOTCUA_BENCH_PG``, else sqlite).

Other knobs: BENCH_SECONDS (15 per scenario), BENCH_CLIENTS (32), BENCH_WORKERS (4),
BENCH_WORKER_CLASS (sync), BENCH_THREADS (1). Latencies: "client" is what the load
generator saw (closed loop: includes the wait in the server's queue, so at saturation it is
about clients ÷ throughput); "server" is the time in the worker (gunicorn's %(D)s);
"server CPU" is the CPU time of gunicorn's processes per request (from /proc), which other
load on the machine hardly changes.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _http import ROOT, Result, gunicorn, json_body, load, python_bin  # noqa: E402

N = int(os.environ.get("BENCH_DOSSIERS", "1000000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "15"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "32"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
PG_URL = os.environ.get("MOTCUA_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
BENCH_DIR = ROOT / "var" / "bench"
KINDS = ("new", "due_soon", "overdue", "waiting_supplement", "result_ready", "all")
INTAKE_PROCEDURES = ("2.000815", "1.001193", "1.004873", "2.000635")


def _postgres_up() -> bool:
    try:
        import psycopg

        parts = urlsplit(PG_URL)
        with psycopg.connect(host=parts.hostname, port=parts.port or 5432,
                             user=parts.username or "postgres", dbname="postgres",
                             connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False


def _vendors() -> list[str]:
    wanted = os.environ.get("BENCH_DB", "").strip().lower()
    if wanted in ("sqlite", "postgres"):
        return [wanted]
    if wanted == "both" or not wanted:
        if _postgres_up():
            return ["sqlite", "postgres"]
        print("PostgreSQL not reachable at MOTCUA_BENCH_PG: SQLite only.", flush=True)
        return ["sqlite"]
    raise SystemExit(f"BENCH_DB={wanted!r}: use sqlite, postgres or both")


def _env(vendor: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("MOTCUA_DATABASE_URL", "DATABASE_URL", "MOTCUA_SQLITE_PATH")}
    env.update({"DJANGO_SETTINGS_MODULE": "motcua.settings",
                "MOTCUA_VAR_DIR": str(BENCH_DIR / "var"),
                "MOTCUA_MEDIA_ROOT": str(BENCH_DIR / "media"), "MOTCUA_DEBUG": "0"})
    if vendor == "sqlite":
        env["MOTCUA_SQLITE_PATH"] = str(BENCH_DIR / f"bench-{N}.sqlite3")
    else:
        import psycopg

        name = f"motcua_bench_{N}"
        parts = urlsplit(PG_URL)
        with psycopg.connect(host=parts.hostname, port=parts.port or 5432,
                             user=parts.username or "postgres", dbname="postgres",
                             autocommit=True) as admin:
            if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                 [name]).fetchone():
                admin.execute(f'CREATE DATABASE "{name}"')
        env["MOTCUA_DATABASE_URL"] = f"{PG_URL.rstrip('/')}/{name}"
    return env


def _prepare(vendor: str, env: dict[str, str]) -> dict:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    done = subprocess.run([python_bin(), str(ROOT / "bench" / "_dbsetup.py"), str(N)],
                          env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench database setup failed:\n{done.stderr[-3000:]}")
    info = json.loads(done.stdout.strip().splitlines()[-1])
    info["setup_seconds"] = time.perf_counter() - began
    return info


def _documents(env: dict[str, str]) -> dict[str, list[dict]]:
    script = (
        "import json,django;django.setup();"
        "from motcua.catalog.models import RequiredDocument as R;"
        f"codes={list(INTAKE_PROCEDURES)!r};out={{}}\n"
        "for d in R.objects.filter(procedure__code__in=codes,requirement='mandatory')"
        ".order_by('order','id'):\n"
        " out.setdefault(d.procedure.code,[]).append({'required_document_id':d.pk,"
        "'from_data_held':d.reusable_from_data,'scanned':not d.reusable_from_data})\n"
        "print(json.dumps(out))"
    )
    done = subprocess.run([python_bin(), "-c", script], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _scenario(server, name: str, prefix: str, make, *, expect=(200,), seconds=SECONDS,
              max_requests=10**9) -> Result:
    load(server.port, name + " (warm-up)", make, clients=min(CLIENTS, 8), seconds=2,
         max_requests=400, expect=expect)
    mark = server.log_position()
    cpu = server.cpu_seconds()
    result = load(server.port, name, make, clients=CLIENTS, seconds=seconds,
                  max_requests=max_requests, expect=expect)
    result.cpu = server.cpu_seconds() - cpu
    time.sleep(0.5)  # the access log line is written after the response
    result.server = server.server_times(mark, prefix)
    return result


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def _run(vendor: str) -> dict:
    env = _env(vendor)
    info = _prepare(vendor, env)
    print(f"[{vendor}] {info['dossiers']:,} dossiers, {info['events']:,} events"
          + (f" (generated in {info['generated_seconds']:.0f} s)" if info["generated_seconds"]
             else " (reused)") + f"; gunicorn {WORKERS} × {WORKER_CLASS}"
          + (f"/{THREADS} threads" if THREADS > 1 else "") + f", {CLIENTS} clients, "
          f"{SECONDS:.0f} s per scenario", flush=True)
    docs = _documents(env)
    tokens: dict[str, str] = info["tokens"]
    communes = sorted(tokens)
    codes: dict[str, list[str]] = info["codes"]

    def auth(index: int) -> tuple[str, dict[str, str]]:
        commune = communes[index % len(communes)]
        return commune, {"Authorization": f"Bearer {tokens[commune]}"}

    def baseline(index: int, n: int):
        return ("GET", "/healthz", None, {})

    def intake(index: int, n: int):
        _, headers = auth(index)
        rng = random.Random(index * 1_000_003 + n)
        procedure = INTAKE_PROCEDURES[n % len(INTAKE_PROCEDURES)]
        body = {
            "procedure_code": procedure, "applicant_name": "Lò Văn Bền",
            "applicant_personal_id": f"0120{rng.randint(60, 99)}{rng.randrange(10**6):06d}",
            "applicant_phone": "0912345678", "channel": "online",
            "documents": docs.get(procedure, []),
        }
        return ("POST", "/api/dossiers/", json_body(body),
                {**headers, "Content-Type": "application/json"})

    def lookup(index: int, n: int):
        commune, headers = auth(index)
        own = codes[commune]
        return ("GET", f"/api/dossiers/{own[n % len(own)]}/status", None, headers)

    def detail(index: int, n: int):
        commune, headers = auth(index)
        own = codes[commune]
        return ("GET", f"/api/dossiers/{own[n % len(own)]}", None, headers)

    def worklist(index: int, n: int):
        _, headers = auth(index)
        return ("GET", f"/api/dossiers/?kind={KINDS[(index + n) % len(KINDS)]}", None,
                headers)

    results = {}
    with gunicorn(env, BENCH_DIR, workers=WORKERS, worker_class=WORKER_CLASS,
                  threads=THREADS) as server:
        results["baseline"] = base = _scenario(server, "baseline GET /healthz", "GET /healthz",
                                               baseline)
        print("  " + base.line(), flush=True)
        for name, prefix, make, expect, p95, share in (
            ("intake POST /api/dossiers/", "POST /api/dossiers/", intake, (201,), 0.050, 0.40),
            ("lookup GET /api/dossiers/{code}/status", "GET /api/dossiers/", lookup, (200,),
             0.020, 0.60),
            ("detail GET /api/dossiers/{code}", "GET /api/dossiers/", detail, (200,), None,
             None),
            ("worklist GET /api/dossiers/?kind=", "GET /api/dossiers/", worklist, (200,),
             0.050, None),
        ):
            r = results[name.split()[0]] = _scenario(server, name, prefix, make, expect=expect)
            ratio = r.throughput / base.throughput if base.throughput else 0
            checks = [f"server p95 {r.server_pct(.95) * 1000:.1f} ms ≤ {p95 * 1000:.0f} ms: "
                      f"{_verdict(r.server_pct(.95) <= p95)}"] if p95 is not None else [
                      f"server p95 {r.server_pct(.95) * 1000:.1f} ms (for information)"]
            if share is not None:
                checks.append(f"throughput {ratio:.0%} of baseline ≥ {share:.0%}: "
                              f"{_verdict(ratio >= share)}")
            print("  " + r.line(), flush=True)
            print("    → " + "; ".join(checks), flush=True)
    for name, plan in info["plans"].items():
        print(f"  plan {name}: " + " / ".join(plan)[:300], flush=True)
    summary = {
        "vendor": vendor, "dossiers": info["dossiers"], "events": info["events"],
        "workers": WORKERS, "worker_class": WORKER_CLASS, "clients": CLIENTS,
        "generated_seconds": info["generated_seconds"],
        "scenarios": {k: {"rps": v.throughput, "client_p50": v.pct(.5),
                          "client_p95": v.pct(.95), "client_p99": v.pct(.99),
                          "server_p50": v.server_pct(.5), "server_p95": v.server_pct(.95),
                          "server_p99": v.server_pct(.99), "requests": len(v.latencies),
                          "server_cpu_per_request": v.cpu / max(1, len(v.latencies)),
                          "statuses": v.statuses, "errors": len(v.errors)}
                      for k, v in results.items()},
    }
    (BENCH_DIR / f"results-{vendor}-{N}.json").write_text(json.dumps(summary, indent=1))
    return summary


def main() -> None:
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        print("gunicorn is not installed (pip install gunicorn): HTTP benches skipped.")
        return
    for vendor in _vendors():
        _run(vendor)


if __name__ == "__main__":
    main()
