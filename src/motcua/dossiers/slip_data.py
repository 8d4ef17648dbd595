"""The slips' view models (``slips.data``) filled from a stored dossier and its events.

``slips`` renders from plain values and never reads the database; this module is the bridge:
it reads the dossier, its documents, pauses and events and decides which of the six
per-dossier forms apply to the dossier's history (a refusal slip only for a refused dossier,
and so on). The register (form 07) is built from ``selectors.register_rows``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from motcua.catalog.domain.rules import describe_limit
from motcua.dossiers import selectors
from motcua.dossiers.domain import Action, Status
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent, DossierPause
from motcua.dossiers.services.state import MACHINE_CHANNEL
from motcua.dossiers.slips import (
    AgencyHeader,
    Applicant,
    DocumentForm,
    DocumentLine,
    HandOver,
    MissingItem,
    Register,
    RegisterRow,
    SlipDossier,
    Timeliness,
)
from motcua.errors import NotFound
from motcua.units.models import Agency, Unit
from motcua.workdays.domain import VN_TZ
from motcua.workdays.selectors import clock_for

# URL slug → (title shown on the dossier page, kind of the slips renderer).
SLIP_FORMS: dict[str, tuple[str, str]] = {
    "giay-tiep-nhan": ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "receipt"),
    "yeu-cau-bo-sung": ("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "supplement"),
    "tu-choi": ("Phiếu từ chối tiếp nhận giải quyết hồ sơ", "refusal"),
    "xin-loi": ("Văn bản xin lỗi và hẹn lại ngày trả kết quả", "apology"),
    "thong-bao-dung": ("Thông báo dừng giải quyết hồ sơ", "stop"),
    "phieu-kiem-soat": ("Phiếu kiểm soát quá trình giải quyết hồ sơ", "control"),
}

_FORMS = {
    "original": DocumentForm.ORIGINAL,
    "copy": DocumentForm.COPY,
    "certified_copy": DocumentForm.CERTIFIED_COPY,
    "electronic": DocumentForm.ELECTRONIC,
}
# Hand-overs of the paper dossier between desks (Phiếu kiểm soát): actions that move it.
_HANDOVER_ACTIONS = {
    Action.ROUTE.value, Action.FORWARD.value, Action.REASSIGN.value,
    Action.SUBMIT_FOR_SIGNATURE.value, Action.REJECT.value, Action.APPROVE.value,
    Action.MARK_RESULT_READY.value, Action.TRANSFER.value, Action.RECEIVE_BACK.value,
    Action.RETURN_RESULT.value,
}


def _short_agency_name(agency: Agency, parent: Agency | None) -> str:
    """"Trung tâm Phục vụ hành chính công xã Bình Lư" under "UBND xã Bình Lư" prints as
    "Trung tâm Phục vụ hành chính công": the parent line already names the commune."""
    if parent is None or not agency.commune_code:
        return agency.name
    unit = Unit.objects.filter(code=agency.commune_code).first()
    if unit is not None:
        suffix = f" {unit.full_name}"
        if agency.name.lower().endswith(suffix.lower()) and unit.name in parent.name:
            return agency.name[: -len(suffix)]
    return agency.name


def agency_header(agency: Agency) -> AgencyHeader:
    parent = agency.parent
    unit = Unit.objects.filter(code=agency.commune_code).first() if agency.commune_code else None
    if unit is not None:
        place = unit.name
    else:
        place = agency.name.split(" tỉnh ")[-1] if " tỉnh " in agency.name else ""
    return AgencyHeader(
        parent_agency=parent.name if parent is not None else "",
        agency=_short_agency_name(agency, parent),
        place=place,
        full_name=agency.name,
    )


def _applicant(dossier: Dossier) -> Applicant:
    return Applicant(
        name=dossier.applicant_name,
        address=dossier.applicant_address,
        phone=dossier.applicant_phone,
        email=dossier.applicant_email,
        personal_id=dossier.applicant_personal_id,
    )


def _documents(dossier: Dossier) -> tuple[DocumentLine, ...]:
    """The papers handed in (those taken from data held were not handed in)."""
    lines = []
    for doc in DossierDocument.objects.filter(dossier=dossier, provided=True).select_related(
        "required_document"
    ).order_by("order", "id"):
        kind = doc.required_document.form if doc.required_document is not None else "original"
        lines.append(DocumentLine(doc.name, max(doc.copies, 1),
                                  _FORMS.get(kind, DocumentForm.ORIGINAL)))
    return tuple(lines)


def _events(dossier: Dossier, action: str | None = None) -> list[DossierEvent]:
    qs = DossierEvent.objects.filter(dossier=dossier).order_by("seq")
    if action is not None:
        qs = qs.filter(action=action)
    return list(qs)


def _base(dossier: Dossier, header_agency: Agency, **extra: object) -> SlipDossier:
    procedure = dossier.procedure
    fields: dict[str, object] = {
        "code": dossier.code,
        "procedure_name": procedure.name,
        "applicant": _applicant(dossier),
        "agency": agency_header(header_agency),
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "statutory_limit": describe_limit(procedure.limit_value, procedure.limit_unit),
        "channel": MACHINE_CHANNEL[dossier.channel],
        "return_place": dossier.receiving_agency.name,
        "fees": procedure.fee_text,
        "register_book": f"{dossier.received_at.astimezone(VN_TZ).year}",
        "register_entry": str(dossier.register_entry or ""),
        "receiving_official": str(dossier.received_by),
        "handling_agency": dossier.competent_agency.name,
    }
    fields.update(extra)
    return SlipDossier(**fields)  # type: ignore[arg-type]


def receipt(dossier: Dossier) -> SlipDossier:
    return _base(dossier, dossier.receiving_agency, documents=_documents(dossier),
                 due_at=dossier.original_due_at, issued_at=dossier.received_at)


def supplement(dossier: Dossier) -> SlipDossier:
    pause = DossierPause.objects.filter(dossier=dossier).order_by("-round").first()
    if pause is None:
        raise _not_applicable("yêu cầu bổ sung")
    requests = _events(dossier, Action.REQUEST_SUPPLEMENT.value)
    contact = requests[-1].actor_name if requests else ""
    return _base(
        dossier, dossier.receiving_agency, documents=_documents(dossier),
        missing_items=tuple(MissingItem(str(item)) for item in pause.missing_items),
        guidance_contact=contact, issued_at=pause.started_at,
    )


def refusal(dossier: Dossier) -> SlipDossier:
    if dossier.status is not Status.REFUSED:
        raise _not_applicable("từ chối")
    return _base(dossier, dossier.receiving_agency, refusal_reason=dossier.outcome_reason,
                 issued_at=dossier.finished_at or dossier.updated_at)


def apology(dossier: Dossier) -> SlipDossier:
    if not dossier.apologies:
        raise _not_applicable("xin lỗi, hẹn lại")
    last = dossier.apologies[-1]
    return _base(
        dossier, dossier.competent_agency,
        due_at=dt.datetime.fromisoformat(last["previous_due_at"]),
        new_due_at=dt.datetime.fromisoformat(last["new_due_at"]),
        apology_reason=last["reason"],
        issued_at=dt.datetime.fromisoformat(last["at"]),
    )


def stop_notice(dossier: Dossier) -> SlipDossier:
    if dossier.status is not Status.STOPPED:
        raise _not_applicable("dừng giải quyết")
    at = dossier.finished_at or dossier.updated_at
    return _base(dossier, dossier.competent_agency, stop_reason=dossier.outcome_reason,
                 stopped_at=at, issued_at=at)


def _timeliness(dossier: Dossier, at: dt.datetime, due: dt.datetime | None) -> Timeliness | None:
    if due is None:
        return None
    return Timeliness(clock_for(dossier.province_code).classify(at, due))


def handovers(dossier: Dossier) -> tuple[HandOver, ...]:
    """One row per move of the dossier between desks, from the events; the step verdict
    compares the hand-over with the step's own deadline (or the promise, at the end)."""
    counter = dossier.receiving_agency.name
    competent = dossier.competent_agency.name
    rows: list[HandOver] = []
    step_due: dt.datetime | None = None
    holder = ""
    for event in _events(dossier):
        payload = event.payload or {}
        due_text = payload.get("step_due_at")
        if event.action not in _HANDOVER_ACTIONS:
            if due_text:
                step_due = dt.datetime.fromisoformat(due_text)
            continue
        to_person = str(payload.get("handler_name") or "")
        from_agency, to_agency = competent, competent
        result = None
        if event.action == Action.ROUTE.value:
            from_agency = counter
        elif event.action == Action.FORWARD.value:
            result = _timeliness(dossier, event.at, step_due)
        elif event.action in (Action.APPROVE.value, Action.MARK_RESULT_READY.value):
            to_agency = counter
            result = _timeliness(dossier, event.at, dossier.due_at)
        elif event.action == Action.TRANSFER.value:
            to_agency = str(payload.get("to_agency_name") or payload.get("to_agency") or "")
        elif event.action == Action.RETURN_RESULT.value:
            from_agency = counter
            to_agency = "Người nộp hồ sơ"
            to_person = str(payload.get("collected_by") or dossier.collected_by)
        rows.append(HandOver(
            from_agency=from_agency, to_agency=to_agency, given_at=event.at,
            from_person=event.actor_name or holder, to_person=to_person, result=result,
            note=event.note,
        ))
        if due_text:
            step_due = dt.datetime.fromisoformat(due_text)
        holder = to_person or holder
    return tuple(rows)


