"""`motcua catalog load | import FILE.xlsx | export FILE.xlsx | search "<text>"`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog import selectors, services
from motcua.errors import MotcuaError


class Command(BaseCommand):
    help = "Danh mục thủ tục hành chính: nạp danh mục có sẵn, nhập/xuất XLSX, tìm thủ tục."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{load,import,export,search}")
        sub.add_parser("load", help="Nạp (hoặc làm mới) danh mục thủ tục kèm theo phần mềm.")
        p_import = sub.add_parser("import", help="Nhập danh mục từ tệp XLSX (xem docs/catalog.md).")
        p_import.add_argument("path", help="Tệp .xlsx")
        p_export = sub.add_parser("export", help="Xuất toàn bộ danh mục ra tệp XLSX.")
        p_export.add_argument("path", help="Tệp .xlsx")
        p_search = sub.add_parser("search", help="Tìm thủ tục; in mỗi dòng: mã<TAB>tên.")
        p_search.add_argument("text", help="Nội dung tìm, có dấu hoặc không dấu")
        p_search.add_argument("--field", default="", help="Chỉ tìm trong lĩnh vực (mã lĩnh vực)")
        p_search.add_argument("--limit", type=int, default=20, help="Số kết quả tối đa (mặc định 20)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            getattr(self, f"_{action}")(options)
        except MotcuaError as exc:
            details = exc.details if isinstance(exc.details, list) else []
            for line in details:
                self.stderr.write(str(line))
            raise CommandError(exc.message) from None

    def _load(self, options: dict[str, Any]) -> None:
        count = services.load_builtin_catalog()
        self.stdout.write(f"Đã nạp {count} thủ tục hành chính.")

    def _import(self, options: dict[str, Any]) -> None:
        report = services.import_catalog(options["path"])
        self.stdout.write(f"Đã nhập: {report.summary()}.")

    def _export(self, options: dict[str, Any]) -> None:
        if selectors.catalog_is_empty():
            raise CommandError(selectors.EMPTY_CATALOG_MESSAGE)
        count = services.export_catalog(options["path"])
        self.stdout.write(f"Đã xuất {count} thủ tục ra {options['path']}.")

    def _search(self, options: dict[str, Any]) -> None:
        if selectors.catalog_is_empty():
            raise CommandError(selectors.EMPTY_CATALOG_MESSAGE)
        hits = selectors.search(
            options["text"], field_code=options["field"] or None, limit=max(options["limit"], 1)
        )
        if not hits:
            raise CommandError(f"Không tìm thấy thủ tục nào phù hợp với '{options['text']}'.")
        for hit in hits:
            self.stdout.write(f"{hit.code}\t{hit.name}")
