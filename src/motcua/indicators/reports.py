"""The periodic report tables (biểu số liệu kèm báo cáo định kỳ) of a commune or a province,
as data (JSON), XLSX (openpyxl) and DOCX (python-docx).

The DOCX opens with the paragraph the communes write themselves (``domain.narrative``),
then the rates sentence, then the table: one line per competent agency (a commune) or per
commune (a province), and a total line.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from motcua.indicators import selectors
from motcua.indicators.domain import (
    Figures,
    Satisfaction,
    format_rate,
    narrative,
    rates_sentence,
)
from motcua.indicators.selectors import NO_FILTERS, Filters, Period
from motcua.units.models import Agency, Province, Unit
from motcua.workdays.domain import VN_TZ

COLUMNS: tuple[tuple[str, str], ...] = (
    ("received", "Tổng số hồ sơ tiếp nhận"),
    ("ch_counter", "Trực tiếp"),
    ("online", "Trực tuyến (kể cả nộp hộ)"),
    ("ch_post", "Bưu chính"),
    ("early", "Đã giải quyết trước hạn"),
    ("on_time", "Đã giải quyết đúng hạn"),
    ("late", "Đã giải quyết quá hạn"),
    ("not_yet_due", "Đang giải quyết trong hạn"),
    ("overdue", "Đang giải quyết quá hạn"),
    ("supplemented", "Có yêu cầu bổ sung"),
    ("in_time_rate", "Tỷ lệ đúng hạn, trước hạn"),
    ("online_rate", "Tỷ lệ trực tuyến"),
    ("digitization_rate", "Tỷ lệ số hóa"),
    ("electronic_result_rate", "Tỷ lệ kết quả điện tử"),
    ("data_reuse_rate", "Tỷ lệ tái sử dụng dữ liệu"),
)


def cell(figures: Figures, key: str) -> Any:
    if key in ("not_yet_due", "overdue"):
        return getattr(figures, key)
    if key in ("online",):
        return figures.online
    if key.endswith("_rate"):
        return getattr(figures, key)
    return figures.counts[key]


@dataclass
class Report:
    unit_kind: str  # "commune" or "province"
    unit_code: str
    unit_name: str
    province_name: str
    period: Period
    generated_at: dt.datetime
    total: Figures
    lines: list[tuple[str, Figures]] = field(default_factory=list)
    line_header: str = "Cơ quan giải quyết"
    cross_boundary: int = 0
    satisfaction: Satisfaction | None = None

    @property
    def title(self) -> str:
        return (f"Kết quả giải quyết thủ tục hành chính của {self.unit_name} "
                f"{self.period.label()}")

    @property
    def paragraph(self) -> str:
        return narrative(self.total)

    @property
    def rates(self) -> str:
        return rates_sentence(self.total)

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": {"kind": self.unit_kind, "code": self.unit_code, "name": self.unit_name,
                     "province": self.province_name},
            "period": {"from": self.period.date_from.isoformat(),
                       "to": self.period.date_to.isoformat()},
            "generated_at": self.generated_at.isoformat(),
            "paragraph": self.paragraph,
            "rates_sentence": self.rates,
            "total": self.total.as_dict(),
            "cross_boundary_received": self.cross_boundary,
            "satisfaction": _satisfaction_dict(self.satisfaction),
            "lines": [{"name": name, **f.as_dict()} for name, f in self.lines],
        }


def _satisfaction_dict(s: Satisfaction | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"rated": s.rated, "average": float(s.average) if s.average is not None else None,
            "satisfied_rate": float(s.satisfied_rate) if s.satisfied_rate is not None else None}


def commune_report(unit: Unit, period: Period, *, filters: Filters = NO_FILTERS,
                   now: dt.datetime | None = None) -> Report:
    now = period.as_of(now)
    total = selectors.commune_figures(unit.code, period, filters, now=now)
    agencies = dict(Agency.objects.filter(commune_code=unit.code).values_list("pk", "name"))
    by_agency = selectors.breakdown(unit.code, period, "competent_agency_id", filters, now=now)
    missing = {pk for pk, _ in by_agency} - set(agencies)
    if missing:
        agencies.update(Agency.objects.filter(pk__in=missing).values_list("pk", "name"))
    lines = [(agencies.get(pk, str(pk)), f) for pk, f in by_agency]
    sat = selectors.satisfaction_of(period, commune_code=unit.code).get(None)
    return Report("commune", unit.code, unit.full_name, unit.province.full_name, period, now,
                  total, lines, "Cơ quan giải quyết",
                  selectors.cross_boundary_received(unit.code, period), sat)


def province_report(province: Province, period: Period, *, filters: Filters = NO_FILTERS,
                    now: dt.datetime | None = None) -> Report:
    now = period.as_of(now)
    per = selectors.province_by_commune(province.code, period, filters, now=now)
    names = selectors.commune_names(province.code)
    lines = [(names.get(code, code), f) for code, f in sorted(per.items())]
    sat = selectors.satisfaction_of(period, province_code=province.code).get(None)
    total = selectors.total(per.values())
    return Report("province", province.code, province.full_name, province.full_name, period,
                  now, total, lines, "Xã, phường", total.counts["cross_boundary"], sat)


# -- formats ----------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    return format_rate(value) if value is None or not isinstance(value, int) else value


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Kết quả giải quyết TTHC"
    ws.append([report.title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([report.paragraph])
    ws.append([report.rates])
    ws.append([])
    header = ["STT", report.line_header, *(label for _, label in COLUMNS)]
    ws.append(header)
    header_row = ws.max_row
    for col in range(1, len(header) + 1):
        c = ws.cell(row=header_row, column=col)
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for i, (name, figures) in enumerate(report.lines, 1):
        ws.append([i, name, *(_xlsx_value(cell(figures, k)) for k, _ in COLUMNS)])
    ws.append(["", "Tổng cộng", *(_xlsx_value(cell(report.total, k)) for k, _ in COLUMNS)])
    for col in range(1, len(header) + 1):
        ws.cell(row=ws.max_row, column=col).font = Font(bold=True)
    for col, (key, _) in enumerate(COLUMNS, 3):
        if key.endswith("_rate"):
            for row in range(header_row + 1, ws.max_row + 1):
                ws.cell(row=row, column=col).number_format = "0.00%"
    ws.column_dimensions["B"].width = 40
    for col in range(3, len(header) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 14
    ws.append([])
    ws.append([f"Tiếp nhận không phụ thuộc địa giới hành chính: {report.cross_boundary} hồ sơ."])
    ws.append([_satisfaction_line(report.satisfaction)])
    ws.append([f"Lập lúc {timezone.localtime(report.generated_at, VN_TZ):%H:%M %d/%m/%Y}."])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _xlsx_value(value: Any) -> Any:
    """Rates go to Excel as fractions with a percent format (so they stay numbers)."""
    if isinstance(value, int) or value is None:
        return value
    return float(value) / 100


def _satisfaction_line(s: Satisfaction | None) -> str:
    if s is None:
        return "Mức độ hài lòng: chưa có dữ liệu đánh giá."
    return (f"Mức độ hài lòng: {s.rated} lượt đánh giá, điểm trung bình "
            f"{str(s.average).replace('.', ',')}/5, tỷ lệ hài lòng "
            f"{format_rate(s.satisfied_rate)}.")


def to_docx(report: Report) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    doc.add_paragraph(report.paragraph)
    doc.add_paragraph(report.rates)
    doc.add_paragraph(
        f"Tiếp nhận không phụ thuộc địa giới hành chính: {report.cross_boundary} hồ sơ. "
        + _satisfaction_line(report.satisfaction))
    heading = doc.add_paragraph()
    heading.add_run(report.title).bold = True
    header = ["STT", report.line_header, *(label for _, label in COLUMNS)]
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for i, label in enumerate(header):
        table.rows[0].cells[i].text = label
    for n, (name, figures) in enumerate(report.lines, 1):
        row = table.add_row().cells
        row[0].text, row[1].text = str(n), name
        for i, (key, _) in enumerate(COLUMNS, 2):
            row[i].text = str(_plain(cell(figures, key)))
    row = table.add_row().cells
    row[1].text = "Tổng cộng"
    for i, (key, _) in enumerate(COLUMNS, 2):
        row[i].text = str(_plain(cell(report.total, key)))
    for r in table.rows:
        for c in r.cells:
            for p in c.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(8)
    doc.add_paragraph(
        f"Số liệu lập lúc {timezone.localtime(report.generated_at, VN_TZ):%H:%M %d/%m/%Y}.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
}


def render(report: Report, fmt: str) -> bytes:
    import json

    if fmt == "xlsx":
        return to_xlsx(report)
    if fmt == "docx":
        return to_docx(report)
    if fmt == "json":
        return json.dumps(report.as_dict(), ensure_ascii=False, indent=2).encode()
    from motcua.errors import InvalidInput

    raise InvalidInput(f"Định dạng «{fmt}» không hỗ trợ (docx, xlsx, json).",
                       code="report.format")


def filename(report: Report, fmt: str) -> str:
    return (f"bao-cao-tthc-{report.unit_code}-{report.period.date_from:%Y%m%d}-"
            f"{report.period.date_to:%Y%m%d}.{fmt}")
