"""Columns of the dossier register (Sổ theo dõi hồ sơ, Mẫu số 07), shared by PDF and XLSX.

The columns follow the register of Circular 01/2018/TT-VPCP as carried into Circular
03/2025/TT-VPCP (verify the 2025 column list against the text). Change them here and both
outputs follow.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .data import Register, RegisterRow

RETURN_GROUP = "Trả kết quả cho cá nhân, tổ chức"


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    width_mm: float  # PDF (landscape A4 has about 270 mm between the margins)
    xlsx_width: float  # characters
    value: Callable[[int, RegisterRow], Any]
    group: str = ""  # columns with the same group share a header cell above their own
    kind: str = "text"  # text, int, datetime


def _address_phone(row: RegisterRow) -> str:
    return "; ".join(part for part in (row.applicant_address, row.applicant_phone) if part)


COLUMNS: tuple[Column, ...] = (
    Column("stt", "STT", 9, 6, lambda i, r: i, kind="int"),
    Column("code", "Mã hồ sơ", 25, 26, lambda i, r: r.code),
    Column("procedure", "Tên thủ tục hành chính", 35, 40, lambda i, r: r.procedure_name),
    Column("sets", "Số lượng hồ sơ (bộ)", 11, 9, lambda i, r: r.dossier_sets, kind="int"),
    Column("applicant", "Tên cá nhân, tổ chức", 28, 24, lambda i, r: r.applicant_name),
    Column("address", "Địa chỉ, số điện thoại", 28, 30, lambda i, r: _address_phone(r)),
    Column("handling", "Cơ quan chủ trì giải quyết", 22, 22, lambda i, r: r.handling_agency),
    Column("received", "Nhận hồ sơ", 17, 16, lambda i, r: r.received_at, kind="datetime"),
    Column("due", "Hẹn trả kết quả", 17, 16, lambda i, r: r.due_at, kind="datetime"),
    Column(
        "sent",
        "Chuyển hồ sơ đến cơ quan giải quyết",
        17,
        16,
        lambda i, r: r.sent_at,
        kind="datetime",
    ),
    Column(
        "result",
        "Nhận kết quả từ cơ quan giải quyết",
        17,
        16,
        lambda i, r: r.result_received_at,
        kind="datetime",
    ),
    Column(
        "returned",
        "Ngày, giờ",
        17,
        16,
        lambda i, r: r.returned_at,
        group=RETURN_GROUP,
        kind="datetime",
    ),
    Column("signed", "Ký nhận", 13, 12, lambda i, r: "", group=RETURN_GROUP),
    Column("note", "Ghi chú", 14, 20, lambda i, r: r.note),
)


def header_rows() -> tuple[list[tuple[str, int, int]], list[str]]:
    """The two header rows as (title, colspan, rowspan) cells, then the second row's titles."""
    top: list[tuple[str, int, int]] = []
    second: list[str] = []
    i = 0
    while i < len(COLUMNS):
        col = COLUMNS[i]
        if col.group:
            span = sum(1 for c in COLUMNS[i:] if c.group == col.group)
            top.append((col.group, span, 1))
            second.extend(c.title for c in COLUMNS[i : i + span])
            i += span
        else:
            top.append((col.title, 1, 2))
            i += 1
    return top, second


def row_values(index: int, row: RegisterRow) -> list[Any]:
    """Typed values of one line; text in NFC whatever form the services passed."""
    values = [col.value(index, row) for col in COLUMNS]
    return [unicodedata.normalize("NFC", v) if isinstance(v, str) else v for v in values]


def iter_values(register: Register) -> Iterator[list[Any]]:
    for index, row in enumerate(register.rows, start=1):
        yield row_values(index, row)
