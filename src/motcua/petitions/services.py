"""Writers of petitions: one function per use case, each one transaction."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.errors import InvalidInput
from motcua.petitions import domain
from motcua.petitions.models import Feedback, FeedbackAttachment
from motcua.text import nfc
from motcua.uploads import CheckedFile, check_total, check_upload


def max_file_bytes() -> int:
    return int(getattr(settings, "MOTCUA_FEEDBACK_MAX_FILE_BYTES",
                       os.environ.get("MOTCUA_FEEDBACK_MAX_FILE_BYTES",
                                      domain.DEFAULT_MAX_FILE_BYTES)))


def _bad(message: str, field: str, code: str) -> InvalidInput:
    return InvalidInput(message, code=f"feedback.{code}", details={"field": field})


def _read_files(files: Sequence[Any]) -> list[CheckedFile]:
    """Each upload checked by the project's one upload check (content, size, PDF contents,
    images re-encoded), and all of them together under the total limit."""
    files = [f for f in files if f is not None and getattr(f, "size", 1)]
    if len(files) > domain.MAX_FILES:
        raise _bad(f"Chỉ gửi kèm tối đa {domain.MAX_FILES} tệp.", "files", "too_many_files")
    limit = max_file_bytes()
    checked = [check_upload(upload, label="Tệp gửi kèm", field="files", max_bytes=limit)
               for upload in files]
    check_total(checked, field="files")
    return checked


def _unit(commune_code: str) -> tuple[str, str]:
    from motcua.units.models import Unit

    unit = Unit.objects.filter(code=(commune_code or "").strip()).first()
    if unit is None:
        raise _bad("Hãy chọn xã, phường nơi bạn muốn gửi.", "commune_code", "commune")
    return unit.code, unit.province_id


def submit_feedback(
    *,
    kind: str,
    text: str,
    commune_code: str,
    dossier_code: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    files: Sequence[Any] = (),
    allowed_province: str = "",
) -> Feedback:
    """Store a recommendation or feedback sent from the portal and return it (its
    ``reference`` is shown to the sender). Everything is checked before anything is
    written; files are written inside the transaction and removed if it fails."""
    try:
        kind = domain.FeedbackKind(kind).value
    except ValueError:
        raise _bad("Hãy chọn loại: kiến nghị hoặc phản ánh.", "kind", "kind") from None
    body = nfc(text) if "\n" not in (text or "") else "\n".join(
        nfc(line) for line in text.replace("\r\n", "\n").split("\n")).strip()
    if len(body) < domain.TEXT_MIN:
        raise _bad(f"Hãy viết nội dung (ít nhất {domain.TEXT_MIN} ký tự).", "text", "text_short")
    if len(body) > domain.TEXT_MAX:
        raise _bad(f"Nội dung dài quá {domain.TEXT_MAX} ký tự; hãy rút gọn hoặc gửi kèm tệp.",
                   "text", "text_long")
    commune, province = _unit(commune_code)
    if allowed_province and province != allowed_province:
        raise _bad("Xã, phường đã chọn không thuộc tỉnh này.", "commune_code", "commune")
    name, phone, email = nfc(contact_name)[:200], nfc(contact_phone), nfc(contact_email)
    if phone and not domain.phone_ok(phone):
        raise _bad("Số điện thoại chưa đúng: chỉ gồm chữ số, ví dụ 0912 345 678.",
                   "contact_phone", "phone")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise _bad("Địa chỉ thư điện tử chưa đúng, ví dụ ten@example.vn.",
                       "contact_email", "email") from None
    code = nfc(dossier_code).replace(" ", "").upper()[:40]
    uploads = _read_files(files)

    from motcua.dossiers.models import Dossier

    dossier = Dossier.objects.filter(code=code).first() if code else None
    now = timezone.now()
    written: list[Any] = []
    try:
        with transaction.atomic():
            feedback = _create(now, kind=kind, text=body, dossier_code=code, dossier=dossier,
                               contact_name=name, contact_phone=phone[:20],
                               contact_email=email, commune_code=commune,
                               province_code=province)
            for n, checked in enumerate(uploads, 1):
                att = FeedbackAttachment(feedback=feedback, original_name=checked.name[:255],
                                         content_type=checked.content_type, size=checked.size,
                                         sha256=hashlib.sha256(checked.data).hexdigest())
                att.file.save(checked.stored_name(str(n)), ContentFile(checked.data),
                              save=False)
                written.append(att.file)
                att.save()
    except BaseException:
        for f in written:
            f.storage.delete(f.name)
        raise
    return feedback


def _create(now: Any, **fields: Any) -> Feedback:
    for _ in range(5):
        try:
            with transaction.atomic():
                return Feedback.objects.create(
                    reference=domain.new_reference(timezone.localdate(now)), received_at=now,
                    **fields)
        except IntegrityError:
            continue  # a random reference collided: draw again
    raise RuntimeError("could not draw a free feedback reference")
