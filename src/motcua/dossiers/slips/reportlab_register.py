"""The dossier register (Sổ theo dõi hồ sơ, Mẫu số 07) as a landscape A4 PDF.

Unlike the one-page slips, the register is drawn with ReportLab rather than WeasyPrint: a
year's register runs to thousands of rows, and WeasyPrint's general CSS layout took about
38 s for 1,000 rows on the project's 2-core machine against under 3 s here (measured, see
docs/slips.md). Cell text is wrapped once with the font's metrics and handed to a plain
table, which is what keeps it fast. The same shipped fonts are used, so both engines print
the same letters.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    HRFlowable,
    LongTable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from . import formats
from .data import Register
from .pdf import FONTS_DIR
from .register import COLUMNS, header_rows, iter_values

FONT = "MotcuaSerif"
FONT_BOLD = "MotcuaSerif-Bold"
FONT_ITALIC = "MotcuaSerif-Italic"
FONT_SIZE = 9
LEADING = 10.5
PADDING = 2  # points, each side of a cell

PAGE = landscape(A4)
FRAME_PADDING = 6  # ReportLab's default padding inside the page frame, each side
SAFETY = 4  # points kept free at the foot of each page against rounding
MARGINS = {
    "leftMargin": 15 * mm,
    "rightMargin": 10 * mm,
    "topMargin": 12 * mm,
    "bottomMargin": 14 * mm,
}


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register the shipped TTFs with ReportLab once per process (embedded as subsets)."""
    for name, file in (
        (FONT, "LiberationSerif-Regular.ttf"),
        (FONT_BOLD, "LiberationSerif-Bold.ttf"),
        (FONT_ITALIC, "LiberationSerif-Italic.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC)


def wrap(text: str, width: float, font: str = FONT, size: float = FONT_SIZE) -> str:
    """Lines of ``text`` that fit ``width`` points; words longer than a line (dossier codes)
    are cut between characters, preferably after a hyphen."""
    lines: list[str] = []
    for line in simpleSplit(text, font, size, width):
        while pdfmetrics.stringWidth(line, font, size) > width:
            cut = len(line) - 1
            while cut > 1 and pdfmetrics.stringWidth(line[:cut], font, size) > width:
                cut -= 1
            hyphen = line.rfind("-", 0, cut)
            if hyphen > 0:
                cut = hyphen + 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return "\n".join(lines)


def _cell(kind: str, value: Any, width: float) -> str:
    if value is None or value == "":
        return ""
    if kind == "datetime":
        assert isinstance(value, datetime)
        return f"{formats.short_date(value)}\n{formats.short_time(value)}"
    return wrap(str(value), width)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=11, leading=13.5, alignment=TA_CENTER)
    return {
        "agency": base,
        "agency_bold": ParagraphStyle("agency_bold", parent=base, fontName=FONT_BOLD),
        "state": ParagraphStyle("state", parent=base, fontName=FONT_BOLD),
        "motto": ParagraphStyle("motto", parent=base, fontName=FONT_BOLD, fontSize=12),
        "date": ParagraphStyle("date", parent=base, fontName=FONT_ITALIC, fontSize=11),
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=14, leading=18),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontName=FONT_ITALIC),
        "form_no": ParagraphStyle(
            "form_no", parent=base, fontName=FONT_ITALIC, fontSize=8, alignment=2
        ),
    }


def _national_header(register: Register, issued_at: datetime, width: float) -> list[Any]:
    s = _styles()
    agency = register.agency
    left: list[Any] = []
    if agency.parent_agency:
        left.append(Paragraph(escape(agency.parent_agency.upper()), s["agency"]))
    left += [
        Paragraph(escape(agency.agency.upper()), s["agency_bold"]),
        HRFlowable(width="30%", thickness=0.6, color="black", spaceBefore=4, hAlign="CENTER"),
    ]
    right = [
        Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s["state"]),
        Paragraph("<u>Độc lập - Tự do - Hạnh phúc</u>", s["motto"]),
        Spacer(1, 3),
        Paragraph(escape(formats.place_date(agency.place, issued_at)), s["date"]),
    ]
    header = Table([[left, right]], colWidths=[width * 0.4, width * 0.6])
    header.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER")])
    )
    subtitle = " — ".join(
        p for p in (register.book and f"Quyển số: {register.book}", register.period) if p
    )
    story: list[Any] = [
        Paragraph("Mẫu số 07", s["form_no"]),
        header,
        Spacer(1, 6 * mm),
        Paragraph("SỔ THEO DÕI HỒ SƠ", s["title"]),
    ]
    if subtitle:
        story.append(Paragraph(escape(subtitle), s["subtitle"]))
    story.append(Spacer(1, 4 * mm))
    return story


HEADER_ROWS = 3  # two rows of titles and the row of column numbers


