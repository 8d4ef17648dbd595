"""QR code of the dossier code, drawn as inline SVG so that the PDF needs no image file.

Circular 01/2018 art. 19 (carried into Circular 03/2025, REFERENCE §2) allows a barcode or QR
code of the dossier code on the receipt. The symbol carries the code only, or — when the
installation knows its public address — the portal's status lookup with the code filled in
(``lookup_payload``), so that a phone camera opens the page; the applicant's copy is what
leaves the counter. Nothing personal is in it either way; the control slip keeps the bare
code for the counter's scanner.
"""

from __future__ import annotations

from urllib.parse import quote

import segno

# Medium error correction survives a folded or smudged paper; segno raises it further for
# free when the version has room (boost_error).
ERROR_LEVEL = "m"
# Two modules of quiet zone: the slip's white margin provides the rest.
BORDER = 2


def lookup_payload(code: str, public_url: str) -> str:
    """What the receipt's QR code says: the status lookup link, or the code alone."""
    base = (public_url or "").strip().rstrip("/")
    if not base:
        return code
    return f"{base}/dich-vu-cong/tra-cuu/?ma={quote(code, safe='')}"


def make(text: str) -> segno.QRCode:
    return segno.make_qr(text, error=ERROR_LEVEL, boost_error=True)


def qr_svg(text: str) -> str:
    """An ``<svg>`` element without width/height: the stylesheet sizes it (``.qr svg``)."""
    return make(text).svg_inline(scale=1, border=BORDER, omitsize=True, svgclass="qr-code")


def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """Dark modules, row by row, quiet zone excluded (for tests and other renderers)."""
    return tuple(tuple(bool(m) for m in row) for row in make(text).matrix)
