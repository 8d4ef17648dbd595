"""The one upload check of the project (portal submissions and drafts, consent photos,
feedback files, attachments added by officials, the API). The type is read from the
content, never from the name or the browser's claim; the name must agree with it; size,
PDF pages and image pixels are bounded; PDFs carrying anything active are refused and
images are re-encoded without metadata (rules in ``rules.py``, the looking inside in
``inspect.py``). Every refusal is an ``InvalidInput`` with a code ``upload.*`` and a
Vietnamese message saying what to do.

    checked = check_upload(request.FILES["giay_to"], label="Giấy chứng sinh")
    checked.kind      # "pdf" | "jpeg" | "png" (what is stored, after re-encoding)
    checked.as_file() # a ContentFile named with the right extension

Settings (or environment variables of the same name): ``MOTCUA_UPLOAD_MAX_BYTES`` (one
file, default 10 MB), ``MOTCUA_UPLOAD_MAX_TOTAL_BYTES`` (all files of one submission,
50 MB), ``MOTCUA_UPLOAD_MAX_PDF_PAGES`` (100), ``MOTCUA_UPLOAD_MAX_IMAGE_PIXELS``
(50 million).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile

from motcua.errors import InvalidInput
from motcua.uploads import rules
from motcua.uploads.inspect import Refusal, inspect_pdf, reencode_image
from motcua.uploads.rules import (
    CONTENT_TYPES,
    DOCUMENT_KINDS,
    EXTENSIONS,
    HEIC,
    IMAGE_KINDS,
    LABELS,
    PDF,
    safe_name,
    sniff,
)

__all__ = ["CONTENT_TYPES", "DOCUMENT_KINDS", "EXTENSIONS", "IMAGE_KINDS", "LABELS",
           "CheckedFile", "check_bytes", "check_total", "check_upload", "limits",
           "max_upload_bytes", "safe_name", "sniff"]

DEFAULT_MAX_BYTES = rules.DEFAULT_MAX_BYTES


def _setting(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    return int(value)


def limits() -> rules.Limits:
    return rules.Limits(
        max_bytes=_setting("MOTCUA_UPLOAD_MAX_BYTES", rules.DEFAULT_MAX_BYTES),
        max_total_bytes=_setting("MOTCUA_UPLOAD_MAX_TOTAL_BYTES",
                                 rules.DEFAULT_MAX_TOTAL_BYTES),
        max_pdf_pages=_setting("MOTCUA_UPLOAD_MAX_PDF_PAGES", rules.DEFAULT_MAX_PDF_PAGES),
        max_image_pixels=_setting("MOTCUA_UPLOAD_MAX_IMAGE_PIXELS",
                                  rules.DEFAULT_MAX_IMAGE_PIXELS),
    )


def max_upload_bytes() -> int:
    return limits().max_bytes


def _too_large(label: str, shown: str, size: int, limit: int, field: str) -> InvalidInput:
    return InvalidInput(
        f"{label}: tệp «{shown}» nặng {rules.megabytes(size)} MB, quá giới hạn "
        f"{rules.megabytes(limit)} MB. Hãy chụp hoặc quét lại với độ phân giải thấp hơn, "
        "hoặc chia thành nhiều tệp.",
        code="upload.too_large",
        details={"field": field, "name": shown, "size": size, "limit": limit})


@dataclass(frozen=True)
class CheckedFile:
    name: str  # the uploaded name made safe (NFC, no path), for display only
    data: bytes  # what is stored: the PDF as sent, an image re-encoded
    kind: str  # "pdf" | "jpeg" | "png"

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
    bounds = limits()
    limit = max_bytes if max_bytes is not None else bounds.max_bytes
    shown = safe_name(name)
    accepted = ", ".join(dict.fromkeys(LABELS[k] for k in allowed))
    details: dict[str, Any] = {"field": field, "name": shown}
    if not data:
        raise InvalidInput(f"{label}: tệp «{shown}» rỗng. Hãy chọn lại tệp đã chụp hoặc quét.",
                           code="upload.empty", details=details)
    if len(data) > limit:
        raise _too_large(label, shown, len(data), limit, field)
    kind = sniff(data)
    if kind == HEIC:
        raise InvalidInput(
            f"{label}: ảnh «{shown}» ở định dạng HEIC (ảnh iPhone) chưa được nhận. Hãy chọn "
            "Cài đặt → Camera → Định dạng → «Tương thích nhất» rồi chụp lại, hoặc chuyển "
            "ảnh sang JPEG trước khi gửi.",
            code="upload.heic", details={**details, "allowed": list(allowed)})
    if kind is None or kind not in allowed:
        found = f" (tệp này là {LABELS[kind]})" if kind else ""
        raise InvalidInput(
            f"{label}: tệp «{shown}» không phải {accepted}{found}. Chỉ nhận ảnh chụp hoặc "
            f"bản quét dạng {accepted}; hãy lưu lại đúng định dạng rồi chọn lại.",
            code="upload.type", details={**details, "allowed": list(allowed)})
    if not rules.name_agrees(shown, kind):
        raise InvalidInput(
            f"{label}: tệp «{shown}» có đuôi «{rules.extension_of(shown)}» nhưng nội dung là "
            f"{LABELS[kind]}. Hãy kiểm tra lại tệp (có thể đã chọn nhầm) rồi chọn lại.",
            code="upload.extension_mismatch", details={**details, "kind": kind})
    try:
        if kind == PDF:
            inspect_pdf(data, max_pages=bounds.max_pdf_pages)
            return CheckedFile(shown, data, kind)
        image = reencode_image(data, kind, max_pixels=bounds.max_image_pixels)
    except Refusal as refusal:
        raise InvalidInput(f"{label}: tệp «{shown}» {refusal.message}", code=refusal.code,
                           details=details) from None
    return CheckedFile(shown, image.data, image.kind)


def check_upload(upload: Any, *, label: str = "Tệp", allowed: Iterable[str] = DOCUMENT_KINDS,
                 field: str = "file", max_bytes: int | None = None) -> CheckedFile:
    """Read and check an uploaded file (Django ``UploadedFile`` or any file object)."""
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    name = str(getattr(upload, "name", "") or "")
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        # Refuse before reading a huge file into memory.
        raise _too_large(label, safe_name(name), size, limit, field)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    return check_bytes(data, name=name, label=label, allowed=allowed, field=field,
                       max_bytes=limit)


def check_total(files: Sequence[CheckedFile], *, field: str = "files",
                max_total_bytes: int | None = None, already: int = 0) -> None:
    """All the files of one submission together (plus ``already`` bytes held from an
    earlier attempt) stay under the total limit."""
    limit = (max_total_bytes if max_total_bytes is not None
             else limits().max_total_bytes)
    total = already + sum(f.size for f in files)
    if total > limit:
        raise InvalidInput(
            f"Các tệp gửi kèm nặng tổng cộng {rules.megabytes(total)} MB, quá giới hạn "
            f"{rules.megabytes(limit)} MB cho một lần gửi. Hãy chụp hoặc quét lại với độ "
            "phân giải thấp hơn.",
            code="upload.total_too_large",
            details={"field": field, "size": total, "limit": limit})