def control_slip(dossier: Dossier) -> SlipDossier:
    return _base(dossier, dossier.receiving_agency, documents=_documents(dossier),
                 handovers=handovers(dossier))


BUILDERS: dict[str, Callable[[Dossier], SlipDossier]] = {
    "receipt": receipt,
    "supplement": supplement,
    "refusal": refusal,
    "apology": apology,
    "stop": stop_notice,
    "control": control_slip,
}


def _not_applicable(what: str) -> NotFound:
    return NotFound(f"Hồ sơ này chưa có phiếu {what}.", code="slip.not_applicable")


def applicable_slips(dossier: Dossier, pauses: list[DossierPause] | None = None) -> list[str]:
    """The URL slugs of the forms that apply to the dossier's history, in form order."""
    has_pause = bool(pauses) if pauses is not None else DossierPause.objects.filter(
        dossier=dossier).exists()
    kinds = {"receipt", "control"}
    if has_pause:
        kinds.add("supplement")
    if dossier.status is Status.REFUSED:
        kinds.add("refusal")
    if dossier.apologies:
        kinds.add("apology")
    if dossier.status is Status.STOPPED:
        kinds.add("stop")
    return [slug for slug, (_, kind) in SLIP_FORMS.items() if kind in kinds]


def slip_pdf(dossier: Dossier, slug: str, *, page_size: str = "A4") -> bytes:
    """The PDF of form ``slug`` for ``dossier``; ``NotFound`` if the form does not apply."""
    from motcua.dossiers.slips import render

    if slug not in SLIP_FORMS:
        raise NotFound(f"Không có biểu mẫu «{slug}».", code="slip.unknown")
    kind = SLIP_FORMS[slug][1]
    data = BUILDERS[kind](dossier)
    if kind == "receipt":
        return render.receipt_pdf(data, page_size=page_size)  # type: ignore[arg-type]
    renderers: dict[str, Callable[[SlipDossier], bytes]] = {
        "supplement": render.supplement_request_pdf,
        "refusal": render.refusal_pdf,
        "apology": render.apology_pdf,
        "stop": render.stop_notice_pdf,
        "control": render.control_slip_pdf,
    }
    return renderers[kind](data)


