"""HTTP benches: a production server (gunicorn) on loopback and a closed-loop load
generator (threads, ``http.client``), with the server's own time per request read from
gunicorn's access log (``%(D)s``: microseconds spent in the worker, queueing excluded).
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def python_bin() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    access_log: Path

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the server's processes (its process
        group): the cost of the requests, whatever else the machine is doing."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.process.pid:  # pgrp
                total += int(fields[11]) + int(fields[12])
        return total / tick

    def log_position(self) -> int:
        return self.access_log.stat().st_size if self.access_log.exists() else 0

    def server_times(self, since: int, prefix: str) -> list[float]:
        """Seconds spent in the worker for each request logged after ``since`` whose
        "METHOD /path" starts with ``prefix``."""
        times = []
        with self.access_log.open("rb") as f:
            f.seek(since)
            for line in f.read().decode("utf-8", "replace").splitlines():
                parts = line.split()
                if len(parts) == 4 and f"{parts[0]} {parts[1]}".startswith(prefix):
                    times.append(int(parts[3]) / 1e6)
        return times


@contextmanager
def gunicorn(env: dict[str, str], workdir: Path, *, workers: int, worker_class: str,
             threads: int) -> Iterator[Server]:
    """gunicorn serving motcua on 127.0.0.1 (a free port), stopped on exit."""
    port = free_port()
    log = workdir / f"access-{port}.log"
    args = [python_bin(), "-m", "gunicorn", "motcua.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
            "--worker-class", worker_class, "--threads", str(threads),
            "--backlog", "2048", "--timeout", "120", "--keep-alive", "30",
            "--access-logfile", str(log), "--access-logformat", "%(m)s %(U)s %(s)s %(D)s",
            "--error-logfile", str(workdir / f"error-{port}.log")]
    process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    server = Server(port, process, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                error = (workdir / f"error-{port}.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"gunicorn did not start:\n{error}")
            time.sleep(0.2)
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


# A request: (method, path, body or None, headers); the factory gets the client's index
# and its running request number.
Request = tuple[str, str, bytes | None, dict[str, str]]


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    server: list[float] = field(default_factory=list)
    cpu: float = 0.0  # server CPU seconds used during the measured run

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @staticmethod
    def _pct(values: list[float], q: float) -> float:
        if not values:
            return float("nan")
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def pct(self, q: float) -> float:
        return self._pct(self.latencies, q)

    def server_pct(self, q: float) -> float:
        return self._pct(self.server, q)

    def line(self) -> str:
        ms = 1000
        ok = ", ".join(f"{k}×{v}" for k, v in sorted(self.statuses.items()))
        text = (f"{self.name}: {self.throughput:,.0f} req/s | client p50/p95/p99 "
                f"{self.pct(.5) * ms:.1f}/{self.pct(.95) * ms:.1f}/{self.pct(.99) * ms:.1f} ms")
        if self.server:
            text += (f" | server p50/p95/p99 {self.server_pct(.5) * ms:.1f}/"
                     f"{self.server_pct(.95) * ms:.1f}/{self.server_pct(.99) * ms:.1f} ms")
        if self.cpu and self.latencies:
            text += f" | server CPU {self.cpu / len(self.latencies) * ms:.1f} ms/req"
        text += f" | {len(self.latencies)} requests ({ok})"
        if self.errors:
            text += f" | {len(self.errors)} errors, e.g. {self.errors[0][:120]}"
        return text


def load(port: int, name: str, make: Callable[[int, int], Request], *, clients: int,
         seconds: float, max_requests: int, expect: tuple[int, ...] = (200,)) -> Result:
    """``clients`` threads, each sending requests back to back on its own keep-alive
    connection for ``seconds`` (or until ``max_requests`` in all)."""
    result = Result(name)
    lock = threading.Lock()
    start_barrier = threading.Barrier(clients + 1)
    stop_at = [0.0]
    counter = [0]

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        statuses: dict[int, int] = {}
        errors: list[str] = []
        n = 0
        start_barrier.wait()
        while time.perf_counter() < stop_at[0]:
            with lock:
                if counter[0] >= max_requests:
                    break
                counter[0] += 1
            method, path, body, headers = make(index, n)
            n += 1
            began = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                if response.getheader("connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            mine.append(time.perf_counter() - began)
            statuses[response.status] = statuses.get(response.status, 0) + 1
            if response.status not in expect and len(errors) < 5:
                errors.append(f"{response.status} {data[:200]!r}")
        conn.close()
        with lock:
            result.latencies.extend(mine)
            for k, v in statuses.items():
                result.statuses[k] = result.statuses.get(k, 0) + v
            result.errors.extend(errors)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    stop_at[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start_barrier.wait()
    for t in threads:
        t.join(seconds + 120)
    result.seconds = time.perf_counter() - began
    return result


def json_body(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
