"""`motcua demo load`: the demo province, its catalog and calendar, and one official per role.
`motcua demo generate`: a realistic history of dossiers for every commune of the province."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from motcua.cli import iso_day
from motcua.errors import MotcuaError


class Command(BaseCommand):
    help = "Dữ liệu trình diễn: tỉnh mẫu, danh mục thủ tục, lịch làm việc, tài khoản cán bộ."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Nạp tỉnh mẫu (mặc định Lai Châu) và tài khoản mẫu.")
        load.add_argument("--province", default=settings.MOTCUA_DEMO_PROVINCE)
        load.add_argument("--quiet", action="store_true", help="Không hiện thanh tiến trình.")
        gen = sub.add_parser(
            "generate", help="Sinh lịch sử hồ sơ của mọi xã trong tỉnh (mặc định: 12 tháng "
            "gần nhất).",
            description="Sinh hồ sơ một cửa như thật cho mọi xã, phường của tỉnh: số lượng "
            "theo dân số, cơ cấu thủ tục, hình thức nộp, bổ sung, kết quả sớm/đúng/trễ hạn, "
            "nhật ký băm chuỗi hợp lệ. Chạy sau «motcua demo load».")
        gen.add_argument("--province", default=settings.MOTCUA_DEMO_PROVINCE)
        period = gen.add_mutually_exclusive_group()
        period.add_argument("--year", type=int, help="Một năm dương lịch (đến hôm nay nếu là "
                            "năm nay).")
        period.add_argument("--from", dest="date_from", type=iso_day,
                            help="Ngày bắt đầu (YYYY-MM-DD); mặc định 12 tháng trước.")
        gen.add_argument("--to", dest="date_to", type=iso_day,
                         help="Ngày kết thúc (YYYY-MM-DD, tính hết ngày); mặc định bây giờ.")
        gen.add_argument("--scale", type=float, default=1.0,
                         help="Hệ số số lượng hồ sơ (1.0: theo dân số, khoảng 10.000 hồ sơ "
                         "một năm ở xã Bình Lư).")
        gen.add_argument("--seed", type=int, default=1, help="Hạt giống ngẫu nhiên (cùng hạt "
                         "giống và khoảng thời gian cho cùng dữ liệu).")
        gen.add_argument("--commune", action="append", dest="communes",
                         help="Chỉ sinh cho xã mã này (lặp lại được).")
        gen.add_argument("--if-empty", action="store_true",
                         help="Không làm gì nếu tỉnh đã có hồ sơ.")
        gen.add_argument("--quiet", action="store_true", help="Không hiện thanh tiến trình.")

    def handle(self, *args, action: str, **options):
        try:
            if action == "load":
                self._load(options["province"], progress=not options["quiet"])
            elif action == "generate":
                self._generate(options)
        except MotcuaError as exc:
            raise CommandError(exc.message) from exc

    def _generate(self, options) -> None:
        from motcua.web.demo import generate_demo_history, history_summary

        report = generate_demo_history(
            options["province"], year=options["year"], date_from=options["date_from"],
            date_to=options["date_to"], scale=options["scale"], seed=options["seed"],
            if_empty=options["if_empty"], communes=options["communes"],
            progress=not options["quiet"] and options["verbosity"] > 0,
        )
        for line in history_summary(report):
            self.stdout.write(line)
        from motcua.portal.demo_ratings import generate_demo_ratings
        from motcua.units.selectors import find_province

        province = find_province(options["province"])
        rated = generate_demo_ratings(province.code, seed=options["seed"])
        self.stdout.write(f"Đã tạo {rated} đánh giá mức độ hài lòng mẫu của người dân.")
        # The generator bulk-inserts without signals: the indicators' rollups catch up here.
        call_command("indicators", "rebuild", *(["--quiet"] if options["quiet"] else []),
                     stdout=self.stdout, stderr=self.stderr)

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
