"""The dossier register (Mẫu số 07) as PDF and XLSX, and the date formats of all slips."""

from __future__ import annotations

import re
import subprocess
from datetime import date, datetime, timedelta
from io import BytesIO
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from reportlab.pdfbase import pdfmetrics

from motcua.dossiers.slips import (
    AgencyHeader,
    Register,
    RegisterRow,
    formats,
    register_pdf,
    register_xlsx,
)
from motcua.dossiers.slips.register import COLUMNS, RETURN_GROUP, header_rows
from motcua.dossiers.slips.reportlab_register import (
    FONT,
    FONT_SIZE,
    paginate,
    register_fonts,
    wrap,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = ZoneInfo("UTC")
AGENCY = AgencyHeader("UBND XÃ BÌNH LƯ", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "Bình Lư")
NAMES = ("Lò Thị Mai", "Nguyễn Văn Hùng", "Tẩn Láo Tả", "Vàng Thị Dung")
PROCEDURES = (
    "Đăng ký khai sinh",
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
    "Đăng ký kết hôn",
    "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
)
START = datetime(2026, 2, 2, 0, 30, tzinfo=UTC)  # 07:30 in Hà Nội


def make_register(n: int) -> Register:
    rows = tuple(
        RegisterRow(
            code=f"000.00.12.H26-260202-{i + 1:04d}",
            procedure_name=PROCEDURES[i % 4],
            applicant_name=NAMES[i % 4],
            received_at=START + timedelta(minutes=17 * i),
            due_at=START + timedelta(days=3, minutes=17 * i),
            applicant_address="Bản Nà Khum, xã Bình Lư",
            applicant_phone="0912 345 678",
            handling_agency="Phòng Văn hóa - Xã hội",
            sent_at=START + timedelta(minutes=17 * i + 30),
            returned_at=START + timedelta(days=2, minutes=17 * i) if i % 3 else None,
            note="Nộp trực tuyến" if i % 4 == 0 else "",
        )
        for i in range(n)
    )
    return Register(AGENCY, rows, book="01/2026", period="Từ ngày 02/02/2026 đến ngày 28/02/2026")


def run(tool: list[str], pdf: bytes, tmp: Path) -> str:
    src = tmp / "register.pdf"
    src.write_bytes(pdf)
    return subprocess.run(
        [*tool, str(src), *(["-"] if tool[0] == "pdftotext" else [])],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture(scope="module")
def register_40() -> tuple[Register, bytes]:
    reg = make_register(40)
    return reg, register_pdf(reg, issued_at=datetime(2026, 3, 1, 8, 0, tzinfo=VN))


def test_register_pdf_is_landscape_a4_with_header_on_every_page(register_40, tmp_path):
    _, pdf = register_40
    info = run(["pdfinfo"], pdf, tmp_path)
    assert "841.89 x 595.276 pts (A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    assert pages >= 2
    first = run(["pdftotext", "-layout", "-f", "1", "-l", "1"], pdf, tmp_path)
    assert "SỔ THEO DÕI HỒ SƠ" in first
    assert "Quyển số: 01/2026 — Từ ngày 02/02/2026 đến ngày 28/02/2026" in first
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Bình Lư, ngày 01 tháng 3 năm 2026" in first  # no leading zero from March on
    assert f"Trang 1/{pages}" in first
    last = run(["pdftotext", "-layout", "-f", str(pages), "-l", str(pages)], pdf, tmp_path)
    for header in ("STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Ký", "(14)"):
        assert header in last  # repeated at the top of the last page
    assert f"Trang {pages}/{pages}" in last


def test_register_pdf_rows_carry_the_data(register_40, tmp_path):
    _, pdf = register_40
    text = " ".join(run(["pdftotext", "-layout"], pdf, tmp_path).split())
    for name in NAMES:
        assert name in text
    # Codes are cut after their last hyphen to fit the column, never inside the sequence.
    for seq in (1, 17, 40):
        assert f"260202-{seq:04d}" in text
    # Date and time are two lines of one cell: look at the first row's line pair.
    layout = run(["pdftotext", "-layout", "-f", "1", "-l", "1"], pdf, tmp_path)
    row1 = layout[layout.index("260202-0001") - 40 :]
    assert re.search(r"02/02/2026\s+05/02/2026\s+02/02/2026", row1)  # received, due, sent
    assert re.search(r"07:30\s+07:30\s+08:00", row1)  # stored in UTC, printed in Hà Nội
    assert "Nộp trực" in text  # the note column is narrow: "tuyến" goes to the next line
    fonts = run(["pdffonts"], pdf, tmp_path)
    assert "LiberationSerif" in fonts and "DejaVu" not in fonts


def test_register_pages_are_full_except_the_last(tmp_path):
    reg = make_register(60)
    pdf = register_pdf(reg, issued_at=START)
    pages = int(re.search(r"Pages:\s+(\d+)", run(["pdfinfo"], pdf, tmp_path)).group(1))  # type: ignore[union-attr]
    counts = [
        len(
            re.findall(
                r"260202-\d{4}", run(["pdftotext", "-f", str(p), "-l", str(p)], pdf, tmp_path)
            )
        )
        for p in range(1, pages + 1)
    ]
    assert sum(counts) == 60  # every row once, none lost at a page break
    assert all(c >= 6 for c in counts[:-1]), counts  # no page left nearly empty by an overflow


@settings(max_examples=300)
@given(
    heights=st.lists(st.floats(min_value=5, max_value=120), max_size=80),
    first_room=st.floats(min_value=50, max_value=400),
    room=st.floats(min_value=100, max_value=500),
)
def test_paginate_covers_every_row_in_order_within_the_room(heights, first_room, room):
    pages = paginate(heights, first_room, room)
    assert pages[0][0] == 0 and pages[-1][1] == len(heights)
    for (a, b), (c, _) in pairwise(pages):
        assert b == c and a < b  # contiguous, no empty page before the last
    for n, (a, b) in enumerate(pages):
        limit = first_room if n == 0 else room
        if b - a > 1:
            assert sum(heights[a:b]) <= limit + 1e-9
        if b < len(heights):
            assert sum(heights[a : b + 1]) > limit  # the next row really did not fit


def test_empty_register_says_so(tmp_path):
    pdf = register_pdf(Register(AGENCY, ()), issued_at=START)
    text = run(["pdftotext", "-layout"], pdf, tmp_path)
    assert "Không có hồ sơ trong kỳ." in text
    assert "Trang 1/1" in text


def test_register_xlsx_has_the_same_columns_and_rows():
    reg = make_register(25)
    wb = load_workbook(BytesIO(register_xlsx(reg)))
    ws = wb.active
    assert ws.title == "Sổ theo dõi hồ sơ"
    assert ws["A2"].value == "SỔ THEO DÕI HỒ SƠ"
    assert ws["A3"].value == "Quyển số: 01/2026 — Từ ngày 02/02/2026 đến ngày 28/02/2026"
    top, second = header_rows()
    header_cells = [ws.cell(row=5, column=c).value for c in range(1, len(COLUMNS) + 1)]
    assert header_cells[:3] == ["STT", "Mã hồ sơ", "Tên thủ tục hành chính"]
    group_col = next(i for i, c in enumerate(COLUMNS, start=1) if c.group)
    assert header_cells[group_col - 1] == RETURN_GROUP
    assert [ws.cell(row=6, column=group_col + k).value for k in range(len(second))] == second
    assert ws.freeze_panes == "A7"
    assert ws.max_row == 6 + 25

    first = {c.key: ws.cell(row=7, column=i).value for i, c in enumerate(COLUMNS, start=1)}
    assert first["stt"] == 1
    assert first["code"] == "000.00.12.H26-260202-0001"
    assert first["applicant"] == "Lò Thị Mai"
    assert first["sets"] == 1
    assert first["received"] == datetime(2026, 2, 2, 7, 30)  # wall-clock time of the commune
    assert first["returned"] is None  # not returned yet: an empty cell, not ""
    assert first["note"] == "Nộp trực tuyến"
    last = {c.key: ws.cell(row=31, column=i).value for i, c in enumerate(COLUMNS, start=1)}
    assert last["stt"] == 25 and last["code"].endswith("-0025")
    assert (
        ws.cell(
            row=7, column=COLUMNS.index(next(c for c in COLUMNS if c.key == "received")) + 1
        ).number_format
        == "dd/mm/yyyy hh:mm"
    )


def test_header_rows_span_the_group():
    top, second = header_rows()
    assert sum(colspan for _, colspan, _ in top) == len(COLUMNS)
    grouped = [c.title for c in COLUMNS if c.group == RETURN_GROUP]
    assert second == grouped
    assert (RETURN_GROUP, len(grouped), 1) in top


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(
            list("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậ ỹ-0123456789.")
        ),
        max_size=120,
    ),
    width=st.floats(min_value=20, max_value=200),
)
def test_wrap_fits_the_column_and_loses_no_letter(text, width):
    register_fonts()
    wrapped = wrap(text, width)
    for line in wrapped.split("\n"):
        assert pdfmetrics.stringWidth(line, FONT, FONT_SIZE) <= width + 1e-6
    assert wrapped.replace("\n", "").replace(" ", "") == text.replace(" ", "")


