"""What the person filled in, kept between the form and the review step: the fields in the
session, the checked files in the storage under a random folder (no public URL; the folder
name is only in the session).

Files that passed the checks are kept even when the rest of the form did not, so that on a
slow or dropping connection nobody uploads the same scan twice: the form says which files
it already holds and asks only for the missing or refused ones. Dropped once submitted.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest

from motcua.uploads import CheckedFile

SESSION_KEY = "motcua_submission_draft"


def _save(token: str, key: str, checked: CheckedFile) -> dict[str, Any]:
    name = default_storage.save(f"portal-drafts/{token}/{key}{checked.stored_name('')}",
                                ContentFile(checked.data))
    return {"path": name, "name": checked.name, "kind": checked.kind, "size": checked.size}


def _delete(metas: Any) -> None:
    for meta in metas:
        try:
            default_storage.delete(meta["path"])
        except OSError:  # pragma: no cover - best effort
            pass


def load(request: HttpRequest, *, mode: str, procedure_code: str) -> dict[str, Any] | None:
    draft = request.session.get(SESSION_KEY)
    if (not isinstance(draft, dict) or draft.get("mode") != mode
            or draft.get("procedure_code") != procedure_code):
        return None
    files = draft.get("files", {})
    gone = [key for key, meta in files.items() if not default_storage.exists(meta["path"])]
    if gone:  # purged meanwhile (purge_stale): ask for those files again
        for key in gone:
            files.pop(key)
        draft["complete"] = False
        request.session.modified = True
    return draft


def kept_files(request: HttpRequest, *, mode: str, procedure_code: str) -> dict[str, Any]:
    draft = load(request, mode=mode, procedure_code=procedure_code)
    return dict(draft["files"]) if draft else {}


def save(request: HttpRequest, *, mode: str, procedure_code: str, fields: dict[str, Any],
         files: dict[str, CheckedFile], complete: bool) -> None:
    """Store the new ``files`` (replacing kept ones under the same key) and the fields;
    ``complete`` when the form was valid and the review step may show it."""
    old = request.session.get(SESSION_KEY)
    kept: dict[str, Any] = {}
    if isinstance(old, dict):
        same = old.get("mode") == mode and old.get("procedure_code") == procedure_code
        kept = dict(old.get("files", {})) if same else {}
        stale = [m for k, m in old.get("files", {}).items() if not same or k in files]
        _delete(stale)
        for key in files:
            kept.pop(key, None)
        token = old.get("token") if same else None
    else:
        token = None
    token = token or secrets.token_hex(16)
    kept.update({key: _save(token, key, checked) for key, checked in files.items()})
    request.session[SESSION_KEY] = {"token": token, "mode": mode,
                                    "procedure_code": procedure_code, "fields": fields,
                                    "files": kept, "complete": complete}


def forget_file(request: HttpRequest, key: str) -> None:
    draft = request.session.get(SESSION_KEY)
    if isinstance(draft, dict) and key in draft.get("files", {}):
        _delete([draft["files"].pop(key)])
        request.session.modified = True


def file_of(draft: dict[str, Any], key: str) -> CheckedFile | None:
    meta = draft["files"].get(key)
    if meta is None:
        return None
    with default_storage.open(meta["path"], "rb") as handle:
        data = handle.read()
    return CheckedFile(meta["name"], data, meta["kind"])


def drop(request: HttpRequest) -> None:
    draft = request.session.pop(SESSION_KEY, None)
    if isinstance(draft, dict):
        _delete(draft.get("files", {}).values())


def purge_stale(older_than: timedelta = timedelta(days=1), *, now: datetime | None = None
                ) -> int:
    """Delete draft files left by sessions that never submitted; returns how many. For a
    periodic job (the session that held them has expired by then)."""
    from django.utils import timezone

    limit = (now or timezone.now()) - older_than
    removed = 0
    try:
        folders, _ = default_storage.listdir("portal-drafts")
    except (FileNotFoundError, NotImplementedError):
        return 0
    for folder in folders:
        _, files = default_storage.listdir(f"portal-drafts/{folder}")
        for name in files:
            path = f"portal-drafts/{folder}/{name}"
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
                removed += 1
    return removed
