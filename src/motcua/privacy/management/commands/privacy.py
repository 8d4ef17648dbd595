"""`motcua privacy accesses SỐ_ĐỊNH_DANH [--format csv]`: who accessed a person's data;
`motcua privacy purge [--dry-run]`: delete or blank what is kept past its retention period;
`motcua privacy retention`: the periods in force."""

from __future__ import annotations

import csv

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.errors import InvalidInput
from motcua.privacy import conf, selectors, services
from motcua.privacy.domain import RETENTION_LABELS, format_duration

CSV_COLUMNS = ["thoi_diem", "thao_tac", "ma_ho_so", "ma_xa", "can_bo", "ten_can_bo", "ly_do",
               "dia_chi_ip"]


def _local(moment) -> str:  # type: ignore[no-untyped-def]
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M:%S")


class Command(BaseCommand):
    help = "Bảo vệ dữ liệu cá nhân: nhật ký truy cập theo người, xóa dữ liệu hết hạn lưu trữ."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="action", required=True)
        acc = sub.add_parser("accesses", help="Các lượt truy cập hồ sơ của một người.")
        acc.add_argument("personal_id", help="Số định danh cá nhân (hoặc số giấy tờ).")
        acc.add_argument("--format", choices=["text", "csv"], default="text")
        purge = sub.add_parser("purge", help="Xóa/ẩn dữ liệu đã hết thời hạn lưu trữ.")
        purge.add_argument("--dry-run", action="store_true",
                           help="Chỉ đếm, không xóa gì.")
        purge.add_argument("--quiet", action="store_true", help="Không hiện thanh tiến độ.")
        sub.add_parser("retention", help="Thời hạn lưu trữ đang áp dụng.")

    def handle(self, *args, action: str, **options):  # type: ignore[no-untyped-def]
        try:
            getattr(self, f"_{action}")(**options)
        except InvalidInput as exc:
            raise CommandError(exc.message) from None

    def _accesses(self, *, personal_id: str, format: str, **_):  # type: ignore[no-untyped-def]
        rows = selectors.accesses_for(personal_id).iterator(chunk_size=1000)
        if format == "csv":
            writer = csv.writer(self.stdout)
            writer.writerow(CSV_COLUMNS)
            for r in rows:
                writer.writerow([timezone.localtime(r.at).isoformat(), r.action, r.dossier_code,
                                 r.commune_code, r.official_username, r.official_name,
                                 r.reason, r.ip or ""])
            return
        count = 0
        for r in rows:
            count += 1
            self.stdout.write("\t".join([_local(r.at), r.action_label, r.dossier_code or "-",
                                         r.commune_code or "-", r.official_username,
                                         r.official_name, r.reason, r.ip or ""]))
        self.stdout.write(f"Tổng cộng {count} lượt truy cập.")

    def _retention(self, **_):  # type: ignore[no-untyped-def]
        for kind, duration in conf.retention().items():
            self.stdout.write(f"{kind.value}\t{format_duration(duration)}\t"
                              f"{RETENTION_LABELS[kind]}")
        self.stdout.write("Hồ sơ và nhật ký hồ sơ (sự kiện) là tài liệu lưu trữ: không xóa "
                          "tự động (xem docs/privacy.md).")

    def _purge(self, *, dry_run: bool, quiet: bool, **_):  # type: ignore[no-untyped-def]
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        policy = conf.retention()
        # Counted first so that the bar knows its length.
        expected = {} if dry_run else {
            r.kind: r.count for r in services.purge(dry_run=True, policy=policy)}
        console = Console(file=self.stderr, force_terminal=False)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      console=console, disable=quiet or dry_run) as progress:
            tasks = {kind: progress.add_task(RETENTION_LABELS[kind],
                                             total=expected.get(kind) or 0)
                     for kind in policy}

            def advance(kind, n):  # type: ignore[no-untyped-def]
                progress.update(tasks[kind], advance=n)

            results = services.purge(dry_run=dry_run, policy=policy, progress=advance)
        verb = "sẽ xóa/ẩn" if dry_run else "đã xóa/ẩn"
        for r in results:
            if r.duration is None:
                self.stdout.write(f"{r.kind.value}: giữ mãi (không xóa).")
                continue
            self.stdout.write(f"{r.kind.value}: {verb} {r.count} "
                              f"(cũ hơn {format_duration(r.duration)}, trước "
                              f"{_local(r.cutoff)}).")
        total = sum(r.count for r in results)
        self.stdout.write(f"Tổng cộng {verb} {total} bản ghi."
                          + (" (chạy thử, chưa xóa gì)" if dry_run else ""))
