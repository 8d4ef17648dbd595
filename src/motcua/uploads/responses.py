"""Sending a stored upload back: only from views that checked permission first, never
from a public URL (MEDIA_URL is not routed). The response cannot be turned against the
site: the content type comes from what the check stored (a short list), the browser may
not sniff another one, and the file is sandboxed by its own Content-Security-Policy, so a
file that is somehow HTML or SVG runs nothing even when opened inline."""

from __future__ import annotations

import logging
from typing import Any

from django.http import FileResponse

from motcua.errors import NotFound
from motcua.uploads.rules import CONTENT_TYPES, EXTENSIONS, safe_name

_SERVED_TYPES = frozenset(CONTENT_TYPES.values())
FILE_CSP = "default-src 'none'; sandbox"


logger = logging.getLogger(__name__)

def content_type_of(claimed: str, stored_name: str) -> str:
    """The stored type if it is one the check produces, else from the stored name's
    extension (set from content), else a download of unknown bytes."""
    if claimed in _SERVED_TYPES:
        return claimed
    lower = stored_name.lower()
    for kind, extension in EXTENSIONS.items():
        if lower.endswith(extension) or (extension == ".jpg" and lower.endswith(".jpeg")):
            return CONTENT_TYPES[kind]
    return "application/octet-stream"


def file_response(field_file: Any, *, filename: str, content_type: str = "",
                  inline: bool = False) -> FileResponse:
    """Stream a stored file (read through the storage API, so it works on any backend)
    with a safe name in an RFC 6266/5987 Content-Disposition."""
    kind = content_type_of(content_type, str(field_file.name or ""))
    # Inline only for what browsers show as a document or a picture; never for unknowns.
    as_attachment = not inline or kind == "application/octet-stream"
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        # The row outlived its file (storage restored without it, a manual delete): the
        # caller gets a clear 404, the operators an error in the log.
        logger.error("stored file %s missing from storage", field_file.name)
        raise NotFound("Tệp không còn trong kho lưu trữ; hãy báo quản trị hệ thống.",
                       code="attachment.file_missing") from None
    response = FileResponse(handle, as_attachment=as_attachment,
                            filename=safe_name(filename, "tep"), content_type=kind)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response
