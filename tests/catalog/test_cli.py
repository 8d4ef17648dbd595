"""`motcua catalog …` through call_command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from motcua.catalog.models import Procedure


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("catalog", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_search_on_empty_catalog_says_how_to_load(db):
    with pytest.raises(CommandError, match="Danh mục thủ tục trống, hãy chạy: motcua catalog load"):
        run("search", "khai sinh")


def test_load_then_search_prints_code_tab_name_only(db):
    out, _ = run("load")
    assert "44 thủ tục" in out
    out, err = run("search", "lam giay khai sinh")
    lines = out.splitlines()
    assert lines[0] == "1.001193\tĐăng ký khai sinh"
    assert all(len(line.split("\t")) == 2 for line in lines)
    assert err == ""


def test_search_limit_and_field(catalog):
    out, _ = run("search", "đăng ký", "--limit", "2", "--field", "ho-tich")
    assert len(out.splitlines()) == 2


def test_search_without_match_exits_with_message(catalog):
    with pytest.raises(CommandError, match="Không tìm thấy thủ tục nào"):
        run("search", "qwxz zzyq")


def test_export_and_import(catalog, tmp_path):
    path = tmp_path / "c.xlsx"
    out, _ = run("export", str(path))
    assert "44 thủ tục" in out
    out, _ = run("import", str(path))
    assert "44 thủ tục (0 mới, 44 cập nhật)" in out


def test_import_errors_are_printed_row_by_row(catalog, tmp_path):
    path = tmp_path / "c.xlsx"
    run("export", str(path))
    wb = load_workbook(path)
    ws = wb["Thu tuc"]
    ws["H2"] = "abc"  # Thời hạn
    ws["B3"] = None  # Tên thủ tục
    wb.save(path)
    before = Procedure.objects.count()
    with pytest.raises(CommandError, match="2 lỗi"):
        out, err = StringIO(), StringIO()
        try:
            call_command("catalog", "import", str(path), stdout=out, stderr=err)
        finally:
            printed = err.getvalue()
    assert "Dòng 2, cột 'Thời hạn' (trang Thu tuc): giá trị 'abc' không phải là số" in printed
    assert "Dòng 3, cột 'Tên thủ tục' (trang Thu tuc): không được để trống" in printed
    assert Procedure.objects.count() == before
