"""Charts drawn on the server as inline SVG: no script, no font or file from anywhere else,
readable without colour (each bar carries its figure as text) and by screen readers (a
``<title>`` and ``role="img"`` with a label)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

RED, GREEN, GREY = "#b3261e", "#1b6e3a", "#ddd6d2"


def hbars(items: Sequence[tuple[str, Decimal | int | None, str]], *, label: str,
          maximum: float | None = None, color: str = GREEN) -> SafeString:
    """Horizontal bars, one per (name, value, shown text); ``None`` is drawn as "no data"."""
    row, name_w, width = 22, 130, 360
    values = [float(v) for _, v, _ in items if v is not None]
    top = maximum or (max(values) if values else 1.0) or 1.0
    height = row * len(items) + 4
    parts = [f'<svg class="chart" viewBox="0 0 {width + name_w + 70} {height}" '
             f'role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
             f"<title>{escape(label)}</title>"]
    for i, (name, value, shown) in enumerate(items):
        y = i * row + 2
        parts.append(f'<text x="{name_w - 6}" y="{y + 15}" text-anchor="end" '
                     f'font-size="12">{escape(name[:22])}</text>')
        w = 0.0 if value is None else max(0.0, float(value)) / top * width
        parts.append(f'<rect x="{name_w}" y="{y + 3}" width="{width}" height="{row - 8}" '
                     f'fill="{GREY}" opacity="0.35"/>')
        parts.append(f'<rect x="{name_w}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" '
                     f'fill="{color}"/>')
        parts.append(f'<text x="{name_w + width + 6}" y="{y + 15}" font-size="12">'
                     f"{escape(shown)}</text>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def columns(items: Sequence[tuple[str, int, int]], *, label: str,
            legend: tuple[str, str] = ("", "")) -> SafeString:
    """Monthly columns: (month label, total, part) with the part drawn inside the total
    (e.g. received and received online)."""
    col, height, base = 44, 160, 130
    width = max(1, len(items)) * col + 10
    top = max([t for _, t, _ in items] or [1]) or 1
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height + 16}" role="img" '
             f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
             f"<title>{escape(label)}</title>"]
    for i, (name, total, part) in enumerate(items):
        x = i * col + 8
        h = total / top * (base - 14)
        p = part / top * (base - 14)
        parts.append(f'<rect x="{x}" y="{base - h:.1f}" width="{col - 12}" height="{h:.1f}" '
                     f'fill="{GREY}"><title>{escape(name)}: {total}</title></rect>')
        parts.append(f'<rect x="{x}" y="{base - p:.1f}" width="{col - 12}" height="{p:.1f}" '
                     f'fill="{RED}"/>')
        parts.append(f'<text x="{x + (col - 12) / 2}" y="{base - h - 3:.1f}" font-size="10" '
                     f'text-anchor="middle">{total}</text>')
        parts.append(f'<text x="{x + (col - 12) / 2}" y="{base + 14}" font-size="10" '
                     f'text-anchor="middle">{escape(name)}</text>')
    if legend[0]:
        parts.append(f'<text x="8" y="{height + 12}" font-size="11" fill="#5f5955">'
                     f"{escape(legend[0])} (xám) · {escape(legend[1])} (đỏ)</text>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
