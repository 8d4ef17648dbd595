"""The dossier page: facts, papers, attachments, timeline, slips and the actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.models import Official
from motcua.dossiers import selectors, slip_data
from motcua.dossiers.domain import mask_personal_id
from motcua.dossiers.forms import attach_error
from motcua.dossiers.labels import ATTACH
from motcua.dossiers.models import Channel
from motcua.dossiers.views.actions import ACTION_SPECS, ORDER
from motcua.dossiers.views.common import no_store, official_view
from motcua.dossiers.views.worklist import due_class
from motcua.errors import MotcuaError
from motcua.privacy.domain import AccessAction, contact_for, is_own_desk
from motcua.privacy.gate import needs_reason, reason_redirect
from motcua.privacy.services import record_access
from motcua.units.selectors import unit_display_name
from motcua.uploads.responses import file_response


def _local(text: str | None) -> str:
    if not text:
        return ""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    return date_format(timezone.localtime(moment), "H:i, d/m/Y")


def event_facts(entry: selectors.TimelineEntry) -> list[str]:
    """What an event's payload adds to its label, in words (for the timeline)."""
    p = entry.payload or {}
    facts = []
    if p.get("handler_name"):
        facts.append(_("Người xử lý: %(name)s") % {"name": p["handler_name"]})
    if p.get("step") and entry.action in ("start", "forward"):
        facts.append(_("Bước: %(step)s") % {"step": p["step"]})
    if p.get("missing_items"):
        facts.append(_("Cần bổ sung: %(items)s") % {"items": "; ".join(p["missing_items"])})
    if p.get("reason"):
        facts.append(_("Lý do: %(reason)s") % {"reason": p["reason"]})
    if p.get("collected_by"):
        facts.append(_("Người nhận: %(name)s") % {"name": p["collected_by"]})
    if p.get("to_agency_name"):
        facts.append(_("Chuyển đến: %(name)s") % {"name": p["to_agency_name"]})
    if p.get("name") and entry.action == ATTACH:
        facts.append(_("Tệp: %(name)s") % {"name": p["name"]})
    if p.get("attachment"):
        facts.append(_("Tệp: %(name)s") % {"name": p["attachment"].get("name", "")})
    if p.get("new_due_at"):
        facts.append(_("Hẹn trả mới: %(at)s") % {"at": _local(p["new_due_at"])})
    elif p.get("due_at") and p.get("previous_due_at") and p["due_at"] != p["previous_due_at"]:
        facts.append(_("Hẹn trả dời đến: %(at)s") % {"at": _local(p["due_at"])})
    elif p.get("due_at") and entry.action == "receive":
        facts.append(_("Hẹn trả: %(at)s") % {"at": _local(p["due_at"])})
    return facts


def _forms(detail: selectors.DossierDetail,
           bound: tuple[str, forms.Form] | None) -> list[dict[str, Any]]:
    offered = set(detail.allowed_actions)
    if bound is not None:
        offered.add(bound[0])
    rows = []
    for name in ORDER:
        if name not in offered:
            continue
        spec = ACTION_SPECS[name]
        form = bound[1] if bound is not None and bound[0] == name else spec.make_form(
            detail.dossier)
        rows.append({"spec": spec, "form": form, "open": bound is not None
                     and bound[0] == name})
    return rows


def _page(request: HttpRequest, code: str, *, bound: tuple[str, forms.Form] | None = None,
          status: int = 200, record: bool = False) -> HttpResponse:
    official: Official = request.user  # type: ignore[assignment]
    detail = selectors.dossier_detail(official, code)
    d = detail.dossier
    if record:
        if needs_reason(request, d):
            return reason_redirect(request, d.code)
        record_access(official, d, AccessAction.VIEW, request=request)
    now = timezone.now()
    slips = [(slug, _(slip_data.SLIP_FORMS[slug][0]))
             for slug in slip_data.applicable_slips(d, detail.pauses)]
    unit = ""
    if d.applicant_unit_code:
        try:
            unit = unit_display_name(d.applicant_unit_code)
        except MotcuaError:
            unit = d.applicant_unit_code
    return no_store(render(request, "dossiers/detail.html", {
        "d": d, "detail": detail,
        "masked_id": mask_personal_id(d.applicant_personal_id) if d.applicant_personal_id
        else "",
        "contact": contact_for(d.applicant_phone, d.applicant_email, d.applicant_address,
                               own_desk=is_own_desk(official.commune_code, d.commune_code,
                                                    d.receiving_commune_code)),
        "channel_label": Channel(d.channel).label,
        "applicant_unit": unit,
        "due_class": due_class(d, now, selectors.due_soon_limit(official, now)),
        "actions": _forms(detail, bound),
        "events": [{"e": e, "facts": event_facts(e)} for e in detail.events],
        "slips": slips,
        "just_received": request.GET.get("vua-tiep-nhan") == "1",
        "current_step": d.current_step_name,
        "is_open": d.state in selectors.OPEN,
        "step_count": len(d.steps or []),
    }, status=status))


@official_view
@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, code, record=True)


@official_view
@require_POST
def act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """One action of the dossier page: form → service → back to the page with a message;
    a refusal shows on the same form, with HTTP 400."""
    spec = ACTION_SPECS.get(action)
    if spec is None:
        raise Http404
    official: Official = request.user  # type: ignore[assignment]
    dossier = selectors.get_dossier(official, code)
    form = spec.make_form(dossier, request.POST, request.FILES)
    if form.is_valid():
        try:
            spec.call(official, dossier, form)
        except MotcuaError as exc:
            attach_error(form, exc)
        else:
            messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": _(spec.label)})
            return redirect("dossiers:detail", code=dossier.code)
    return _page(request, dossier.code, bound=(action, form), status=400)


@official_view
@require_GET
def attachment(request: HttpRequest, code: str, attachment_id: int) -> HttpResponse:
    """A file of the dossier, to officials who may see the dossier only (the files are
    not under any public URL)."""
    row = selectors.get_attachment(request.user, code, attachment_id)  # type: ignore[arg-type]
    record_access(request.user, row.dossier, AccessAction.DOWNLOAD, request=request)
    return no_store(file_response(row.file, filename=row.original_name,
                                  content_type=row.content_type))
