"""Checking files people upload (portal submissions, consent photos): the type is read
from the first bytes of the content, never from the name or the browser's claim, and the
size is bounded. Every refusal is an ``InvalidInput`` whose Vietnamese message says what
to do.

    checked = check_upload(request.FILES["giay_to"], label="Giấy chứng sinh")
    checked.kind      # "pdf" | "jpeg" | "png"
    checked.as_file() # a ContentFile named with the right extension

Setting ``MOTCUA_UPLOAD_MAX_BYTES`` (or the environment variable of the same name):
largest accepted file, default 10 MB.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile

from motcua.errors import InvalidInput
from motcua.text import nfc

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# Signatures at offset 0 (a PDF may have up to 1 KB of junk before "%PDF-": the
# specification tolerates it and some scanners write it).
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
}
CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png"}
LABELS = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG"}
DOCUMENT_KINDS = ("pdf", "jpeg", "png")
IMAGE_KINDS = ("jpeg", "png")


def max_upload_bytes() -> int:
    value = getattr(settings, "MOTCUA_UPLOAD_MAX_BYTES", None)
    if value is None:
        value = os.environ.get("MOTCUA_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)
    return int(value)


def sniff(data: bytes) -> str | None:
    """The kind of file ``data`` is ("pdf", "jpeg", "png"), or None."""
    for kind, signatures in _SIGNATURES.items():
        if any(data.startswith(s) for s in signatures):
            return kind
    if b"%PDF-" in data[:1024]:
        return "pdf"
    return None


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}".replace(".", ",")


def _too_large(label: str, shown: str, size: int, limit: int, field: str) -> InvalidInput:
    return InvalidInput(
        f"{label}: tệp «{shown}» nặng {_megabytes(size)} MB, quá giới hạn "
        f"{_megabytes(limit)} MB. Hãy chụp hoặc quét lại với độ phân giải thấp hơn, "
        "hoặc chia thành nhiều tệp.",
        code="upload.too_large",
        details={"field": field, "name": shown, "size": size, "limit": limit})


@dataclass(frozen=True)
class CheckedFile:
    name: str  # the uploaded name, NFC, for display only
    data: bytes
    kind: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]

    @property
    def size(self) -> int:
        return len(self.data)

    def stored_name(self, stem: str = "tep") -> str:
        """A safe name whose extension matches the content (the uploaded one may lie)."""
        return f"{stem}{EXTENSIONS[self.kind]}"

    def as_file(self, stem: str = "tep") -> ContentFile:
        upload = ContentFile(self.data, name=self.stored_name(stem))
        upload.content_type = self.content_type  # type: ignore[attr-defined]
        return upload


def check_bytes(data: bytes, *, name: str = "", label: str = "Tệp",
                allowed: Iterable[str] = DOCUMENT_KINDS, field: str = "file",
                max_bytes: int | None = None) -> CheckedFile:
    allowed = tuple(allowed)
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    shown = nfc(os.path.basename(name or "")) or "tệp"
    accepted = ", ".join(LABELS[k] for k in allowed)
    details = {"field": field, "name": shown}
    if not data:
        raise InvalidInput(f"{label}: tệp «{shown}» rỗng. Hãy chọn lại tệp đã chụp hoặc quét.",
                           code="upload.empty", details=details)
    if len(data) > limit:
        raise _too_large(label, shown, len(data), limit, field)
    kind = sniff(data)
    if kind is None or kind not in allowed:
        found = f" (tệp này là {LABELS[kind]})" if kind else ""
        raise InvalidInput(
            f"{label}: tệp «{shown}» không phải {accepted}{found}. Chỉ nhận ảnh chụp hoặc "
            f"bản quét dạng {accepted}; hãy lưu lại đúng định dạng rồi chọn lại.",
            code="upload.type", details={**details, "allowed": list(allowed)})
    return CheckedFile(shown, data, kind)


def check_upload(upload: Any, *, label: str = "Tệp", allowed: Iterable[str] = DOCUMENT_KINDS,
                 field: str = "file", max_bytes: int | None = None) -> CheckedFile:
    """Read and check an uploaded file (Django ``UploadedFile`` or any file object)."""
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    name = str(getattr(upload, "name", "") or "")
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        # Refuse before reading a huge file into memory.
        raise _too_large(label, nfc(os.path.basename(name)) or "tệp", size, limit, field)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    return check_bytes(data, name=name, label=label, allowed=allowed, field=field,
                       max_bytes=limit)
