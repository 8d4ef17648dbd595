"""Reception at the counter (tiếp nhận hồ sơ): validate the applicant and the papers,
route to the competent agency, number the dossier, promise a date, write the first event.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from motcua.accounts.domain import Role
from motcua.accounts.models import Official
from motcua.catalog import selectors as catalog
from motcua.catalog.models import Procedure, RequiredDocument
from motcua.dossiers import signals
from motcua.dossiers.domain import Receive, format_code, receive, validate_personal_id
from motcua.dossiers.domain.events import to_utc
from motcua.dossiers.models import Channel, DailySequence, Dossier, DossierDocument
from motcua.dossiers.services import chain, sequences
from motcua.dossiers.services.core import actor_of, moment
from motcua.dossiers.services.routing import (
    competent_agency,
    receiving_agency_for,
    resolve_official,
    unit_exists,
)
from motcua.dossiers.services.state import MACHINE_CHANNEL
from motcua.errors import InvalidInput, MotcuaError, NotFound
from motcua.text import nfc
from motcua.units.models import Agency
from motcua.workdays.domain import VN_TZ, Limit
from motcua.workdays.selectors import clock_for

_PHONE_SEPARATORS = re.compile(r"[\s.\-()]+")
# Vietnamese numbers: 10 digits for mobiles (0 + 9), 11 for landlines with a 3-digit area
# code (0 + 2xx + 7 digits); +84 / 84 stand for the leading 0.
_PHONE = re.compile(r"0[1-9][0-9]{8,9}")
# A reception time later than now by more than this is a wrong clock or a wrong input.
_FUTURE_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True)
class DocumentLine:
    """One line of the intake checklist.

    ``required_document_id`` points into the procedure's catalog documents (name and copies
    default from there); a line without it is an extra paper and needs a ``name``.
    ``from_data_held``: not handed in, taken from data the administration already holds
    (only for documents the catalog marks reusable). ``scanned``: the paper was digitized.
    """

    required_document_id: int | None = None
    name: str = ""
    copies: int | None = None
    provided: bool = True
    from_data_held: bool = False
    scanned: bool = False


@dataclass
class _Applicant:
    name: str
    personal_id: str
    phone: str
    email: str
    address: str
    unit_code: str
    notes: list[str] = field(default_factory=list)


def _bad(message: str, code: str, field_name: str, **details: Any) -> InvalidInput:
    return InvalidInput(message, code=code, details={"field": field_name, **details})


def normalize_phone(text: str) -> str:
    raw = _PHONE_SEPARATORS.sub("", text or "")
    if not raw:
        return ""
    if raw.startswith("+84"):
        raw = "0" + raw[3:]
    elif raw.startswith("84") and len(raw) in (11, 12):
        raw = "0" + raw[2:]
    if not _PHONE.fullmatch(raw):
        raise _bad(
            f"Số điện thoại «{text}» không hợp lệ (10 chữ số, ví dụ 0912 345 678; "
            "máy bàn 11 chữ số).",
            "phone.invalid",
            "applicant_phone",
        )
    return raw


def _applicant(
    *, name: str, personal_id: str, phone: str, email: str, address: str, unit_code: str,
    today: Any,
) -> _Applicant:
    clean_name = nfc(name)
    if not clean_name:
        raise _bad("Chưa nhập họ và tên người nộp hồ sơ.", "applicant.name_required",
                   "applicant_name")
    if len(clean_name) > 200:
        raise _bad("Họ và tên quá dài (tối đa 200 ký tự).", "applicant.name_too_long",
                   "applicant_name")
    if not (personal_id or "").strip():
        raise _bad("Chưa nhập số định danh cá nhân (số CCCD) của người nộp hồ sơ.",
                   "personal_id.required", "applicant_personal_id")
    number = validate_personal_id(personal_id, today=today).number
    clean_email = (email or "").strip()
    if clean_email:
        try:
            validate_email(clean_email)
        except ValidationError:
            raise _bad(f"Địa chỉ thư điện tử «{email}» không hợp lệ.", "email.invalid",
                       "applicant_email") from None
    clean_address = nfc(address)
    if len(clean_address) > 500:
        raise _bad("Địa chỉ quá dài (tối đa 500 ký tự).", "address.too_long", "applicant_address")
    applicant = _Applicant(clean_name, number, normalize_phone(phone), clean_email.lower(),
                           clean_address, (unit_code or "").strip())
    if applicant.unit_code:
        if not unit_exists(applicant.unit_code):
            raise _bad(f"Không có xã, phường, đặc khu mã «{unit_code}».", "unit.unknown",
                       "applicant_unit_code")
    elif clean_address:
        applicant.unit_code = _unit_of_address(clean_address)
    return applicant


def _unit_of_address(address: str) -> str:
    """The new unit of an address (old addresses convert); "" when it cannot be told.
    Conversion helps the counter but must never stop a reception."""
    from motcua.units.selectors import convert_address

    try:
        result = convert_address(address)
    except MotcuaError:
        return ""
    unit = result.unit
    return unit.code if unit is not None else ""


def _lines(
    procedure: Procedure, documents: Iterable[DocumentLine | Mapping[str, Any]]
) -> list[DossierDocument]:
    catalog_docs: dict[int, RequiredDocument] = {d.pk: d for d in procedure.documents.all()}
    rows: list[DossierDocument] = []
    seen: set[int] = set()
    for index, item in enumerate(documents, start=1):
        line = item if isinstance(item, DocumentLine) else DocumentLine(**dict(item))
        doc = None
        if line.required_document_id is not None:
            doc = catalog_docs.get(line.required_document_id)
            if doc is None:
                raise _bad(
                    f"Giấy tờ số {line.required_document_id} không thuộc thành phần hồ sơ của "
                    "thủ tục này.", "document.unknown", "documents", index=index)
            if doc.pk in seen:
                raise _bad(f"Giấy tờ «{doc.name}» được khai hai lần.", "document.duplicate",
                           "documents", index=index)
            seen.add(doc.pk)
            if line.from_data_held and not doc.reusable_from_data:
                raise _bad(
                    f"«{doc.name}» không khai thác được từ dữ liệu sẵn có; người nộp phải nộp "
                    "hoặc xuất trình.", "document.not_reusable", "documents", index=index)
        name = nfc(line.name) or (doc.name if doc is not None else "")
        if not name:
            raise _bad(f"Dòng giấy tờ thứ {index} chưa có tên.", "document.name_required",
                       "documents", index=index)
        copies = line.copies if line.copies is not None else (doc.copies if doc else 1)
        if copies < 0 or copies > 99:
            raise _bad(f"Số bản của «{name}» phải từ 0 đến 99.", "document.copies",
                       "documents", index=index)
        rows.append(DossierDocument(
            required_document=doc, order=index, name=name, copies=copies,
            provided=line.provided and not line.from_data_held,
            from_data_held=line.from_data_held,
            scanned=line.scanned and line.provided and not line.from_data_held,
        ))
    satisfied = {r.required_document.pk for r in rows
                 if r.required_document is not None and (r.provided or r.from_data_held)}
    missing = [d for d in catalog_docs.values()
               if d.requirement == "mandatory" and d.pk not in satisfied]
    if missing:
        missing.sort(key=lambda d: (d.order, d.pk))
        listing = "; ".join(f"{i}) {d.name}" for i, d in enumerate(missing, start=1))
        raise InvalidInput(
            f"Hồ sơ chưa đủ thành phần bắt buộc, còn thiếu: {listing}.",
            code="dossier.incomplete",
            details={"field": "documents",
                     "missing": [{"id": d.pk, "name": d.name} for d in missing]},
        )
    return rows


def _limit(procedure: Procedure) -> Limit:
    return Limit(procedure.limit_value, procedure.limit_unit)


def _check_received_at(received_at: datetime | None, now: datetime) -> datetime:
    at = moment(None, received_at) if received_at is not None else now
    if at > now + _FUTURE_TOLERANCE:
        raise _bad("Thời điểm tiếp nhận không được ở tương lai.", "received_at.future",
                   "received_at")
    return at


@dataclass
class _Draft:
    procedure: Procedure
    agency: Agency
    commune_code: str


def receive_dossier(
    actor: Official,
    *,
    procedure_code: str,
    applicant_name: str,
    applicant_personal_id: str = "",
    applicant_phone: str = "",
    applicant_email: str = "",
    applicant_address: str = "",
    applicant_unit_code: str = "",
    channel: str = Channel.COUNTER,
    documents: Sequence[DocumentLine | Mapping[str, Any]] = (),
    receiving_agency: Agency | str | None = None,
    competent_commune_code: str = "",
    assisted_by: Official | int | str | None = None,
    received_at: datetime | None = None,
    note: str = "",
) -> Dossier:
    """Receive a dossier at ``actor``'s counter; returns it (with ``members`` created for a
    linked group such as the newborn procedure).

    ``competent_commune_code`` routes the dossier to another commune of the province (a
    procedure handled where the land lies, say); by default the actor's commune handles
    it. Raises ``InvalidInput`` (Vietnamese message, ``details.field``) for bad data,
    ``TransitionError`` if the actor may not receive. Nothing is written on error.
    """
    now = timezone.now()
    machine_actor = actor_of(actor)
    # The machine decides who may receive; ask it before looking at the data.
    receive(Receive(actor=machine_actor, at=now, due_at=now))
    if not actor.commune_code:
        raise InvalidInput("Tài khoản của bạn chưa gắn với xã, phường nào nên không tiếp nhận "
                           "được hồ sơ.", code="official.no_commune")
    at = _check_received_at(received_at, now)
    try:
        procedure = catalog.procedure_for_dossier(procedure_code)
    except NotFound as exc:
        raise _bad(exc.message, "procedure.unknown", "procedure_code") from None
    if channel not in Channel.values:
        raise _bad(f"Hình thức nộp «{channel}» không hợp lệ.", "channel.invalid", "channel",
                   allowed=list(Channel.values))
    local_today = at.astimezone(VN_TZ).date()
    applicant = _applicant(
        name=applicant_name, personal_id=applicant_personal_id, phone=applicant_phone,
        email=applicant_email, address=applicant_address, unit_code=applicant_unit_code,
        today=local_today,
    )
    helper = None
    if assisted_by is not None:
        helper = resolve_official(assisted_by, "assisted_by")
        if Role.VILLAGE_TEAM not in helper.role_set or helper.commune_code != actor.commune_code:
            raise _bad("Người nộp hộ phải là thành viên Tổ công nghệ số cộng đồng của xã.",
                       "assisted_by.invalid", "assisted_by")
    receiving = receiving_agency_for(actor, receiving_agency)
    commune = (competent_commune_code or "").strip() or actor.commune_code
    if commune != actor.commune_code and not unit_exists(commune, receiving.province_code):
        raise _bad(f"Không có xã, phường mã «{commune}» trong tỉnh.", "commune.unknown",
                   "competent_commune_code")
    lines = _lines(procedure, documents)
    drafts = [_Draft(procedure, *competent_agency(procedure, commune, receiving))]
    group = next(iter(procedure.as_group.all()), None)
    if group is not None:
        for membership in group.memberships.all():
            member = membership.procedure
            if member.is_active and member.pk != procedure.pk:
                drafts.append(_Draft(member, *competent_agency(member, commune, receiving)))
    paper = [r for r in lines if r.provided]
    with transaction.atomic():
        seqs = sequences.take(DailySequence.CODE, receiving.electronic_id, local_today,
                              len(drafts))
        entries = sequences.take(DailySequence.REGISTER, receiving.electronic_id,
                                 local_today.replace(month=1, day=1), len(drafts))
        group_id = uuid.uuid4() if len(drafts) > 1 else None
        main: Dossier | None = None
        for draft, seq, entry in zip(drafts, seqs, entries, strict=True):
            code = format_code(receiving.electronic_id, local_today, seq)
            due = clock_for(draft.agency.province_code).due(at, _limit(draft.procedure))
            state, event = receive(Receive(
                actor=machine_actor, at=at, due_at=due, channel=MACHINE_CHANNEL[channel],
                note=note if main is None else "",
            ))
            cross = draft.commune_code != actor.commune_code or bool(
                applicant.unit_code and applicant.unit_code != actor.commune_code)
            dossier = Dossier(
                code=code,
                province_code=draft.agency.province_code or receiving.province_code,
                commune_code=draft.commune_code,
                receiving_commune_code=actor.commune_code,
                cross_boundary=cross,
                receiving_agency=receiving,
                competent_agency=draft.agency,
                procedure=draft.procedure,
                applicant_name=applicant.name,
                applicant_personal_id=applicant.personal_id,
                applicant_phone=applicant.phone,
                applicant_email=applicant.email,
                applicant_address=applicant.address,
                applicant_unit_code=applicant.unit_code,
                channel=channel,
                received_by=actor,
                assisted_by=helper,
                state=state.status.value,
                received_at=state.received_at,
                due_at=state.due_at,
                original_due_at=state.initial_due_at,
                updated_at=state.updated_at,
                digitized=all(r.scanned for r in paper) if main is None else False,
                data_reused=any(r.from_data_held for r in lines) if main is None else False,
                group_id=group_id,
                parent=main,
                register_entry=entry,
                note=nfc(note) if main is None else "",
            )
            event = chain.with_payload(event, {
                "code": code,
                "procedure": draft.procedure.code,
                "receiving_agency": receiving.electronic_id,
                "competent_agency": draft.agency.electronic_id,
                "cross_boundary": cross,
                "register_entry": entry,
                "group_id": str(group_id) if group_id else None,
                "parent": main.code if main is not None else None,
            })
            first = chain.next_link(dossier, event.record(), at=event.at, actor=actor)
            dossier.save(force_insert=True)
            first.save()
            if main is None:
                for row in lines:
                    row.dossier = dossier
                DossierDocument.objects.bulk_create(lines)
                main = dossier
                # What the caller shows back (the API's 201 body) without reading it again.
                main.received_documents = lines
                main.received_members = []
            else:
                main.received_members.append(dossier)
            signals.send(dossier, None, first)
    assert main is not None
    return main


def received_on(dossier: Dossier) -> Any:
    """The local date the dossier was received (the date in its code)."""
    return to_utc(dossier.received_at).astimezone(VN_TZ).date()
