"""`motcua serve`: the application under gunicorn, configured from MOTCUA_* variables.

The command prepares (optional checks, collectstatic, the metrics folder) and then
replaces itself with gunicorn, so that the process systemd watches is gunicorn's master:
SIGTERM stops it gracefully (requests in flight finish), SIGHUP reloads the workers.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

MAX_DEFAULT_WORKERS = 8


def default_workers() -> int:
    """2 × cores + 1 (gunicorn's advice for sync workers), at most 8: each worker holds
    the application (≈ 100 MB) and a database connection."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(2 * cores + 1, MAX_DEFAULT_WORKERS)


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise CommandError(f"{name} phải là một số nguyên, không phải «{value}».") from None


def prepare_metrics_dir(wanted: str) -> str:
    """The folder where the workers keep their metric values (``PROMETHEUS_MULTIPROC_DIR``,
    default ``<MOTCUA_VAR_DIR>/metrics``), emptied at each start as prometheus_client
    requires: files of an earlier run would add its counts to this one's."""
    candidates = [Path(wanted)] if wanted else [Path(settings.VAR_DIR) / "metrics"]
    for path in candidates:
        try:
            path.mkdir(parents=True, exist_ok=True)
            for stale in path.glob("*.db"):
                stale.unlink()
            return str(path)
        except OSError:
            if wanted:
                raise CommandError(f"Không dùng được thư mục số liệu {path}.") from None
    # A read-only installation folder: a private temporary one.
    return tempfile.mkdtemp(prefix="motcua-metrics-")


class Command(BaseCommand):
    help = "Chạy ứng dụng trong môi trường sản xuất (gunicorn)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("MOTCUA_BIND", "127.0.0.1:8000"),
                            help="địa chỉ:cổng hoặc unix:/đường/dẫn (MOTCUA_BIND)")
        parser.add_argument("--workers", type=int, default=None,
                            help="số tiến trình (MOTCUA_WORKERS; mặc định 2 × số lõi + 1, tối đa 8)")
        parser.add_argument("--threads", type=int, default=None,
                            help="số luồng mỗi tiến trình (MOTCUA_THREADS, mặc định 1)")
        parser.add_argument("--timeout", type=int, default=None,
                            help="giây tối đa cho một yêu cầu (MOTCUA_TIMEOUT, mặc định 60)")
        parser.add_argument("--check", action="store_true",
                            help="kiểm tra cấu hình trước (check --deploy khi MOTCUA_ENV=production)")
        parser.add_argument("--collectstatic", action="store_true",
                            help="chạy collectstatic trước khi phục vụ")
        parser.add_argument("--dry-run", action="store_true",
                            help="in lệnh gunicorn rồi thoát")

    def handle(self, *args: Any, **options: Any) -> None:
        production = bool(getattr(settings, "MOTCUA_PRODUCTION", False))
        if options["check"]:
            # Raises SystemCheckError (exit status 1): nothing starts. In production every
            # deployment warning counts (they are all about security).
            call_command("check", deploy=production,
                         fail_level="WARNING" if production else "ERROR")
        if options["collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        elif production and not any(Path(settings.STATIC_ROOT).iterdir()):
            self.stderr.write(
                f"Nhắc: thư mục tệp tĩnh {settings.STATIC_ROOT} còn trống; hãy chạy "
                "`motcua collectstatic --noinput` (hoặc `motcua serve --collectstatic`).")

        workers = options["workers"] or _env_int("MOTCUA_WORKERS", default_workers())
        threads = options["threads"] or _env_int("MOTCUA_THREADS", 1)
        timeout = options["timeout"] or _env_int("MOTCUA_TIMEOUT", 60)
        if workers < 1 or threads < 1 or timeout < 1:
            raise CommandError("Số tiến trình, số luồng và thời gian chờ phải lớn hơn 0.")

        env = dict(os.environ)
        env.setdefault("MOTCUA_ACCESS_LOG", "1")
        env["MOTCUA_LOG_FORMAT"] = settings.MOTCUA_LOG_FORMAT
        env["PROMETHEUS_MULTIPROC_DIR"] = prepare_metrics_dir(
            os.environ.get("PROMETHEUS_MULTIPROC_DIR", ""))
        argv = [
            sys.executable, "-m", "gunicorn", "motcua.wsgi:application",
            "--config", "python:motcua.serving.gunicorn_conf",
            "--bind", options["bind"],
            "--workers", str(workers),
            "--timeout", str(timeout),
            "--graceful-timeout", str(_env_int("MOTCUA_GRACEFUL_TIMEOUT", 30)),
            # A worker is replaced after this many requests (and a random part more, so
            # that they do not all restart together): bounds any slow leak.
            "--max-requests", str(_env_int("MOTCUA_MAX_REQUESTS", 5000)),
            "--max-requests-jitter", str(_env_int("MOTCUA_MAX_REQUESTS_JITTER", 500)),
            "--forwarded-allow-ips", os.environ.get("MOTCUA_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
            "--no-control-socket",
            "--error-logfile", "-",
        ]
        if threads > 1:
            argv += ["--worker-class", "gthread", "--threads", str(threads)]
        if options["dry_run"]:
            self.stdout.write(" ".join(argv))
            return
        self.stderr.write(f"motcua: gunicorn trên {options['bind']}, {workers} tiến trình × "
                          f"{threads} luồng")
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(sys.executable, argv, env)
