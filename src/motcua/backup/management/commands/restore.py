"""``motcua restore DIR``: check every checksum of a backup made by ``motcua backup``, then
restore the database and the stored files, migrate forward and prove the result (audit
chains intact, row counts as recorded). Exit code 1 on any refusal or failed check.

    motcua restore /srv/backup/motcua-20261206-0200
    motcua restore --check-only /srv/backup/motcua-20261206-0200   # the checksums only
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.backup.create import BackupError
from motcua.backup.progress import Bars, Silent
from motcua.backup.restore import read_manifest, restore_backup, verify_folder


class Command(BaseCommand):
    help = ("Khôi phục cơ sở dữ liệu và kho tệp từ một bản sao lưu (kiểm tra mã băm trước, "
            "kiểm tra chuỗi nhật ký và số dòng sau).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", help="Thư mục do «motcua backup» tạo.")
        parser.add_argument("--force", action="store_true",
                            help="Cho ghi đè cơ sở dữ liệu đã có dữ liệu và tệp khác nội dung.")
        parser.add_argument("--check-only", action="store_true",
                            help="Chỉ kiểm tra mã băm của bản sao lưu, không khôi phục.")
        parser.add_argument("--quiet", action="store_true", help="Không hiện thanh tiến độ.")

    def handle(self, *args: Any, **options: Any) -> None:
        show = not options["quiet"] and options["verbosity"] > 0 and sys.stderr.isatty()
        reporter = Bars(self.stderr.write) if show else Silent()
        source = Path(options["dir"])
        try:
            if options["check_only"]:
                manifest = read_manifest(source.absolute())
                verify_folder(source.absolute(), manifest, reporter)
                self.stdout.write(f"Bản sao lưu nguyên vẹn: {len(manifest.files)} tệp khớp "
                                  f"mã băm (tạo lúc {manifest.created_at}).")
                return
            report = restore_backup(source, force=options["force"], reporter=reporter)
        except BackupError as exc:
            for line in exc.lines:
                self.stderr.write(f"  - {line}")
            raise CommandError(exc.message) from exc
        m = report.manifest
        self.stdout.write(
            f"Đã khôi phục bản sao lưu lúc {m.created_at} (motcua {m.motcua_version}): "
            f"{report.files_written} tệp ghi mới, {report.files_same} tệp đã có sẵn; "
            f"{report.dossiers} hồ sơ, {report.events} sự kiện, chuỗi nhật ký toàn vẹn; "
            "số dòng khớp bản kê.")
