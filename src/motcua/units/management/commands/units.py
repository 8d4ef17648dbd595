"""``motcua units``: load administrative units, list them, convert old addresses, create
agencies.

    motcua units load
    motcua units list --province "Lai Châu"
    motcua units convert "thị trấn Tam Đường, huyện Tam Đường, tỉnh Lai Châu"
    motcua units agencies --province "Lai Châu"
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.errors import MotcuaError
from motcua.units import selectors, services
from motcua.units.domain import Status


class Command(BaseCommand):
    help = "Đơn vị hành chính: nạp dữ liệu, liệt kê, chuyển đổi địa chỉ cũ, tạo cơ quan."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="{load,list,convert,agencies}")
        sub.required = True
        load = sub.add_parser("load", help="Nạp 34 tỉnh, 3.321 xã và bảng chuyển đổi cũ → mới.",
                              description="Nạp (hoặc cập nhật) dữ liệu đơn vị hành chính.")
        load.add_argument("--quiet", action="store_true", help="Không hiện thanh tiến độ.")
        listing = sub.add_parser("list", help="Liệt kê xã, phường, đặc khu của một tỉnh.")
        listing.add_argument("--province", "-p", required=True, help="Tên hoặc mã tỉnh.")
        conv = sub.add_parser("convert", help="Chuyển địa chỉ cũ (trước 01/7/2025) sang mới.")
        conv.add_argument("address", nargs="+", help="Địa chỉ, ví dụ: \"xã Sơn Bình, huyện "
                          "Tam Đường, tỉnh Lai Châu\".")
        conv.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
        agencies = sub.add_parser("agencies", help="Tạo và liệt kê cơ quan của một tỉnh.")
        agencies.add_argument("--province", "-p", required=True, help="Tên hoặc mã tỉnh.")
        agencies.add_argument("--commune", "-c", help="Chỉ liệt kê cơ quan của xã mã này.")
        agencies.add_argument("--no-create", action="store_true",
                              help="Chỉ liệt kê, không tạo cơ quan còn thiếu.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except MotcuaError as exc:
            raise CommandError(exc.message) from exc

    def _load(self, options: dict[str, Any]) -> None:
        report = services.load_units(progress=not options["quiet"] and options["verbosity"] > 0)
        counts = report["counts"]
        self.stdout.write(
            f"Đã nạp {counts['provinces']} tỉnh, thành phố; {counts['units']} xã, phường, "
            f"đặc khu; {counts['legacy_units']} đơn vị cũ; {counts['mappings']} dòng chuyển "
            f"đổi ({report['seconds']} giây)."
        )
        changed = sum(report[k]["created"] + report[k]["updated"]
                      for k in ("provinces", "units", "legacy_units", "mappings"))
        if not changed:
            self.stdout.write("Dữ liệu đã đầy đủ, không có thay đổi.")

    def _list(self, options: dict[str, Any]) -> None:
        selectors.ensure_loaded()
        province = selectors.find_province(options["province"])
        units = list(selectors.units_of_province(province.code))
        for unit in units:
            self.stdout.write(f"{unit.code}\t{unit.full_name}")
        self.stdout.write(f"# {province.full_name}: {len(units)} đơn vị hành chính cấp xã")

    def _convert(self, options: dict[str, Any]) -> None:
        selectors.ensure_loaded()
        result = selectors.convert_address(" ".join(options["address"]))
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            if result.status in (Status.AMBIGUOUS, Status.NOT_FOUND):
                raise CommandError(result.message)
            return
        if result.status is Status.NOT_FOUND:
            raise CommandError(result.message)
        if result.status is Status.AMBIGUOUS:
            lines = [result.message, *(f"  - {c.display}" for c in result.candidates)]
            raise CommandError("\n".join(lines))
        self.stdout.write(result.headline)
        if result.old is not None:
            self.stdout.write(f"Đơn vị cũ: {result.old.display}")
        if result.status is Status.SPLIT:
            self.stdout.write("Đơn vị cũ đã được chia cho nhiều đơn vị mới:")
            for unit in result.units:
                self.stdout.write(f"  - {unit.code}\t{unit.display}")
        elif result.unit is not None:
            self.stdout.write(f"Mã đơn vị mới: {result.unit.code}")
        self.stdout.write(result.message)
        for note in result.notes:
            self.stdout.write(f"Lưu ý: {note}")

    def _agencies(self, options: dict[str, Any]) -> None:
        selectors.ensure_loaded()
        province = selectors.find_province(options["province"])
        created = 0 if options["no_create"] else services.create_agencies(province.code)
        if options.get("commune"):
            agencies = list(selectors.agencies_of_commune(options["commune"]))
        else:
            agencies = list(selectors.agencies_of_province(province.code))
        for agency in agencies:
            self.stdout.write(f"{agency.electronic_id}\t{agency.code}\t{agency.name}")
        self.stdout.write(
            f"# {province.full_name}: {len(agencies)} cơ quan ({created} cơ quan vừa tạo)"
        )
