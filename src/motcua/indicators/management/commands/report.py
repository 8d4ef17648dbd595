"""`motcua report --commune "Bình Lư" --from 2025-07-01 --to 2026-05-24 --format docx`: the
report table of a commune or province for a period (DOCX, XLSX or JSON)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.cli import iso_day
from motcua.errors import MotcuaError


class Command(BaseCommand):
    help = "Biểu số liệu kết quả giải quyết thủ tục hành chính của xã hoặc tỉnh theo kỳ."

    def add_arguments(self, parser):
        unit = parser.add_mutually_exclusive_group(required=True)
        unit.add_argument("--commune", help="Tên hoặc mã xã, phường (có dấu hoặc không).")
        unit.add_argument("--province", help="Tên hoặc mã tỉnh.")
        parser.add_argument("--from", dest="date_from", type=iso_day, required=True,
                            help="Từ ngày (YYYY-MM-DD).")
        parser.add_argument("--to", dest="date_to", type=iso_day, required=True,
                            help="Đến ngày (YYYY-MM-DD, tính hết ngày).")
        parser.add_argument("--format", choices=["docx", "xlsx", "json"], default="docx")
        parser.add_argument("--output", help="Tệp kết quả (mặc định: tên theo xã và kỳ; "
                            "«-» in ra màn hình, chỉ với json).")
        parser.add_argument("--field", default="", help="Chỉ lĩnh vực mã này.")
        parser.add_argument("--procedure", default="", help="Chỉ thủ tục mã này.")

    def handle(self, *args, **options):
        from motcua.indicators import reports, selectors

        try:
            period = selectors.Period(options["date_from"], options["date_to"])
            filters = selectors.Filters(options["field"], options["procedure"])
            if options["commune"]:
                report = reports.commune_report(
                    selectors.find_commune(options["commune"]), period, filters=filters)
            else:
                report = reports.province_report(
                    selectors.find_province(options["province"]), period, filters=filters)
            fmt = options["format"]
            data = reports.render(report, fmt)
        except MotcuaError as exc:
            raise CommandError(exc.message) from exc
        output = options["output"] or reports.filename(report, fmt)
        if output == "-":
            if fmt != "json":
                raise CommandError("Chỉ in ra màn hình được định dạng json.")
            sys.stdout.write(data.decode() + "\n")
            return
        Path(output).write_bytes(data)
        self.stdout.write(report.paragraph)
        self.stdout.write(report.rates)
        self.stdout.write(f"Đã ghi {output}.")
