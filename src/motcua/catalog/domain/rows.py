"""Checking catalog rows before anything is written. Pure Python.

The same checks serve the spreadsheet import (rows of named sheets) and the catalog shipped
with the software (JSON). Every row is checked and every problem is collected, each as one
Vietnamese sentence that says where it is: "Dòng 7, cột 'Thời hạn' (trang Thu tuc): …".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from motcua.catalog.domain.layout import (  # noqa: F401  (re-exported)
    DOCUMENT_COLUMNS,
    FIELD_COLUMNS,
    GROUP_COLUMNS,
    PROCEDURE_COLUMNS,
    REQUIRED_COLUMNS,
    SHEET_DOCUMENTS,
    SHEET_FIELDS,
    SHEET_GROUPS,
    SHEET_PROCEDURES,
    SHEET_STEPS,
    SHEETS,
    STEP_COLUMNS,
    CatalogData,
    DocumentData,
    FieldData,
    GroupData,
    ProcedureData,
    StepData,
)
from motcua.catalog.domain.rules import (
    AGENCY_KIND_LABELS,
    DOCUMENT_FORM_LABELS,
    FIELD_CODE_RE,
    LEVEL_LABELS,
    LIMIT_UNIT_LABELS,
    ONLINE_LEVEL_LABELS,
    REQUIREMENT_LABELS,
    STEP_ROLE_LABELS,
    AgencyKind,
    DocumentForm,
    Level,
    Limit,
    LimitUnit,
    OnlineLevel,
    Requirement,
    Step,
    StepRole,
    StepUnit,
    is_valid_code,
    limit_problem,
    parse_decimal,
    split_list,
    steps_problem,
)
from motcua.text import fold, nfc

Row = tuple[str, Mapping[str, Any]]  # (where, values by column key); where = "Dòng 7"
E = TypeVar("E", bound=StrEnum)

_TRUE = {"co", "x", "true", "1", "yes", "dung", "c"}
_FALSE = {"khong", "false", "0", "no", "sai", "k"}


def _choices(enum: type[E], labels: Mapping[E, str], extra: Mapping[str, E]) -> dict[str, E]:
    table: dict[str, E] = {fold(m.value): m for m in enum}
    table.update({fold(label): m for m, label in labels.items()})
    table.update({fold(k): v for k, v in extra.items()})
    return table


_LEVELS = _choices(Level, LEVEL_LABELS, {"xã": Level.COMMUNE, "tỉnh": Level.PROVINCE,
                                         "trung ương": Level.CENTRAL})
_AGENCIES = _choices(AgencyKind, AGENCY_KIND_LABELS, {"UBND": AgencyKind.UBND})
_ONLINE = _choices(OnlineLevel, ONLINE_LEVEL_LABELS, {
    "toàn trình": OnlineLevel.FULLY_ONLINE, "một phần": OnlineLevel.PARTLY_ONLINE,
    "trực tiếp": OnlineLevel.IN_PERSON})
_LIMIT_UNITS = _choices(LimitUnit, LIMIT_UNIT_LABELS, {
    "ngày": LimitUnit.DAYS, "giờ": LimitUnit.HOURS, "ngay trong ngày": LimitUnit.SAME_DAY})
_STEP_UNITS = _choices(StepUnit, {StepUnit.DAYS: "ngày làm việc", StepUnit.HOURS: "giờ làm việc"},
                       {"ngày": StepUnit.DAYS, "giờ": StepUnit.HOURS})
_FORMS = _choices(DocumentForm, DOCUMENT_FORM_LABELS, {
    "chính": DocumentForm.ORIGINAL, "sao": DocumentForm.COPY})
_REQUIREMENTS = _choices(Requirement, REQUIREMENT_LABELS, {
    "có điều kiện": Requirement.CONDITIONAL, "tùy trường hợp": Requirement.CONDITIONAL})
_ROLES = _choices(StepRole, STEP_ROLE_LABELS, {})


class _Checker:
    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.errors: list[str] = []

    def add(self, where: str, column: str, problem: str) -> None:
        suffix = f" (trang {self.sheet})" if self.sheet else ""
        self.errors.append(f"{where}, cột '{column}'{suffix}: {problem}")

    def text(self, row: Row, key: str, label: str, *, required: bool = False) -> str:
        value = nfc(_cell_text(row[1].get(key)))
        if required and not value:
            self.add(row[0], label, "không được để trống")
        return value

    def choice(self, row: Row, key: str, label: str, table: Mapping[str, E],
               default: E | None) -> E | None:
        raw = _cell_text(row[1].get(key)).strip()
        if not raw:
            if default is None:
                self.add(row[0], label, "không được để trống")
            return default
        found = table.get(fold(raw))
        if found is None:
            allowed = ", ".join(sorted({m.value for m in table.values()}))
            self.add(row[0], label, f"giá trị '{raw}' không hợp lệ (chỉ nhận: {allowed})")
        return found

    def integer(self, row: Row, key: str, label: str, *, default: int | None,
                minimum: int = 0) -> int | None:
        raw = row[1].get(key)
        if raw is None or _cell_text(raw).strip() == "":
            return default
        number = parse_decimal(raw)
        if number is None or number != number.to_integral_value() or number < minimum:
            self.add(row[0], label, f"giá trị '{_cell_text(raw)}' phải là số nguyên "
                                    f"không nhỏ hơn {minimum}")
            return None
        return int(number)

    def boolean(self, row: Row, key: str, label: str, default: bool) -> bool:
        raw = _cell_text(row[1].get(key)).strip()
        if not raw:
            return default
        value = fold(raw)
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        self.add(row[0], label, f"giá trị '{raw}' không hợp lệ (ghi 'có' hoặc 'không')")
        return default


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value)
    return str(value)


def _label(columns: Sequence[tuple[str, str]], key: str) -> str:
    return dict(columns)[key]


def check_catalog(
    sheets: Mapping[str, Sequence[Row]],
    *,
    known_fields: Iterable[str] = (),
    known_procedures: Iterable[str] = (),
    hours_per_day: Decimal | None = None,
    sheet_names: bool = True,
) -> tuple[CatalogData, list[str]]:
    """Check every row of every sheet; return the parsed catalog and all problems found.

    ``known_fields``/``known_procedures`` are codes already in the database, which rows may
    refer to without repeating them. The data is only usable when the problem list is empty.
    """
    data = CatalogData()
    errors: list[str] = []

    def checker(sheet: str) -> _Checker:
        return _Checker(sheet if sheet_names else "")

    fc = checker(SHEET_FIELDS)
    lab: Callable[[str], str] = lambda k: _label(FIELD_COLUMNS, k)  # noqa: E731
    seen_fields: dict[str, str] = {}
    for i, row in enumerate(sheets.get(SHEET_FIELDS, ())):
        code = fc.text(row, "code", lab("code"), required=True)
        name = fc.text(row, "name", lab("name"), required=True)
        if code and not FIELD_CODE_RE.match(code):
            fc.add(row[0], lab("code"), f"mã lĩnh vực '{code}' chỉ gồm chữ thường không dấu, "
                                        "số và dấu gạch ngang")
        elif code in seen_fields:
            fc.add(row[0], lab("code"), f"mã lĩnh vực '{code}' trùng với {seen_fields[code]}")
        elif code and name:
            seen_fields[code] = row[0].lower()
            data.fields.append(FieldData(code=code, name=name, order=i + 1))
    errors += fc.errors
    field_codes = set(known_fields) | set(seen_fields)

    pc = checker(SHEET_PROCEDURES)
    lab = lambda k: _label(PROCEDURE_COLUMNS, k)  # noqa: E731
    by_code: dict[str, tuple[ProcedureData, Row]] = {}
    seen_codes: dict[str, str] = {}
    for row in sheets.get(SHEET_PROCEDURES, ()):
        before = len(pc.errors)
        code = pc.text(row, "code", lab("code"), required=True)
        if code and not is_valid_code(code):
            pc.add(row[0], lab("code"), f"mã '{code}' không đúng dạng mã TTHC quốc gia "
                                        "(ví dụ 1.001193) hoặc mã địa phương (ví dụ DP-BHYT-01)")
        elif code in seen_codes:
            pc.add(row[0], lab("code"), f"mã '{code}' trùng với {seen_codes[code]}")
        elif code:
            seen_codes[code] = row[0].lower()
        name = pc.text(row, "name", lab("name"), required=True)
        field_code = pc.text(row, "field_code", lab("field_code"), required=True)
        if field_code and field_code not in field_codes:
            pc.add(row[0], lab("field_code"), f"lĩnh vực '{field_code}' không có trong danh mục "
                                              "lĩnh vực (trang Linh vuc hoặc dữ liệu đã có)")
        level = pc.choice(row, "level", lab("level"), _LEVELS, Level.COMMUNE)
        agency = _cell_text(row[1].get("agency_kind")).strip()
        agency_kind = pc.choice(row, "agency_kind", lab("agency_kind"), _AGENCIES, None) \
            if agency else None
        online = pc.choice(row, "online_level", lab("online_level"), _ONLINE, OnlineLevel.IN_PERSON)
        unit = pc.choice(row, "limit_unit", lab("limit_unit"), _LIMIT_UNITS, None)
        raw_limit = row[1].get("limit_value")
        limit_value = parse_decimal(raw_limit)
        if _cell_text(raw_limit).strip() and limit_value is None:
            pc.add(row[0], lab("limit_value"), f"giá trị '{_cell_text(raw_limit)}' không phải "
                                               "là số")
        elif unit is not None:
            if unit is LimitUnit.SAME_DAY and limit_value is None:
                limit_value = Decimal(1)
            problem = limit_problem(limit_value, unit.value)
            if problem:
                pc.add(row[0], lab("limit_value"), problem)
        fee_amount = pc.integer(row, "fee_amount", lab("fee_amount"), default=None)
        if len(pc.errors) > before or code in by_code or not code:
            continue
        assert level and online and unit and limit_value is not None
        procedure = ProcedureData(
            code=code, name=name, field_code=field_code, level=level.value,
            agency_kind=agency_kind.value if agency_kind else "",
            agency_name=pc.text(row, "agency_name", lab("agency_name")),
            online_level=online.value, limit_value=limit_value, limit_unit=unit.value,
            limit_note=pc.text(row, "limit_note", lab("limit_note")),
            fee_text=pc.text(row, "fee_text", lab("fee_text")), fee_amount=fee_amount,
            fee_note=pc.text(row, "fee_note", lab("fee_note")),
            submit_where=pc.text(row, "submit_where", lab("submit_where")),
            results=[nfc(x) for x in split_list(row[1].get("results"))],
            legal_basis=[nfc(x) for x in split_list(row[1].get("legal_basis"))],
            aliases=[nfc(x) for x in split_list(row[1].get("aliases"))],
            is_active=pc.boolean(row, "is_active", lab("is_active"), True),
            note=pc.text(row, "note", lab("note")),
        )
        by_code[code] = (procedure, row)
        data.procedures.append(procedure)
    errors += pc.errors
    listed = set(seen_codes)

    dc = checker(SHEET_DOCUMENTS)
    lab = lambda k: _label(DOCUMENT_COLUMNS, k)  # noqa: E731
    for row in sheets.get(SHEET_DOCUMENTS, ()):
        before = len(dc.errors)
        code = _check_owner(dc, row, lab("procedure_code"), listed)
        name = dc.text(row, "name", lab("name"), required=True)
        order = dc.integer(row, "order", lab("order"), default=0, minimum=1)
        copies = dc.integer(row, "copies", lab("copies"), default=1)
        form = dc.choice(row, "form", lab("form"), _FORMS, DocumentForm.ORIGINAL)
        requirement = dc.choice(row, "requirement", lab("requirement"), _REQUIREMENTS,
                                Requirement.MANDATORY)
        condition = dc.text(row, "condition", lab("condition"))
        if requirement is Requirement.CONDITIONAL and not condition:
            dc.add(row[0], lab("condition"), "giấy tờ nộp theo trường hợp phải ghi rõ điều kiện")
        reusable = dc.boolean(row, "reusable_from_data", lab("reusable_from_data"), False)
        if len(dc.errors) > before or code not in by_code:
            continue
        owner = by_code[code][0]
        assert form and requirement and copies is not None and order is not None
        owner.documents.append(DocumentData(
            order=order or len(owner.documents) + 1, name=name, copies=copies, form=form.value,
            requirement=requirement.value, condition=condition, reusable_from_data=reusable))
    errors += dc.errors

    sc = checker(SHEET_STEPS)
    lab = lambda k: _label(STEP_COLUMNS, k)  # noqa: E731
    for row in sheets.get(SHEET_STEPS, ()):
        before = len(sc.errors)
        code = _check_owner(sc, row, lab("procedure_code"), listed)
        name = sc.text(row, "name", lab("name"), required=True)
        order = sc.integer(row, "order", lab("order"), default=0, minimum=1)
        role = sc.choice(row, "role", lab("role"), _ROLES, None)
        unit_s = sc.choice(row, "duration_unit", lab("duration_unit"), _STEP_UNITS, None)
        raw = row[1].get("duration_value")
        duration = parse_decimal(raw)
        if duration is None or duration <= 0:
            sc.add(row[0], lab("duration_value"),
                   f"giá trị '{_cell_text(raw)}' phải là số lớn hơn 0")
        if len(sc.errors) > before or code not in by_code:
            continue
        owner = by_code[code][0]
        assert role and unit_s and duration is not None and order is not None
        owner.steps.append(StepData(
            order=order or len(owner.steps) + 1, name=name, role=role.value,
            performer=sc.text(row, "performer", lab("performer")),
            duration_value=duration, duration_unit=unit_s.value))
    errors += sc.errors

    limit_label = _label(PROCEDURE_COLUMNS, "limit_value")
    for procedure, row in by_code.values():
        procedure.documents.sort(key=lambda d: d.order)
        procedure.steps.sort(key=lambda s: s.order)
        problem = steps_problem(
            Limit(procedure.limit_value, LimitUnit(procedure.limit_unit)),
            [Step(s.name, s.duration_value, StepUnit(s.duration_unit)) for s in procedure.steps],
            **({"hours_per_day": hours_per_day} if hours_per_day else {}),
        )
        if problem:
            pc.errors = []
            pc.add(row[0], limit_label, f"thủ tục {procedure.code}: {problem}")
            errors += pc.errors

    gc = checker(SHEET_GROUPS)
    lab = lambda k: _label(GROUP_COLUMNS, k)  # noqa: E731
    all_codes = listed | set(known_procedures)
    seen_groups: set[str] = set()
    for row in sheets.get(SHEET_GROUPS, ()):
        before = len(gc.errors)
        code = gc.text(row, "code", lab("code"), required=True)
        if code in seen_groups:
            gc.add(row[0], lab("code"), f"mã nhóm '{code}' bị trùng")
        name = gc.text(row, "name", lab("name"), required=True)
        members = split_list(row[1].get("member_codes"))
        if len(members) < 2:
            gc.add(row[0], lab("member_codes"), "nhóm liên thông cần ít nhất 2 thủ tục thành phần")
        for member in members:
            if member not in all_codes:
                gc.add(row[0], lab("member_codes"), f"không có thủ tục mã '{member}'")
        combined = gc.text(row, "procedure_code", lab("procedure_code"))
        if combined and combined not in all_codes:
            gc.add(row[0], lab("procedure_code"), f"không có thủ tục mã '{combined}'")
        if len(gc.errors) > before:
            continue
        seen_groups.add(code)
        data.groups.append(GroupData(
            code=code, name=name, member_codes=members, procedure_code=combined,
            legal_basis=[nfc(x) for x in split_list(row[1].get("legal_basis"))],
            description=gc.text(row, "description", lab("description"))))
    errors += gc.errors
    return data, errors


def _check_owner(checker: _Checker, row: Row, label: str, listed: set[str]) -> str:
    code = checker.text(row, "procedure_code", label, required=True)
    if code and code not in listed:
        checker.add(row[0], label, f"mã TTHC '{code}' không có trong trang {SHEET_PROCEDURES}")
    return code


def catalog_rows_from_json(payload: Mapping[str, Any]) -> dict[str, list[Row]]:
    """The shipped JSON catalog as sheet rows, so that it passes the very same checks."""
    sheets: dict[str, list[Row]] = {name: [] for name in SHEETS}
    for f in payload.get("fields", []):
        sheets[SHEET_FIELDS].append((f"Lĩnh vực {f.get('code', '?')}", f))
    for p in payload.get("procedures", []):
        where = f"Thủ tục {p.get('code', '?')}"
        sheets[SHEET_PROCEDURES].append((where, p))
        for i, d in enumerate(p.get("documents", []), start=1):
            sheets[SHEET_DOCUMENTS].append(
                (f"{where}, giấy tờ {i}", {"order": i, **d, "procedure_code": p.get("code")}))
        for i, s in enumerate(p.get("steps", []), start=1):
            sheets[SHEET_STEPS].append(
                (f"{where}, bước {i}", {"order": i, **s, "procedure_code": p.get("code")}))
    for g in payload.get("groups", []):
        sheets[SHEET_GROUPS].append((f"Nhóm {g.get('code', '?')}", g))
    return sheets
