"""Spreadsheet import (all-or-nothing, row-level Vietnamese messages) and export round trip."""

import pytest
from openpyxl import Workbook, load_workbook

from motcua.catalog import services
from motcua.catalog.domain.rows import (
    DOCUMENT_COLUMNS,
    FIELD_COLUMNS,
    PROCEDURE_COLUMNS,
    STEP_COLUMNS,
)
from motcua.catalog.models import (
    Field,
    Procedure,
    ProcedureGroup,
    ProcedureGroupMember,
    ProcessingStep,
    RequiredDocument,
)
from motcua.errors import InvalidInput


def _write(path, sheets):
    wb = Workbook()
    wb.remove(wb.active)
    for name, (columns, rows) in sheets.items():
        ws = wb.create_sheet(name)
        ws.append([label for _, label in columns])
        for row in rows:
            ws.append([row.get(key) for key, _ in columns])
    wb.save(path)


def _proc(code, name="Thủ tục thử", field="ho-tich", limit=3, unit="days"):
    return {"code": code, "name": name, "field_code": field, "level": "commune",
            "online_level": "partly_online", "limit_value": limit, "limit_unit": unit,
            "legal_basis": "Luật A\nNghị định B", "fee_amount": 0}


def _step(code, name, value, unit="days", role="specialist"):
    return {"procedure_code": code, "name": name, "role": role, "duration_value": value,
            "duration_unit": unit}


def _counts():
    return tuple(m.objects.count() for m in (Field, Procedure, RequiredDocument, ProcessingStep,
                                             ProcedureGroup, ProcedureGroupMember))


def test_malformed_spreadsheet_is_refused_with_every_row_message_and_writes_nothing(
    catalog, tmp_path
):
    path = tmp_path / "bad.xlsx"
    _write(path, {
        "Thu tuc": (PROCEDURE_COLUMNS, [
            _proc("DP-THU-01"),                                        # row 2: fine
            {**_proc("DP-THU-02"), "limit_value": "ba ngày"},           # row 3: bad limit
            {**_proc("DP-THU-03"), "name": None},                       # row 4: missing name
            {**_proc("DP-THU-04"), "field_code": "khong-co"},           # row 5: unknown field
            _proc("DP-THU-01", name="Trùng mã"),                        # row 6: duplicate code
            _proc("DP-THU-05", limit=3),                                # row 7: steps != limit
        ]),
        "Buoc xu ly": (STEP_COLUMNS, [
            _step("DP-THU-01", "Tiếp nhận", 1), _step("DP-THU-01", "Xử lý", 2),
            _step("DP-THU-05", "Tiếp nhận", 1), _step("DP-THU-05", "Xử lý", 1),
        ]),
        "Giay to": (DOCUMENT_COLUMNS, [
            {"procedure_code": "DP-THU-01", "name": "Tờ khai", "copies": 1},
            {"procedure_code": "DP-THU-09", "name": "Giấy lạ"},           # row 3: unknown code
        ]),
    })
    before = _counts()
    with pytest.raises(InvalidInput) as info:
        services.import_catalog(path)
    messages = info.value.details
    assert _counts() == before
    assert not Procedure.objects.filter(code="DP-THU-01").exists()
    text = "\n".join(messages)
    assert "Dòng 3, cột 'Thời hạn' (trang Thu tuc): giá trị 'ba ngày' không phải là số" in text
    assert "Dòng 4, cột 'Tên thủ tục' (trang Thu tuc): không được để trống" in text
    assert "Dòng 5, cột 'Mã lĩnh vực' (trang Thu tuc): lĩnh vực 'khong-co'" in text
    assert "Dòng 6, cột 'Mã TTHC' (trang Thu tuc): mã 'DP-THU-01' trùng với dòng 2" in text
    assert "Dòng 7, cột 'Thời hạn' (trang Thu tuc): thủ tục DP-THU-05: tổng thời gian các bước " \
           "(2 ngày làm việc) khác thời hạn giải quyết (3 ngày làm việc)" in text
    assert "Dòng 3, cột 'Mã TTHC' (trang Giay to): mã TTHC 'DP-THU-09'" in text
    assert len(messages) == 6
    assert "6 lỗi" in info.value.message


def test_missing_sheet_or_column_is_reported(db, tmp_path):
    path = tmp_path / "x.xlsx"
    _write(path, {"Khac": (FIELD_COLUMNS, [])})
    with pytest.raises(InvalidInput) as info:
        services.import_catalog(path)
    assert "Thu tuc" in info.value.details[0]
    _write(path, {"Thu tuc": (PROCEDURE_COLUMNS[:2], [{"code": "1.000001", "name": "X"}])})
    with pytest.raises(InvalidInput) as info:
        services.import_catalog(path)
    assert "thiếu cột" in info.value.details[0] and "'Thời hạn'" in info.value.details[0]


