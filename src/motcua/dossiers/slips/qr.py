"""QR code of the dossier code, drawn as inline SVG so that the PDF needs no image file.

Circular 01/2018 art. 19 (carried into Circular 03/2025, REFERENCE §2) allows a barcode or QR
code of the dossier code on the receipt; the code is all the symbol carries, so a scanner at
the counter finds the dossier and a citizen's phone shows nothing personal.
"""

from __future__ import annotations

import segno

# Medium error correction survives a folded or smudged paper; segno raises it further for
# free when the version has room (boost_error).
ERROR_LEVEL = "m"
# Two modules of quiet zone: the slip's white margin provides the rest.
BORDER = 2


def make(text: str) -> segno.QRCode:
    return segno.make_qr(text, error=ERROR_LEVEL, boost_error=True)


def qr_svg(text: str) -> str:
    """An ``<svg>`` element without width/height: the stylesheet sizes it (``.qr svg``)."""
    return make(text).svg_inline(scale=1, border=BORDER, omitsize=True, svgclass="qr-code")


def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """Dark modules, row by row, quiet zone excluded (for tests and other renderers)."""
    return tuple(tuple(bool(m) for m in row) for row in make(text).matrix)
