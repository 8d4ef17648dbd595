"""Done-when of the indicators: xã Bình Lư's reporting period (REFERENCE §1, footnote 26 of
report 430-BC/ĐU) reproduced as dossier rows gives exactly the commune's figures and its
paragraph, in the JSON, the DOCX (read back with python-docx) and the XLSX (openpyxl)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from motcua.accounts.domain import Role

BINH_LU, MUONG_THAN = "03390", "03618"
VN = dt.timezone(dt.timedelta(hours=7))

PARAGRAPH = (
    "Tổng số hồ sơ tiếp nhận theo kỳ báo cáo là: 4754 hồ sơ, số hồ sơ giải quyết trước "
    "hạn 4583 hồ sơ, giải quyết đúng hạn 154 hồ sơ. Số hồ sơ đang giải quyết đúng hạn 17 hồ "
    "sơ, số hồ sơ quá hạn 0 hồ sơ."
)
START, END = dt.date(2025, 7, 1), dt.date(2026, 5, 24)


def _period_specs() -> list[dict]:
    """4,754 dossiers: 4,578 returned early + 5 withdrawn early (the index counts a
    withdrawal as processing ended), 154 returned on the due day, 17 in progress due after
    the report date. Digitized 4,562 and data reused 4,567 of the 4,749 not withdrawn
    (96.06%, 96.17%); electronic results 4,457 of the 4,732 with a result (94.19%)."""
    specs: list[dict] = []
    days = (END - START).days - 3

    def received(i: int) -> dt.datetime:
        day = START + dt.timedelta(days=i % days)
        return dt.datetime.combine(day, dt.time(8, 30), tzinfo=VN)

    for i in range(4578 + 154):
        r = received(i)
        due = r + dt.timedelta(days=2, hours=7)  # 15:30 two days later
        finished = r + dt.timedelta(hours=3) if i < 4578 else due - dt.timedelta(hours=2)
        specs.append({"received_at": r, "due_at": due, "original_due_at": due,
                      "state": "returned", "finished_at": finished, "result_ready_at": finished,
                      "returned_at": finished, "electronic_result": False})
    for i in range(5):
        r = received(i * 7)
        specs.append({"received_at": r, "due_at": r + dt.timedelta(days=3),
                      "original_due_at": r + dt.timedelta(days=3), "state": "withdrawn",
                      "finished_at": r + dt.timedelta(hours=1), "channel": "counter"})
    for i in range(17):
        r = dt.datetime(2026, 5, 22, 9, i, tzinfo=VN)
        due = dt.datetime(2026, 5, 27, 16, 0, tzinfo=VN)
        specs.append({"received_at": r, "due_at": due, "original_due_at": due,
                      "state": "in_processing"})
    # Flags over the dossiers that were not withdrawn (indexes into the list above, which
    # puts the 5 withdrawn at 4732..4736).
    kept = [i for i in range(len(specs)) if specs[i]["state"] != "withdrawn"]
    for i in kept[:4562]:
        specs[i]["digitized"] = True
    for i in kept[-4567:]:
        specs[i]["data_reused"] = True
    for i in range(4457):
        specs[i]["electronic_result"] = True
    return specs


def _noise() -> list[dict]:
    """Outside the period or the commune: must not count."""
    before = dt.datetime(2025, 6, 30, 16, 59, tzinfo=VN)
    after = dt.datetime(2026, 5, 25, 0, 0, tzinfo=VN)
    return [{"received_at": before, "state": "received"},
            {"received_at": after, "state": "received"}]


@pytest.fixture
def binh_lu_period(w, bulk):
    clerk = w.own[Role.CLERK]
    bulk(_period_specs() + _noise(), clerk=clerk)
    bulk([{"state": "received"}] * 3, commune=MUONG_THAN, clerk=w.other[Role.CLERK])
    from motcua.indicators.rollups import check, rebuild

    rebuild()
    assert check() == []
    return w


NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=VN)  # long after: the split is taken at the end


def test_binh_lu_figures_and_paragraph(binh_lu_period):
    from motcua.indicators import reports, selectors
    from motcua.units.models import Unit

    period = selectors.Period(START, END)
    report = reports.commune_report(Unit.objects.get(code=BINH_LU), period, now=NOW)
    t = report.total
    assert (t.received, t.early, t.on_time, t.late) == (4754, 4583, 154, 0)
    assert (t.not_yet_due, t.overdue) == (17, 0)
    assert t.withdrawn == 5
    assert str(t.digitization_rate) == "96.06"
    assert str(t.electronic_result_rate) == "94.19"
    assert str(t.data_reuse_rate) == "96.17"
    assert report.paragraph == PARAGRAPH
    assert "96,06%" in report.rates and "94,19%" in report.rates and "96,17%" in report.rates

    data = json.loads(reports.render(report, "json"))
    assert data["paragraph"] == PARAGRAPH
    assert data["total"]["digitization_rate"] == 96.06

    from docx import Document

    doc = Document(io.BytesIO(reports.render(report, "docx")))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == PARAGRAPH
    assert paragraphs[1] == (
        "Tỷ lệ số hóa hồ sơ đạt 96,06%; tỷ lệ cấp kết quả giải quyết thủ tục hành chính "
        "điện tử đạt 94,19%; tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa đạt 96,17%.")
    table = doc.tables[0]
    last = [c.text for c in table.rows[-1].cells]
    assert last[1] == "Tổng cộng" and last[2] == "4754" and last[6] == "4583"
    assert "96,06%" in last

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(reports.render(report, "xlsx"))).active
    assert ws["A2"].value == PARAGRAPH
    rows = list(ws.iter_rows(values_only=True))
    total_row = next(r for r in rows if r[1] == "Tổng cộng")
    assert total_row[2:11] == (4754, 5, 4749, 0, 4583, 154, 0, 17, 0)
    assert abs(total_row[14] - 0.9606) < 1e-9


def test_report_command_writes_docx(binh_lu_period, tmp_path, settings):
    from docx import Document

    out = tmp_path / "bc.docx"
    call_command("report", "--commune", "Bình Lư", "--from", "2025-07-01", "--to",
                 "2026-05-24", "--format", "docx", "--output", str(out), stdout=io.StringIO())
    assert Document(str(out)).paragraphs[0].text == PARAGRAPH


def test_report_command_json_without_diacritics(binh_lu_period, capsys):
    call_command("report", "--commune", "binh lu", "--from", "2025-07-01", "--to",
                 "2026-05-24", "--format", "json", "--output", "-")
    data = json.loads(capsys.readouterr().out)
    assert data["unit"]["code"] == BINH_LU
    assert data["total"]["received"] == 4754
