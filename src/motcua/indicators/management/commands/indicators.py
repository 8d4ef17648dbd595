"""`motcua indicators rebuild|check`: the rollups behind the dashboards and reports."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from motcua.errors import MotcuaError


class Command(BaseCommand):
    help = "Số liệu tổng hợp của trang chỉ số: tính lại (rebuild) hoặc đối chiếu (check)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="Tính lại số liệu tổng hợp từ bảng hồ sơ.")
        rebuild.add_argument("--province", default="", help="Chỉ tỉnh mã này (mặc định: tất cả).")
        rebuild.add_argument("--quiet", action="store_true", help="Không hiện thanh tiến trình.")
        check = sub.add_parser("check", help="Đếm lại trực tiếp từ bảng hồ sơ và so sánh; "
                               "mã thoát 1 nếu có chênh lệch.")
        check.add_argument("--province", default="", help="Chỉ tỉnh mã này.")
        check.add_argument("--limit", type=int, default=50, help="Số dòng chênh lệch in ra.")

    def handle(self, *args, action: str, **options):
        try:
            if action == "rebuild":
                self._rebuild(options)
            else:
                self._check(options)
        except MotcuaError as exc:
            raise CommandError(exc.message) from exc

    def _rebuild(self, options) -> None:
        from motcua.indicators.rollups import rebuild

        started = time.perf_counter()
        if options["quiet"] or options["verbosity"] == 0:
            result = rebuild(options["province"] or None)
        else:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            columns = (TextColumn("[bold]{task.description}"), BarColumn(), TaskProgressColumn(),
                       MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn())
            with Progress(*columns, console=Console(file=sys.stderr), transient=True) as bar:
                task = bar.add_task("Tính lại số liệu tổng hợp", total=None)

                def advance(done: int, total: int, commune: str) -> None:
                    bar.update(task, completed=done, total=total, description=f"Xã {commune}")

                result = rebuild(options["province"] or None, progress=advance)
        seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
        rows = ", ".join(f"{n} dòng {name}" for name, n in result.rows.items())
        self.stdout.write(f"Đã tính lại số liệu tổng hợp của {result.communes} xã, phường "
                          f"({rows}) trong {seconds} giây.")

    def _check(self, options) -> None:
        from motcua.indicators.rollups import check

        differences = check(options["province"] or None)
        if not differences:
            self.stdout.write("Số liệu tổng hợp khớp với bảng hồ sơ.")
            return
        for d in differences[: options["limit"]]:
            self.stderr.write(d.describe())
        if len(differences) > options["limit"]:
            self.stderr.write(f"… và {len(differences) - options['limit']} chênh lệch khác.")
        self.stderr.write(f"Có {len(differences)} chênh lệch giữa số liệu tổng hợp và bảng hồ "
                          "sơ; chạy «motcua indicators rebuild» để tính lại.")
        sys.exit(1)
