"""`motcua demo load`: the demo province, its catalog and calendar, and one official per role."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.errors import MotcuaError


class Command(BaseCommand):
    help = "Dữ liệu trình diễn: tỉnh mẫu, danh mục thủ tục, lịch làm việc, tài khoản cán bộ."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Nạp tỉnh mẫu (mặc định Lai Châu) và tài khoản mẫu.")
        load.add_argument("--province", default=settings.MOTCUA_DEMO_PROVINCE)
        load.add_argument("--quiet", action="store_true", help="Không hiện thanh tiến trình.")

    def handle(self, *args, action: str, **options):
        try:
            if action == "load":
                self._load(options["province"], progress=not options["quiet"])
        except MotcuaError as exc:
            raise CommandError(exc.message) from exc

    def _load(self, province_name: str, progress: bool) -> None:
        from motcua.web.demo import load_demo

        result = load_demo(province_name, progress=progress)
        out = self.stdout
        out.write(
            f"Đã nạp: {result.provinces} tỉnh, {result.units} đơn vị cấp xã, "
            f"{result.agencies} cơ quan của {result.province_name}, "
            f"{result.procedures} thủ tục, {result.calendar_days} ngày nghỉ/làm bù."
        )
        if result.new_logins:
            path = Path(settings.VAR_DIR) / "demo-logins.txt"
            lines = [f"{u}\t{p}\t{label}" for u, p, label in result.new_logins]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("tên đăng nhập\tmật khẩu\tvai trò\n" + "\n".join(lines) + "\n",
                            encoding="utf-8")
            os.chmod(path, 0o600)
            out.write("")
            out.write("Tài khoản cán bộ mẫu (chỉ in một lần; bản lưu: " f"{path}):")
            width = max(len(u) for u, _, _ in result.new_logins)
            for u, p, label in result.new_logins:
                out.write(f"  {u.ljust(width)}  {p}  {label}")
        else:
            out.write("Tài khoản cán bộ mẫu đã có từ trước (xem var/demo-logins.txt).")