def test_not_a_spreadsheet(db, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("không phải excel")
    with pytest.raises(InvalidInput, match="Không đọc được tệp"):
        services.import_catalog(path)


def test_import_creates_fields_and_upserts_procedures(catalog, tmp_path):
    path = tmp_path / "ok.xlsx"
    _write(path, {
        "Linh vuc": (FIELD_COLUMNS, [{"code": "van-hoa", "name": "Văn hóa cơ sở"}]),
        "Thu tuc": (PROCEDURE_COLUMNS, [
            {**_proc("DP-VH-01", name="Công nhận gia đình văn hóa", field="van-hoa"),
             "aliases": "gia đình văn hóa", "limit_unit": "ngày làm việc",
             "online_level": "Trực tiếp"},
            {**_proc("1.001193", name="Đăng ký khai sinh", limit=None, unit="same_day")},
        ]),
        "Giay to": (DOCUMENT_COLUMNS, [
            {"procedure_code": "DP-VH-01", "order": 1, "name": "Đơn đề nghị", "copies": 1,
             "form": "Bản chính", "requirement": "Bắt buộc"},
            {"procedure_code": "DP-VH-01", "order": 2, "name": "Giấy tờ khác",
             "requirement": "conditional", "condition": "Nếu có", "reusable_from_data": "có"},
        ]),
        "Buoc xu ly": (STEP_COLUMNS, [_step("DP-VH-01", "Xử lý", 3),
                                      _step("1.001193", "Tiếp nhận và trả", 2, "hours", "clerk")]),
    })
    report = services.import_catalog(path)
    assert (report.procedures_created, report.procedures_updated) == (1, 1)
    assert (report.documents, report.steps, report.fields) == (2, 2, 1)
    new = Procedure.objects.get(code="DP-VH-01")
    assert new.field.name == "Văn hóa cơ sở" and new.online_level == "in_person"
    assert new.legal_basis == ["Luật A", "Nghị định B"]
    assert [d.reusable_from_data for d in new.documents.all()] == [False, True]
    birth = Procedure.objects.get(code="1.001193")
    assert birth.steps.count() == 1 and birth.documents.count() == 0
    assert Procedure.objects.count() == 45


def _snapshot():
    procs = []
    for p in Procedure.objects.order_by("code").prefetch_related("documents", "steps"):
        procs.append((
            p.code, p.name, p.field.code, p.level, p.agency_kind, p.agency_name, p.online_level,
            p.limit_value, p.limit_unit, p.limit_note, p.fee_text, p.fee_amount, p.fee_note,
            p.submit_where, p.results, p.legal_basis, p.aliases, p.is_active, p.note,
            [(d.order, d.name, d.copies, d.form, d.requirement, d.condition, d.reusable_from_data)
             for d in p.documents.all()],
            [(s.order, s.name, s.role, s.performer, s.duration_value, s.duration_unit)
             for s in p.steps.all()],
        ))
    groups = [(g.code, g.name, g.procedure.code, [m.procedure.code for m in g.memberships.all()],
               g.legal_basis, g.description) for g in ProcedureGroup.objects.all()]
    fields = list(Field.objects.values_list("code", "name").order_by("code"))
    return procs, groups, fields


def test_export_then_import_round_trips(catalog, tmp_path):
    Procedure.objects.filter(code="1.013227").update(is_active=False)
    before = _snapshot()
    path = tmp_path / "catalog.xlsx"
    assert services.export_catalog(path) == 44
    wb = load_workbook(path)
    assert wb.sheetnames == ["Linh vuc", "Thu tuc", "Giay to", "Buoc xu ly", "Lien thong"]
    assert wb["Thu tuc"]["A2"].value == "1.000656"
    # Wipe and import into an empty catalog: everything comes back.
    ProcedureGroup.objects.all().delete()
    Procedure.objects.all().delete()
    Field.objects.all().delete()
    report = services.import_catalog(path)
    assert report.procedures_created == 44
    assert _snapshot() == before
    # And importing again over itself changes nothing.
    services.import_catalog(path)
    assert _snapshot() == before


def test_load_is_idempotent(catalog):
    first = _snapshot()
    counts = _counts()
    assert services.load_builtin_catalog() == 44
    assert _snapshot() == first and _counts() == counts