# -- the register (Sổ theo dõi hồ sơ, form 07) ------------------------------------------


@dataclass(frozen=True)
class RegisterExtract:
    register: Register
    date_from: dt.date
    date_to: dt.date


def _note(row: selectors.RegisterRow) -> str:
    parts = []
    if row.state in (Status.REFUSED, Status.WITHDRAWN, Status.STOPPED):
        parts.append(row.state_label)
    if row.outcome == "late":
        parts.append("Quá hạn")
    if row.note:
        parts.append(row.note)
    return "; ".join(parts)


def register(commune_code: str, date_from: dt.date, date_to: dt.date) -> RegisterExtract:
    """The register of dossiers received at ``commune_code``'s counter over the dates."""
    rows = selectors.register_rows(commune_code, date_from, date_to)
    codes = [r.code for r in rows]
    phones = dict(Dossier.objects.filter(code__in=codes).values_list("code", "applicant_phone"))
    # The first assignment is when the counter handed the dossier to the deciding agency.
    routed: dict[str, dt.datetime] = {}
    for code, at in DossierEvent.objects.filter(
        dossier__code__in=codes, action=Action.ROUTE.value
    ).order_by("seq").values_list("dossier__code", "at"):
        routed.setdefault(code, at)
    agency = (Agency.objects.filter(commune_code=commune_code, kind="service_center",
                                    is_active=True).first()
              or Agency.objects.filter(commune_code=commune_code, is_active=True).first())
    if agency is None:
        raise NotFound("Xã chưa khai báo cơ quan tiếp nhận.", code="agency.missing")
    register_rows = tuple(
        RegisterRow(
            code=r.code, procedure_name=r.procedure_name, applicant_name=r.applicant_name,
            received_at=r.received_at, due_at=r.due_at,
            applicant_address=r.applicant_address,
            applicant_phone=phones.get(r.code, ""),
            handling_agency=r.competent_agency, sent_at=routed.get(r.code),
            result_received_at=r.finished_at if r.state in (
                Status.RESULT_READY, Status.RETURNED) else None,
            returned_at=r.returned_at, note=_note(r),
        )
        for r in rows
    )
    period = f"Từ ngày {date_from:%d/%m/%Y} đến ngày {date_to:%d/%m/%Y}"
    return RegisterExtract(
        Register(agency=agency_header(agency), rows=register_rows,
                 book=f"{date_from.year}", period=period),
        date_from, date_to,
    )