def _header_cells(inner: Sequence[float]) -> tuple[list[list[str]], list[Any]]:
    top, second = header_rows()
    row1: list[str] = []
    spans: list[Any] = []
    col = 0
    for title, colspan, rowspan in top:
        first = col
        row1.append(wrap(title, sum(inner[col : col + colspan]), FONT_BOLD))
        row1.extend([""] * (colspan - 1))
        col += colspan
        if colspan > 1 or rowspan > 1:
            spans.append(("SPAN", (first, 0), (col - 1, rowspan - 1)))
    row2 = [""] * len(COLUMNS)
    second_titles = iter(second)
    for i, column in enumerate(COLUMNS):
        if column.group:
            row2[i] = wrap(next(second_titles), inner[i], FONT_BOLD)
    row3 = [f"({i})" for i in range(1, len(COLUMNS) + 1)]
    return [row1, row2, row3], spans


def _body_cells(register: Register, inner: Sequence[float]) -> list[list[str]]:
    kinds = [c.kind for c in COLUMNS]
    return [
        [_cell(k, v, w) for k, v, w in zip(kinds, values, inner, strict=True)]
        for values in iter_values(register)
    ]


def _table_style(spans: list[Any]) -> TableStyle:
    centered = [i for i, c in enumerate(COLUMNS) if c.kind in ("int", "datetime")]
    last_header = HEADER_ROWS - 1
    return TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), FONT, FONT_SIZE, LEADING),
            ("FONT", (0, 0), (-1, last_header), FONT_BOLD, FONT_SIZE, LEADING),
            ("GRID", (0, 0), (-1, -1), 0.5, "black"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, last_header), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, last_header), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            *spans,
            *(("ALIGN", (i, HEADER_ROWS), (i, -1), "CENTER") for i in centered),
        ]
    )


def _row_heights(rows: list[list[str]], widths: Sequence[float], style: TableStyle) -> list[float]:
    """Heights of the rows as ReportLab will draw them, measured in one pass."""
    probe = LongTable(rows, colWidths=list(widths))
    probe.setStyle(style)
    probe.wrap(sum(widths), 1e9)
    return list(probe._rowHeights)


def paginate(heights: Sequence[float], first_room: float, room: float) -> list[tuple[int, int]]:
    """Cut rows of the given heights into pages: ``[(start, stop), …]`` covering every row in
    order, each page within its room unless one row alone is taller than a page."""
    pages: list[tuple[int, int]] = []
    start, used, limit = 0, 0.0, first_room
    for i, height in enumerate(heights):
        if used + height > limit and i > start:
            pages.append((start, i))
            start, used, limit = i, 0.0, room
        used += height
    pages.append((start, len(heights)))
    return pages


def _height(flowables: Sequence[Any], width: float, height: float) -> float:
    total = 0.0
    for f in flowables:
        total += f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return total


class _NumberedCanvas(canvas.Canvas):
    """Writes "Trang n/N" once the number of pages is known (pages are held until save)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initialFontName", FONT)  # else Helvetica, unembedded, is declared
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(FONT, 9)
            self.drawRightString(
                PAGE[0] - MARGINS["rightMargin"], 7 * mm, f"Trang {number}/{total}"
            )
            super().showPage()
        super().save()


def register_pdf_bytes(register: Register, issued_at: datetime) -> bytes:
    register_fonts()
    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        title="Sổ theo dõi hồ sơ",
        author=register.agency.name_in_text,
        lang="vi",
        **MARGINS,
    )
    widths = [c.width_mm * mm for c in COLUMNS]
    scale = doc.width / sum(widths)  # fill the line exactly whatever the column table says
    widths = [w * scale for w in widths]
    inner = [w - 2 * PADDING for w in widths]
    header, spans = _header_cells(inner)
    body = _body_cells(register, inner)
    style = _table_style(spans)
    heights = _row_heights(header + body, widths, style)
    header_height, body_heights = sum(heights[:HEADER_ROWS]), heights[HEADER_ROWS:]

    story = _national_header(register, issued_at, doc.width)
    # One table per page, cut here rather than by ReportLab: splitting one long table re-scans
    # all remaining rows at every page, which made 3,000 rows take 23 s instead of 9.
    usable = doc.height - 2 * FRAME_PADDING - SAFETY
    first_room = usable - _height(story, doc.width, doc.height) - header_height
    pages = paginate(body_heights, first_room, usable - header_height)
    for n, (start, stop) in enumerate(pages):
        if n:
            story.append(PageBreak())
        table = LongTable(header + body[start:stop], colWidths=list(widths), repeatRows=HEADER_ROWS)
        table.setStyle(style)
        story.append(table)
    if not register.rows:
        story.append(Spacer(1, 4 * mm))
        story.append(Paragraph("Không có hồ sơ trong kỳ.", _styles()["subtitle"]))
    doc.build(story, canvasmaker=_NumberedCanvas)
    return out.getvalue()
