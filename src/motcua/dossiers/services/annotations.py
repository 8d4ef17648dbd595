"""Notes and attachments: events that do not change the dossier's status but go into the
same hash chain, so the timeline and the audit cover them too."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction

from motcua.accounts.models import Official
from motcua.dossiers import signals
from motcua.dossiers.domain import Status
from motcua.dossiers.labels import ADD_NOTE, ATTACH
from motcua.dossiers.models import AttachmentKind, Dossier, DossierAttachment
from motcua.dossiers.permissions import check_may_act, check_working_role, not_found
from motcua.dossiers.services import chain
from motcua.dossiers.services.core import (
    DossierRef,
    check_version,
    lock,
    moment,
    normalize_code,
)
from motcua.dossiers.services.state import STATE_FIELDS
from motcua.errors import Conflict, InvalidInput
from motcua.text import nfc
from motcua.uploads import CheckedFile, check_upload

# Officials attach whole scanned dossiers: a larger limit than the portal's (same check).
DEFAULT_MAX_BYTES = 25 * 1024 * 1024
# A result can be attached while it is prepared, signed or waiting to be handed back.
RESULT_STATES = frozenset({Status.IN_PROCESSING, Status.WAITING_SIGNATURE, Status.RESULT_READY})


def max_attachment_bytes() -> int:
    return int(getattr(settings, "MOTCUA_MAX_ATTACHMENT_BYTES", DEFAULT_MAX_BYTES))


def _read(official: Official, dossier: DossierRef, action: str, upload: Any) -> CheckedFile:
    """The project's one upload check (content sniffed, PDF inspected, images re-encoded),
    run before the dossier is locked — parsing a PDF may take a moment, and SQLite holds
    its write lock for the whole transaction — but after a first look that ``official``
    may act on the dossier, so an outsider learns nothing from how a file is judged (the
    lock checks again)."""
    code = dossier.code if isinstance(dossier, Dossier) else normalize_code(dossier)
    row = Dossier.objects.select_related("procedure", "transferred_to").filter(
        code=code).first()
    if row is None:
        raise not_found(code)
    check_may_act(official, row, action)
    return check_upload(upload, label="Tệp đính kèm", field="file",
                        max_bytes=max_attachment_bytes())


def _write_event(official: Official, dossier: Dossier, action: str, when: datetime, note: str,
                 payload: dict[str, Any]) -> int:
    record = chain.annotation_record(action=action, state=dossier.state,
                                     actor_ref=str(official.pk), at=when, note=note,
                                     payload=payload)
    before = signals.snapshot(dossier)
    row = chain.append(dossier, record, at=when, actor=official)
    dossier.updated_at = when
    dossier.save(update_fields=STATE_FIELDS)
    signals.send(dossier, before, row)
    return row.seq


def _store(official: Official, dossier: Dossier, checked: CheckedFile, kind: str,
           electronic: bool, note: str, when: datetime) -> tuple[DossierAttachment, list[str]]:
    """Save the file and its row; returns the row and the stored names to delete if the
    transaction fails (storage is outside the database)."""
    data = checked.data
    attachment = DossierAttachment(
        dossier=dossier, step_index=dossier.step_index, kind=kind,
        original_name=checked.name[:255], content_type=checked.content_type,
        size=len(data), sha256=hashlib.sha256(data).hexdigest(), electronic=electronic,
        note=note, uploaded_by=official, uploaded_at=when, event_seq=dossier.version + 1,
    )
    stored = checked.stored_name(f"{dossier.version + 1:03d}-{kind}-{uuid.uuid4().hex[:12]}")
    attachment.file.save(stored, ContentFile(data), save=False)
    return attachment, [attachment.file.name]


def _cleanup(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # pragma: no cover - best effort
            pass


def add_attachment(official: Official, dossier: DossierRef, *, file: File | Any, kind: str,
                   electronic: bool = False, note: str = "", at: datetime | None = None,
                   expected_version: int | None = None) -> DossierAttachment:
    """Attach a file at the current step: ``kind`` scan (digitized papers), note or result
    (``electronic`` marks an electronic result, counted by the indicators)."""
    if kind not in AttachmentKind.values:
        raise InvalidInput(f"Loại tệp đính kèm «{kind}» không hợp lệ.", code="attachment.kind",
                           details={"field": "kind", "allowed": list(AttachmentKind.values)})
    checked = _read(official, dossier, ATTACH, file)
    written: list[str] = []
    try:
        with transaction.atomic():
            row = lock(official, dossier, ATTACH)
            check_working_role(official, "đính kèm tệp vào hồ sơ")
            check_version(row, expected_version)
            if kind == AttachmentKind.RESULT and row.status not in RESULT_STATES:
                raise Conflict("Chỉ đính kèm kết quả khi hồ sơ đang xử lý, chờ ký hoặc chờ trả.",
                               code="dossier.invalid_state", details={"state": row.state})
            if kind != AttachmentKind.NOTE and row.status in (
                Status.RETURNED, Status.REFUSED, Status.WITHDRAWN, Status.STOPPED
            ):
                raise Conflict("Hồ sơ đã kết thúc; chỉ còn ghi chú được.",
                               code="dossier.terminal", details={"state": row.state})
            when = moment(row, at)
            clean_note = nfc(note)
            attachment, written = _store(official, row, checked, kind, electronic, clean_note,
                                         when)
            payload: dict[str, Any] = {
                "kind": kind, "name": attachment.original_name, "size": attachment.size,
                "sha256": attachment.sha256, "electronic": electronic,
                "step_index": row.step_index,
            }
            if (kind == AttachmentKind.RESULT and electronic
                    and row.status is Status.RESULT_READY and row.electronic_result is not True):
                row.electronic_result = True
                payload["electronic_result"] = True
            _write_event(official, row, ATTACH, when, clean_note, payload)
            attachment.save()
    except BaseException:
        _cleanup(written)
        raise
    return attachment


def attach_result(official: Official, dossier: DossierRef, *, file: File | Any,
                  electronic: bool, note: str = "", at: datetime | None = None,
                  expected_version: int | None = None) -> DossierAttachment:
    """Đính kèm kết quả giải quyết (scanned paper or electronic document)."""
    return add_attachment(official, dossier, file=file, kind=AttachmentKind.RESULT,
                          electronic=electronic, note=note, at=at,
                          expected_version=expected_version)


def add_note(official: Official, dossier: DossierRef, *, text: str, file: File | Any = None,
             at: datetime | None = None, expected_version: int | None = None) -> Dossier:
    """A note at the current step, optionally with a document."""
    clean = nfc(text)
    if not clean:
        raise InvalidInput("Chưa nhập nội dung ghi chú.", code="note.required",
                           details={"field": "text"})
    if len(clean) > 5000:
        raise InvalidInput("Ghi chú quá dài (tối đa 5.000 ký tự).", code="note.too_long",
                           details={"field": "text"})
    checked = _read(official, dossier, ADD_NOTE, file) if file is not None else None
    written: list[str] = []
    try:
        with transaction.atomic():
            row = lock(official, dossier, ADD_NOTE)
            check_working_role(official, "ghi chú vào hồ sơ")
            check_version(row, expected_version)
            when = moment(row, at)
            payload: dict[str, Any] = {"step_index": row.step_index}
            attachment = None
            if checked is not None:
                attachment, written = _store(official, row, checked, AttachmentKind.NOTE,
                                             False, clean, when)
                payload["attachment"] = {"name": attachment.original_name,
                                         "size": attachment.size, "sha256": attachment.sha256}
            _write_event(official, row, ADD_NOTE, when, clean, payload)
            if attachment is not None:
                attachment.save()
    except BaseException:
        _cleanup(written)
        raise
    return row