# --- dates on the slips (Decree 30/2020: leading zero for days < 10 and months 1, 2) ---


@pytest.mark.parametrize(
    "d, expected",
    [
        (date(2026, 2, 13), "ngày 13 tháng 02 năm 2026"),
        (date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (date(2026, 3, 5), "ngày 05 tháng 3 năm 2026"),
        (date(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
    ],
)
def test_vn_date(d, expected):
    assert formats.vn_date(d) == expected


def test_vn_datetime_converts_to_hanoi_time():
    # 17:05 UTC on 31/12 is already 00:05 on 1/1 in Hà Nội.
    dt = datetime(2025, 12, 31, 17, 5, tzinfo=UTC)
    assert formats.vn_datetime(dt) == "00 giờ 05 phút, ngày 01 tháng 01 năm 2026"
    assert formats.place_date("Bình Lư", dt) == "Bình Lư, ngày 01 tháng 01 năm 2026"
    assert formats.short_date(dt) == "01/01/2026" and formats.short_time(dt) == "00:05"
    with pytest.raises(ValueError):
        formats.vn_datetime(datetime(2026, 1, 1, 8, 0))


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2099, 12, 31),
        timezones=st.sampled_from([UTC, VN, ZoneInfo("Europe/Paris")]),
    )
)
def test_vn_datetime_reads_back_to_the_same_minute(dt):
    text = formats.vn_datetime(dt)
    m = re.fullmatch(r"(\d\d) giờ (\d\d) phút, ngày (\d\d) tháng (\d{1,2}) năm (\d{4})", text)
    assert m, text
    hour, minute, day, month, year = map(int, m.groups())
    assert len(m.group(4)) == (2 if month < 3 else len(str(month)))
    local = dt.astimezone(VN)
    assert (year, month, day, hour, minute) == (
        local.year,
        local.month,
        local.day,
        local.hour,
        local.minute,
    )


def test_package_exports_the_functions_even_after_every_submodule_is_loaded():
    import importlib
    import inspect
    import pkgutil

    import motcua.dossiers.slips as slips

    for info in pkgutil.iter_modules(slips.__path__):
        importlib.import_module(f"{slips.__name__}.{info.name}")
    for name in slips.__all__:
        value = getattr(slips, name)
        if name.endswith(("_pdf", "_xlsx")):
            assert inspect.isfunction(value), name
