"""Small real files and the sign-in dance shared by the submission tests."""

from __future__ import annotations

import io
import struct
import zlib
from urllib.parse import urlsplit

from django.test import Client

BINH_LU = "03390"
MUONG_THAN = "03618"
BIRTH = "1.001193"


def png_bytes(width: int = 4, height: int = 3) -> bytes:
    """A real PNG (grey pixels) built by hand, no imaging library needed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def pdf_bytes(text: str = "Giay chung sinh") -> bytes:
    """A small valid one-page PDF, made with reportlab (a project dependency)."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(200, 100))
    page.drawString(10, 50, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def sign_in(client: Client, provider, username: str = "012090001234", *, next_url: str = ""
            ) -> object:
    """Sign ``client`` in as ``username`` at the real test provider; returns the response
    of motcua's callback."""
    start = client.get("/cong-dan/dang-nhap/", {"next": next_url} if next_url else {})
    assert start.status_code == 302, start.content[:300]
    back = provider.sign_in(start["Location"], username)
    parts = urlsplit(back)
    assert parts.path == "/cong-dan/dang-nhap/xong/", back
    return client.get(f"{parts.path}?{parts.query}")
