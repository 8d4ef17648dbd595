"""`motcua worker`: deliveries queued in the database are sent by the worker process."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "serving_notification_fixtures", Path(__file__).parents[1] / "notifications" / "conftest.py"
)


def _smtp_server_class():
    # The notification tests' real SMTP server (aiosmtpd), reused as is.
    from aiosmtpd.controller import Controller  # noqa: F401  (import check)

    assert _spec is not None and _spec.loader is not None
    module = importlib.util.module_from_spec(_spec)
    sys.modules[_spec.name] = module
    _spec.loader.exec_module(module)
    return module.SmtpServer


def _task_rows(env: dict[str, str]) -> list[tuple[str, str]]:
    script = ("import django; django.setup()\n"
              "from django_tasks_db.models import DBTaskResult\n"
              "for r in DBTaskResult.objects.order_by('enqueued_at'):\n"
              "    print(r.task_path, r.status)\n")
    out = subprocess.run([sys.executable, "-c", script], env=env, check=True,
                         capture_output=True, text=True, timeout=60).stdout
    return [tuple(line.split()) for line in out.splitlines() if line.strip()]  # type: ignore[misc]


def test_a_delivery_queued_in_the_database_is_sent_by_the_worker(live_env, helpers):
    smtp = _smtp_server_class()(helpers.free_port())
    smtp.start()
    try:
        env = {**live_env, "MOTCUA_TASKS_BACKEND": "database",
               "MOTCUA_EMAIL_HOST": "127.0.0.1", "MOTCUA_EMAIL_PORT": str(smtp.port),
               "MOTCUA_EMAIL_FROM": "Một cửa Bình Lư <motcua@binhlu.example>",
               "MOTCUA_EMAIL_TIMEOUT": "5"}
        received = subprocess.run(
            [sys.executable, str(Path(__file__).with_name("live_enqueue.py")),
             "lo.van.minh@example.vn"],
            env=env, check=True, capture_output=True, text=True, timeout=120)
        code = received.stdout.strip().splitlines()[-1]
        # Queued, not sent: the web process did not talk to the SMTP server.
        assert smtp.received == []
        assert _task_rows(env) == [
            ("motcua.notifications.tasks.deliver_notification", "READY")]

        worker = subprocess.run(helpers.motcua("worker", "--batch", "--no-startup-delay"), env=env,
                                capture_output=True, text=True, timeout=120)
        assert worker.returncode == 0, worker.stderr

        assert len(smtp.received) == 1
        message = smtp.received[0]
        assert message["X-Envelope-To"] == "lo.van.minh@example.vn"
        assert code in message.get_body(preferencelist=("plain",)).get_content()
        assert _task_rows(env) == [
            ("motcua.notifications.tasks.deliver_notification", "SUCCESSFUL")]
    finally:
        smtp.stop()


def test_the_worker_refuses_to_start_when_tasks_run_in_the_web_process(live_env, helpers):
    env = {**live_env, "MOTCUA_TASKS_BACKEND": "immediate"}
    result = subprocess.run(helpers.motcua("worker", "--batch"), env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert "MOTCUA_TASKS_BACKEND=database" in result.stderr


@pytest.mark.parametrize("value", ["redis", "celery"])
def test_an_unknown_tasks_backend_stops_the_start(live_env, helpers, value):
    env = {**live_env, "MOTCUA_TASKS_BACKEND": value}
    result = subprocess.run(helpers.motcua("check"), env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert f"không phải «{value}»" in result.stderr
