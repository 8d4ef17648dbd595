"""Small real files for attachment tests: uploads are opened and checked (pikepdf,
Pillow), so a few bytes starting "%PDF" no longer pass for a PDF."""

from __future__ import annotations

import io


def pdf(text: str = "ban scan") -> bytes:
    """A one-page PDF carrying ``text``; the same text gives the same bytes."""
    import pikepdf

    document = pikepdf.new()
    document.add_blank_page(page_size=(200, 100))
    document.pages[0].Contents = document.make_stream(
        b"BT /F1 12 Tf 10 50 Td (" + text.encode("latin-1", "replace")
        .replace(b"(", b"").replace(b")", b"") + b") Tj ET")
    out = io.BytesIO()
    document.save(out, deterministic_id=True)
    return out.getvalue()


def jpeg(width: int = 8, height: int = 6) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (90, 120, 150)).save(out, format="JPEG")
    return out.getvalue()
