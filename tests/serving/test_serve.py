"""`motcua serve`: gunicorn with several workers, probes, metrics summed over workers,
JSON logs with the request id, graceful stop on SIGTERM."""

from __future__ import annotations

import json
import signal
import subprocess
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

HEALTHZ = frozenset({("view", "web:healthz"), ("method", "GET"), ("status", "200")})


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def _start(helpers: Any, env: dict[str, str], *args: str) -> tuple[subprocess.Popen[str], str]:
    port = helpers.free_port()
    proc = subprocess.Popen(helpers.motcua("serve", *args),
                            env={**env, "MOTCUA_BIND": f"127.0.0.1:{port}"},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        helpers.wait_for(base + "/healthz", proc=proc)
    except AssertionError:
        proc.kill()
        out, err = proc.communicate(timeout=10)
        raise AssertionError(f"serve did not start:\n{out}\n{err}") from None
    return proc, base


def _stop(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    proc.send_signal(signal.SIGTERM)
    try:
        out, err = proc.communicate(timeout=40)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError("serve did not stop within 40 s of SIGTERM") from None
    return proc.returncode, out, err


def _samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def test_serve_answers_with_two_workers_and_stops_gracefully(live_env, helpers):
    env = {**live_env, "MOTCUA_WORKERS": "2", "MOTCUA_LOG_FORMAT": "json",
           "MOTCUA_METRICS_TOKEN": "bi-mat-giam-sat"}
    proc, base = _start(helpers, env)
    try:
        status, headers, body = _get(base + "/", {"X-Request-ID": "trace-0123456789"})
        assert status == 200 and "Một cửa".encode() in body
        assert headers["X-Request-ID"] == "trace-0123456789"
        before = _samples(_get(base + "/metrics")[2].decode()).get(
            ("motcua_http_requests_total", HEALTHZ), 0.0)
        # Concurrent requests: a sync worker answers one at a time, so both answer some.
        with ThreadPoolExecutor(max_workers=6) as pool:
            answers = list(pool.map(lambda _: _get(base + "/healthz")[0], range(30)))
        assert answers == [200] * 30
        status, _, body = _get(base + "/readyz")
        assert status == 200 and json.loads(body)["status"] == "ready"

        status, headers, body = _get(base + "/metrics")
        assert status == 200 and headers["Content-Type"].startswith("text/plain")
        samples = _samples(body.decode())
        # Summed over the workers: every one of the 30 health checks is counted.
        assert samples[("motcua_http_requests_total", HEALTHZ)] == before + 30
        home = frozenset({("view", "web:home"), ("method", "GET")})
        assert samples[("motcua_http_request_duration_seconds_count", home)] == 1.0
        assert ("motcua_dossiers_overdue", frozenset()) in samples

        # Through a proxy the address says nothing: the token is needed.
        assert _get(base + "/metrics", {"X-Forwarded-For": "203.0.113.9"})[0] == 403
        assert _get(base + "/metrics", {"X-Forwarded-For": "203.0.113.9",
                                        "Authorization": "Bearer bi-mat-giam-sat"})[0] == 200
    finally:
        code, out, err = _stop(proc)
    assert code == 0, err
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    home_lines = [x for x in lines if x.get("logger") == "motcua.access" and x["path"] == "/"]
    assert len(home_lines) == 1
    assert home_lines[0]["request_id"] == "trace-0123456789"
    assert home_lines[0]["status"] == 200 and home_lines[0]["method"] == "GET"
    assert home_lines[0]["view"] == "web:home" and home_lines[0]["duration_ms"] > 0
    workers = {x["message"] for x in lines if x.get("logger") == "gunicorn.error"
               and x["message"].startswith("Booting worker")}
    assert len(workers) == 2
    # Both workers answered health checks, so the sum above really added two processes.
    assert len({x["process"] for x in lines if x.get("logger") == "motcua.access"
                and x["path"] == "/healthz"}) == 2
    assert any("Shutting down" in x["message"] for x in lines if x.get("logger") == "gunicorn.error")


def test_readyz_says_in_vietnamese_that_the_database_is_down(live_env, helpers):
    # A PostgreSQL address where nothing listens: the process lives, the database does not.
    env = {**live_env, "MOTCUA_WORKERS": "1",
           "MOTCUA_DATABASE_URL": f"postgres://motcua@127.0.0.1:{helpers.free_port()}/motcua"}
    proc, base = _start(helpers, env)
    try:
        status, headers, body = _get(base + "/readyz")
        assert status == 503
        answer = json.loads(body)
        assert answer["status"] == "not_ready" and answer["checks"]["database"]["ok"] is False
        assert "cơ sở dữ liệu" in answer["message"]
        assert answer["checks"]["cache"]["ok"] is True
        assert headers["Content-Type"] == "application/json"
    finally:
        code, _, err = _stop(proc)
    assert code == 0, err


def test_check_refuses_to_serve_an_unsafe_production_configuration(live_env, helpers):
    env = {**live_env, "MOTCUA_ENV": "production", "MOTCUA_DEBUG": "1",
           "MOTCUA_SECRET_KEY": "k" * 20 + "Zq8-vN3_pL0xR7tY2wE5uI9oA4sD6fG1hJ",
           "MOTCUA_BIND": f"127.0.0.1:{helpers.free_port()}"}
    result = subprocess.run(helpers.motcua("serve", "--check"), env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode != 0
    assert "security.W018" in result.stderr or "DEBUG" in result.stderr  # never served


def test_dry_run_shows_the_gunicorn_command_from_the_environment(live_env, helpers):
    env = {**live_env, "MOTCUA_WORKERS": "3", "MOTCUA_THREADS": "4", "MOTCUA_TIMEOUT": "90",
           "MOTCUA_BIND": "unix:/run/motcua/motcua.sock"}
    result = subprocess.run(helpers.motcua("serve", "--dry-run"), env=env, capture_output=True,
                            text=True, timeout=60, check=True)
    argv = result.stdout.split()
    assert argv[argv.index("--bind") + 1] == "unix:/run/motcua/motcua.sock"
    assert argv[argv.index("--workers") + 1] == "3"
    assert argv[argv.index("--threads") + 1] == "4"
    assert argv[argv.index("--worker-class") + 1] == "gthread"
    assert argv[argv.index("--timeout") + 1] == "90"


def test_a_production_start_with_no_static_files_reminds_of_collectstatic(live_env, helpers,
                                                                         tmp_path):
    # (`--collectstatic` itself is Django's command with WhiteNoise's compression: about
    # 45 s here, so it is not run in the suite.)
    env = {**live_env, "MOTCUA_ENV": "production",
           "MOTCUA_SECRET_KEY": "k" * 20 + "Zq8-vN3_pL0xR7tY2wE5uI9oA4sD6fG1hJ",
           "MOTCUA_STATIC_ROOT": str(tmp_path / "static")}
    result = subprocess.run(helpers.motcua("serve", "--dry-run"), env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "motcua collectstatic --noinput" in result.stderr
    (tmp_path / "static" / "app.css").write_text("body{}")
    again = subprocess.run(helpers.motcua("serve", "--dry-run"), env=env, capture_output=True,
                           text=True, timeout=60)
    assert again.returncode == 0 and "collectstatic" not in again.stderr


def test_a_request_in_flight_when_sigterm_arrives_is_still_answered(live_env, helpers):
    import socket
    import time

    proc, base = _start(helpers, {**live_env, "MOTCUA_WORKERS": "1"})
    port = int(base.rsplit(":", 1)[1])
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=20) as conn:
            conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # not finished
            time.sleep(0.5)  # the worker has taken the connection and waits for the rest
            proc.send_signal(signal.SIGTERM)
            time.sleep(1.0)
            assert proc.poll() is None  # still running: it waits for the request
            conn.sendall(b"Connection: close\r\n\r\n")
            answer = b""
            while chunk := conn.recv(4096):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 200") and answer.endswith(b"ok")
    finally:
        code, _, err = _stop(proc)
    assert code == 0, err
