"""``motcua backup DIR``: a consistent copy of the database and the stored files, with a
manifest of checksums, written atomically into DIR (which must not exist or be empty).

    motcua backup /srv/backup/motcua-$(date +%Y%m%d-%H%M)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.backup.create import BackupError, create_backup
from motcua.backup.progress import Bars, Silent


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


class Command(BaseCommand):
    help = ("Sao lưu cơ sở dữ liệu (nhất quán khi hệ thống đang chạy) và kho tệp đính kèm "
            "vào thư mục DIR, kèm bản kê mã băm SHA-256.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", help="Thư mục đích: chưa có, hoặc có nhưng trống.")
        parser.add_argument("--quiet", action="store_true", help="Không hiện thanh tiến độ.")

    def handle(self, *args: Any, **options: Any) -> None:
        show = not options["quiet"] and options["verbosity"] > 0 and sys.stderr.isatty()
        reporter = Bars(self.stderr.write) if show else Silent()
        try:
            manifest = create_backup(Path(options["dir"]), reporter)
        except BackupError as exc:
            for line in exc.lines:
                self.stderr.write(f"  - {line}")
            raise CommandError(exc.message) from exc
        db_size = manifest.files[manifest.database_file].size
        stored = len(manifest.files) - 1
        stored_size = sum(e.size for n, e in manifest.files.items()
                          if n != manifest.database_file)
        counts = ", ".join(f"{k} {v}" for k, v in manifest.counts.items())
        self.stdout.write(
            f"Đã sao lưu vào {Path(options['dir']).absolute()}: cơ sở dữ liệu "
            f"{manifest.engine} {_size(db_size)}, {stored} tệp ({_size(stored_size)}). "
            f"Số dòng: {counts}.")
