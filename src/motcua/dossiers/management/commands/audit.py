"""``motcua audit verify [--dossier CODE]``: recompute the hash chains of the dossiers'
audit trails and report every broken link. Exit code 1 when one is found.

    motcua audit verify
    motcua audit verify --dossier 000.04.03390.H12-260213-0001
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.dossiers import audit
from motcua.errors import MotcuaError

# Below this many dossiers the check takes well under a second: no bar.
PROGRESS_FROM = 1000


@contextmanager
def _bar(total: int, enabled: bool) -> Iterator[Any]:
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("Kiểm tra chuỗi nhật ký"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task("audit", total=total)
        yield lambda n: bar.update(task, advance=n)


class Command(BaseCommand):
    help = "Nhật ký hồ sơ: kiểm tra tính toàn vẹn của chuỗi băm."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="{verify}")
        sub.required = True
        verify = sub.add_parser(
            "verify", help="Tính lại chuỗi băm của mọi hồ sơ, báo các liên kết hỏng.",
            description="Tính lại chuỗi băm nhật ký của mọi hồ sơ (hoặc một hồ sơ) và báo "
            "từng liên kết hỏng: mã hồ sơ, số thứ tự sự kiện, lý do. Mã thoát 1 nếu có lỗi.")
        verify.add_argument("--dossier", "-d", help="Chỉ kiểm tra hồ sơ mã này.")
        verify.add_argument("--quiet", action="store_true", help="Không hiện thanh tiến độ.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self._verify(options)
        except MotcuaError as exc:
            raise CommandError(exc.message) from exc

    def _verify(self, options: dict[str, Any]) -> None:
        code = options.get("dossier")
        total = audit.count_dossiers(code)
        show = (not options["quiet"] and options["verbosity"] > 0 and total >= PROGRESS_FROM)
        with _bar(total, show) as advance:
            report = audit.verify(code, progress=advance)
        problems = report.problems or []
        for p in problems:
            self.stdout.write(f"{p.code}\t{p.seq}\t{p.kind}\t{p.message}")
        summary = f"Đã kiểm tra {report.dossiers} hồ sơ, {report.events} sự kiện."
        if problems:
            self.stdout.write(summary)
            raise CommandError(
                f"Chuỗi nhật ký bị phá vỡ: {len(problems)} liên kết hỏng ở "
                f"{report.broken_dossiers} hồ sơ."
            )
        self.stdout.write(f"{summary} Chuỗi nhật ký toàn vẹn.")
