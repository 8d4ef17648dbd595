"""The dossier register (Mẫu số 07) as an XLSX workbook, with the columns of the PDF."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from . import formats
from .data import Register
from .register import COLUMNS, header_rows, iter_values

SHEET_TITLE = "Sổ theo dõi hồ sơ"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FONT = Font(name="Times New Roman", bold=True, size=11)
_BODY_FONT = Font(name="Times New Roman", size=11)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(wrap_text=True, horizontal="center", vertical="center")

# Rows 1–3: agency, title, book/period; 5–6: the two header rows; data from row 7.
HEADER_ROW = 5
FIRST_DATA_ROW = HEADER_ROW + 2


def _excel_value(value: object) -> object:
    if isinstance(value, datetime):
        # Excel has no time zones: write the wall-clock time of the commune.
        return formats.local(value).replace(tzinfo=None)
    if value == "":
        return None
    return value


def register_xlsx(register: Register) -> bytes:
    """One sheet: a title block, the two header rows (frozen), one row per dossier."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    last_col = get_column_letter(len(COLUMNS))

    agency = register.agency
    ws["A1"] = f"{agency.parent_agency} - {agency.agency}".strip(" -").upper()
    ws["A1"].font = _HEADER_FONT
    ws["A2"] = "SỔ THEO DÕI HỒ SƠ"
    ws["A2"].font = Font(name="Times New Roman", bold=True, size=14)
    ws["A2"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A2:{last_col}2")
    subtitle = " — ".join(
        p for p in (register.book and f"Quyển số: {register.book}", register.period) if p
    )
    if subtitle:
        ws["A3"] = subtitle
        ws["A3"].alignment = Alignment(horizontal="center")
        ws.merge_cells(f"A3:{last_col}3")

    top, second = header_rows()
    col = 1
    second_iter = iter(second)
    for title, colspan, rowspan in top:
        cell = ws.cell(row=HEADER_ROW, column=col, value=title)
        end_col = col + colspan - 1
        end_row = HEADER_ROW + rowspan - 1
        if colspan > 1 or rowspan > 1:
            ws.merge_cells(
                start_row=HEADER_ROW, start_column=col, end_row=end_row, end_column=end_col
            )
        if rowspan == 1:
            for c in range(col, end_col + 1):
                ws.cell(row=HEADER_ROW + 1, column=c, value=next(second_iter))
        col = end_col + 1
    for row in ws.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW + 1, max_col=len(COLUMNS)):
        for cell in row:
            cell.font = _HEADER_FONT
            cell.alignment = _CENTER
            cell.border = _BORDER

    for i, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.xlsx_width

    for r, values in enumerate(iter_values(register), start=FIRST_DATA_ROW):
        for c, (column, value) in enumerate(zip(COLUMNS, values, strict=True), start=1):
            cell = ws.cell(row=r, column=c, value=_excel_value(value))
            cell.font = _BODY_FONT
            cell.border = _BORDER
            if column.kind == "datetime":
                cell.number_format = DATETIME_FORMAT
                cell.alignment = _CENTER
            elif column.kind == "int":
                cell.alignment = _CENTER
            else:
                cell.alignment = _WRAP

    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    out = BytesIO()
    wb.save(out)
    return out.getvalue()
