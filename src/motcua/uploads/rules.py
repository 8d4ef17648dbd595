"""Rules of accepted uploads, pure Python: which kinds exist, how they are recognised from
their first bytes, which names agree with which content, and how an uploaded name is made
safe to show and store. No Django here; ``motcua.uploads`` applies these with settings.

The name a browser sends and the content type it claims are never trusted: the kind comes
from the bytes. The name only has to *agree* (a ``.pdf`` that is really HTML is refused).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 10 * MB  # one file
DEFAULT_MAX_TOTAL_BYTES = 50 * MB  # all the files of one submission
DEFAULT_MAX_PDF_PAGES = 100
# 50 megapixels: a 48 MP phone photo passes; a "bomb" (a few KB that inflate to
# gigabytes of pixels) does not. Checked from the header, before any pixel is decoded.
DEFAULT_MAX_IMAGE_PIXELS = 50_000_000

# Kinds recognised from content. "webp" is accepted and re-encoded to JPEG or PNG;
# "heic" is recognised only to say clearly that it is not accepted.
PDF, JPEG, PNG, WEBP, HEIC = "pdf", "jpeg", "png", "webp", "heic"
IMAGE_KINDS: tuple[str, ...] = (JPEG, PNG, WEBP)
DOCUMENT_KINDS: tuple[str, ...] = (PDF, *IMAGE_KINDS)
STORED_KINDS: tuple[str, ...] = (PDF, JPEG, PNG)  # what is kept after re-encoding

CONTENT_TYPES = {PDF: "application/pdf", JPEG: "image/jpeg", PNG: "image/png",
                 WEBP: "image/webp", HEIC: "image/heic"}
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", WEBP: ".webp", HEIC: ".heic"}
LABELS = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG", WEBP: "WebP", HEIC: "HEIC"}

# Extensions a name may carry for each family. Among images any image extension agrees
# with any image content (phones and chat apps mislabel JPEG and PNG all the time and the
# image is re-encoded anyway); a document extension must match a document.
_PDF_EXTENSIONS = frozenset({".pdf"})
_IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".webp",
                               ".heic", ".heif"})


def sniff(data: bytes) -> str | None:
    """The kind of ``data`` from its first bytes, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"heim", b"heis", b"hevc",
                                               b"hevx", b"mif1", b"msf1"):
        return HEIC
    # The specification tolerates up to 1 KB of junk before "%PDF-" (some scanners write
    # it), but not an HTML or executable header: the junk may not look like markup.
    head = data[:1024]
    at = head.find(b"%PDF-")
    if at == 0 or (at > 0 and not _looks_active(head[:at])):
        return PDF
    return None


_ACTIVE = re.compile(rb"<\s*[a-z!?]|^MZ|^\x7fELF|^PK\x03\x04|^#!", re.IGNORECASE)


def _looks_active(prefix: bytes) -> bool:
    return bool(_ACTIVE.search(prefix.lstrip()))


def extension_of(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def name_agrees(name: str, kind: str) -> bool:
    """A name without extension agrees with anything (the stored name gets the right one);
    otherwise its extension must belong to the kind's family."""
    extension = extension_of(name)
    if not extension:
        return True
    if kind == PDF:
        return extension in _PDF_EXTENSIONS
    return extension in _IMAGE_EXTENSIONS


_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"/\\|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
MAX_NAME_LENGTH = 150


def safe_name(name: str | None, default: str = "tệp") -> str:
    """The uploaded name made safe to show and to send back in a header: Unicode NFC, no
    directory part (``../``, ``C:\\``), no control or bidirectional-override characters,
    no leading dots, at most 150 characters keeping the extension."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = _UNSAFE.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip().lstrip(".").strip()
    if not text or set(text) <= {"_", " ", "."}:
        return default
    if len(text) > MAX_NAME_LENGTH:
        stem, extension = os.path.splitext(text)
        extension = extension[:16]
        text = stem[: MAX_NAME_LENGTH - len(extension)] + extension
    return text


@dataclass(frozen=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES
    max_pdf_pages: int = DEFAULT_MAX_PDF_PAGES
    max_image_pixels: int = DEFAULT_MAX_IMAGE_PIXELS


def megabytes(size: int) -> str:
    """1,5 / 10 / 25: Vietnamese decimal comma."""
    value = size / MB
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}".replace(
        ".", ",")
