"""The catalog spreadsheet layout (see docs/catalog.md): reading sheets into rows and writing
a catalog back in the same layout, so that an export imports again unchanged."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from motcua.catalog.domain.rows import (
    REQUIRED_COLUMNS,
    SHEET_DOCUMENTS,
    SHEET_FIELDS,
    SHEET_GROUPS,
    SHEET_PROCEDURES,
    SHEET_STEPS,
    SHEETS,
    Row,
)
from motcua.catalog.domain.rules import join_list
from motcua.errors import InvalidInput
from motcua.text import fold

_CODE_KEYS = {"code", "procedure_code"}
_WIDTHS = {"name": 60, "legal_basis": 60, "results": 40, "aliases": 40, "condition": 40,
           "submit_where": 40, "fee_text": 30, "limit_note": 40, "note": 40, "member_codes": 20,
           "description": 50, "performer": 30, "agency_name": 30, "fee_note": 40}


def read_workbook(path: str | Path) -> tuple[dict[str, list[Row]], list[str]]:
    """Rows of each known sheet as (\"Dòng N\", values by column key), and layout problems."""
    try:
        wb = load_workbook(filename=str(path), read_only=True, data_only=True)
    except FileNotFoundError:
        raise InvalidInput(f"Không tìm thấy tệp '{path}'.") from None
    except Exception as exc:  # openpyxl raises many kinds for a file that is not XLSX
        raise InvalidInput(f"Không đọc được tệp '{path}' (cần tệp Excel .xlsx): {exc}") from None
    problems: list[str] = []
    sheets: dict[str, list[Row]] = {}
    by_folded = {fold(name): name for name in wb.sheetnames}
    if fold(SHEET_PROCEDURES) not in by_folded:
        problems.append(f"Tệp không có trang '{SHEET_PROCEDURES}' (danh sách thủ tục).")
    for sheet_name, columns in SHEETS.items():
        actual = by_folded.get(fold(sheet_name))
        if actual is None:
            continue
        ws = wb[actual]
        rows_iter = ws.iter_rows(values_only=True)
        header = next(rows_iter, None) or ()
        labels = {fold(label): key for key, label in columns}
        labels.update({fold(key): key for key, _ in columns})
        positions: dict[str, int] = {}
        for i, cell in enumerate(header):
            key = labels.get(fold(str(cell))) if cell is not None else None
            if key and key not in positions:
                positions[key] = i
        missing = [label for key, label in columns
                   if key in REQUIRED_COLUMNS[sheet_name] and key not in positions]
        if missing:
            problems.append(f"Trang '{sheet_name}' thiếu cột: " + ", ".join(f"'{m}'" for m in missing))
            continue
        rows: list[Row] = []
        for number, values in enumerate(rows_iter, start=2):
            if not values or all(v is None or str(v).strip() == "" for v in values):
                continue
            record = {key: values[i] if i < len(values) else None for key, i in positions.items()}
            for key in _CODE_KEYS & record.keys():
                # Excel turns a typed 1.004220 into the number 1.00422; national codes
                # always have six decimals.
                if isinstance(record[key], float):
                    record[key] = f"{record[key]:.6f}"
            rows.append((f"Dòng {number}", record))
        sheets[sheet_name] = rows
    wb.close()
    return sheets, problems


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return join_list(str(v) for v in value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, bool):
        return "có" if value else "không"
    return value


def write_workbook(path: str | Path, sheets: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
    """Write records (dicts by column key) into the documented layout."""
    wb = Workbook()
    wb.remove(wb.active)
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="B3261E")
    for sheet_name in (SHEET_FIELDS, SHEET_PROCEDURES, SHEET_DOCUMENTS, SHEET_STEPS, SHEET_GROUPS):
        columns = SHEETS[sheet_name]
        ws = wb.create_sheet(sheet_name)
        ws.append([label for _, label in columns])
        for cell in ws[1]:
            cell.font, cell.fill = header_font, header_fill
        for record in sheets.get(sheet_name, ()):
            ws.append([_cell(record.get(key)) for key, _ in columns])
        for i, (key, _) in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(key, 14)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
    wb.save(str(path))
