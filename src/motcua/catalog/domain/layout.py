"""The catalog's record shapes and the spreadsheet layout (sheets, columns). Pure Python."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from motcua.catalog.domain.rules import DocumentForm, Level, OnlineLevel, Requirement

SHEET_FIELDS = "Linh vuc"
SHEET_PROCEDURES = "Thu tuc"
SHEET_DOCUMENTS = "Giay to"
SHEET_STEPS = "Buoc xu ly"
SHEET_GROUPS = "Lien thong"

# (key, header) of each sheet, in column order. Headers are what the spreadsheet shows.
FIELD_COLUMNS = [("code", "Mã lĩnh vực"), ("name", "Tên lĩnh vực")]
PROCEDURE_COLUMNS = [
    ("code", "Mã TTHC"),
    ("name", "Tên thủ tục"),
    ("field_code", "Mã lĩnh vực"),
    ("level", "Cấp thực hiện"),
    ("agency_kind", "Loại cơ quan"),
    ("agency_name", "Cơ quan thực hiện"),
    ("online_level", "Mức độ trực tuyến"),
    ("limit_value", "Thời hạn"),
    ("limit_unit", "Đơn vị thời hạn"),
    ("limit_note", "Ghi chú thời hạn"),
    ("fee_text", "Phí, lệ phí"),
    ("fee_amount", "Mức thu (đồng)"),
    ("fee_note", "Ghi chú phí, lệ phí"),
    ("submit_where", "Nơi nộp hồ sơ"),
    ("results", "Kết quả"),
    ("legal_basis", "Căn cứ pháp lý"),
    ("aliases", "Tên gọi thường dùng"),
    ("is_active", "Đang áp dụng"),
    ("note", "Ghi chú"),
]
DOCUMENT_COLUMNS = [
    ("procedure_code", "Mã TTHC"),
    ("order", "STT"),
    ("name", "Tên giấy tờ"),
    ("copies", "Số bản"),
    ("form", "Loại bản"),
    ("requirement", "Bắt buộc"),
    ("condition", "Điều kiện"),
    ("reusable_from_data", "Dùng dữ liệu sẵn có"),
]
STEP_COLUMNS = [
    ("procedure_code", "Mã TTHC"),
    ("order", "STT"),
    ("name", "Tên bước"),
    ("role", "Vai trò"),
    ("performer", "Đơn vị thực hiện"),
    ("duration_value", "Thời gian"),
    ("duration_unit", "Đơn vị thời gian"),
]
GROUP_COLUMNS = [
    ("code", "Mã nhóm"),
    ("name", "Tên nhóm liên thông"),
    ("procedure_code", "Mã TTHC liên thông"),
    ("member_codes", "Các TTHC thành phần"),
    ("legal_basis", "Căn cứ pháp lý"),
    ("description", "Mô tả"),
]
SHEETS: dict[str, list[tuple[str, str]]] = {
    SHEET_FIELDS: FIELD_COLUMNS,
    SHEET_PROCEDURES: PROCEDURE_COLUMNS,
    SHEET_DOCUMENTS: DOCUMENT_COLUMNS,
    SHEET_STEPS: STEP_COLUMNS,
    SHEET_GROUPS: GROUP_COLUMNS,
}
REQUIRED_COLUMNS: dict[str, set[str]] = {
    SHEET_FIELDS: {"code", "name"},
    SHEET_PROCEDURES: {"code", "name", "field_code", "limit_value", "limit_unit"},
    SHEET_DOCUMENTS: {"procedure_code", "name"},
    SHEET_STEPS: {"procedure_code", "name", "role", "duration_value", "duration_unit"},
    SHEET_GROUPS: {"code", "name", "member_codes"},
}


@dataclass
class DocumentData:
    order: int
    name: str
    copies: int = 1
    form: str = DocumentForm.ORIGINAL.value
    requirement: str = Requirement.MANDATORY.value
    condition: str = ""
    reusable_from_data: bool = False


@dataclass
class StepData:
    order: int
    name: str
    role: str
    duration_value: Decimal
    duration_unit: str
    performer: str = ""


@dataclass
class ProcedureData:
    code: str
    name: str
    field_code: str
    limit_value: Decimal
    limit_unit: str
    level: str = Level.COMMUNE.value
    agency_kind: str = ""
    agency_name: str = ""
    online_level: str = OnlineLevel.IN_PERSON.value
    limit_note: str = ""
    fee_text: str = ""
    fee_amount: int | None = None
    fee_note: str = ""
    submit_where: str = ""
    results: list[str] = field(default_factory=list)
    legal_basis: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    is_active: bool = True
    note: str = ""
    documents: list[DocumentData] = field(default_factory=list)
    steps: list[StepData] = field(default_factory=list)


@dataclass
class FieldData:
    code: str
    name: str
    order: int = 0


@dataclass
class GroupData:
    code: str
    name: str
    member_codes: list[str]
    procedure_code: str = ""
    legal_basis: list[str] = field(default_factory=list)
    description: str = ""


@dataclass
class CatalogData:
    fields: list[FieldData] = field(default_factory=list)
    procedures: list[ProcedureData] = field(default_factory=list)
    groups: list[GroupData] = field(default_factory=list)
