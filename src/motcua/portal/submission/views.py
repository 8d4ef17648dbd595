"""Online submission pages (thin): form → review → submitted, and the receipt PDF.

The citizen's pages need the identity (``citizen_required``); the assisted ones an
official's login with the village digital team role. Both share the form and the service.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from motcua import ratelimit
from motcua.accounts.citizens.session import citizen_required, current_citizen
from motcua.accounts.citizens.views import error_page
from motcua.accounts.domain import Role
from motcua.accounts.models import Official
from motcua.catalog.models import Procedure
from motcua.dossiers.domain import STATUS_LABELS, Status
from motcua.dossiers.models import DossierAttachment
from motcua.dossiers.slip_data import slip_pdf
from motcua.errors import MotcuaError, PermissionDenied
from motcua.portal.submission import drafts, selectors, services
from motcua.portal.submission.forms import ASSISTED, ONLINE, SubmissionForm, doc_key, held_key
from motcua.privacy.domain import AccessAction
from motcua.privacy.services import record_access
from motcua.units.models import Unit
from motcua.uploads.responses import file_response

RECEIPT_FORM = "giay-tiep-nhan"


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, private"
    return response


def _team_member(request: HttpRequest) -> Official:
    official = request.user
    if not isinstance(official, Official) or Role.VILLAGE_TEAM not in official.role_set:
        raise PermissionDenied("Trang này dành cho thành viên Tổ công nghệ số cộng đồng.",
                               code="submission.not_village_team")
    return official


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    team = isinstance(user, Official) and Role.VILLAGE_TEAM in user.role_set
    return render(request, "submission/index.html", {
        "procedures": selectors.online_procedures(), "citizen": current_citizen(request),
        "team": team})


def _procedure(code: str) -> Procedure:
    procedure = selectors.online_procedure(code)
    services.check_online(procedure)
    return procedure


def _urls(mode: str, code: str) -> dict[str, str]:
    from django.urls import reverse

    prefix = "submission:assisted_" if mode == ASSISTED else "submission:"
    return {"form": reverse(prefix + "start", args=[code]),
            "review": reverse(prefix + "review", args=[code])}


def _form_page(request: HttpRequest, code: str, mode: str, *, initial: dict[str, Any]
               ) -> HttpResponse:
    try:
        procedure = _procedure(code)
    except MotcuaError as exc:
        return error_page(request, exc)
    communes = selectors.communes() if mode == ONLINE else None
    kept = drafts.kept_files(request, mode=mode, procedure_code=procedure.code)
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES, procedure=procedure, mode=mode,
                              communes=communes, kept=kept)
        valid = form.is_valid()
        for key in form.dropped:
            drafts.forget_file(request, key)
        drafts.save(request, mode=mode, procedure_code=procedure.code,
                    fields=form.stored_fields() if valid else {}, files=form.checked,
                    complete=valid)
        if valid:
            return redirect(_urls(mode, procedure.code)["review"])
        # Show what is now held, so that only the missing or refused files are asked again.
        form.show_kept(drafts.kept_files(request, mode=mode, procedure_code=procedure.code))
        status = 400
    else:
        draft = drafts.load(request, mode=mode, procedure_code=procedure.code)
        form = SubmissionForm(initial={**initial, **(draft or {}).get("fields", {})},
                              procedure=procedure, mode=mode, communes=communes, kept=kept)
        status = 200
    return _no_store(render(request, "submission/form.html", {
        "procedure": procedure, "form": form, "mode": mode, "urls": _urls(mode, procedure.code),
        "citizen": getattr(request, "citizen", None),
        "max_mb": _max_mb(),
    }, status=status))


def _max_mb() -> str:
    from motcua.uploads import max_upload_bytes

    return f"{max_upload_bytes() / (1024 * 1024):.0f}"


def _papers(procedure: Procedure, draft: dict[str, Any]) -> list[services.Paper]:
    papers = []
    for doc in procedure.documents.all():
        checked = drafts.file_of(draft, doc_key(doc))
        held = bool(draft["fields"].get(held_key(doc)))
        if checked is not None or held:
            papers.append(services.Paper(doc.pk, checked, held and checked is None))
    return papers


def _review_rows(procedure: Procedure, draft: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for doc in procedure.documents.all():
        meta = draft["files"].get(doc_key(doc))
        held = bool(draft["fields"].get(held_key(doc)))
        rows.append({"doc": doc, "file": meta, "held": held and meta is None})
    return rows


def _review_page(request: HttpRequest, code: str, mode: str, *, citizen: Any = None,
                 team_member: Official | None = None) -> HttpResponse:
    try:
        procedure = _procedure(code)
    except MotcuaError as exc:
        return error_page(request, exc)
    draft = drafts.load(request, mode=mode, procedure_code=procedure.code)
    if draft is None or not draft.get("complete"):
        return redirect(_urls(mode, procedure.code)["form"])
    fields = draft["fields"]
    error = None
    if request.method == "POST":
        applicant = services.Applicant(
            name=fields["applicant_name"],
            personal_id=fields.get("applicant_personal_id", ""),
            phone=fields["applicant_phone"], email=fields.get("applicant_email", ""),
            address=fields["applicant_address"])
        consent = None
        if mode == ASSISTED:
            consent = services.Consent(bool(fields.get("consent")),
                                       drafts.file_of(draft, "consent_photo"),
                                       fields.get("consent_note", ""))
        # A double tap on "Nộp hồ sơ" sends two requests with the same draft: only the
        # first one submits (the shared cache is Redis in production).
        guard = f"motcua-submission-{draft['token']}"
        if not cache.add(guard, 1, timeout=120):
            return redirect(_urls(mode, procedure.code)["form"])
        try:
            dossier = services.submit(
                procedure=procedure, commune_code=fields.get("commune_code", ""),
                applicant=applicant, papers=_papers(procedure, draft), citizen=citizen,
                team_member=team_member, consent=consent)
        except MotcuaError as exc:
            cache.delete(guard)
            error = exc.message
        else:
            drafts.drop(request)
            return redirect("submission:done", code=dossier.code)
    commune = Unit.objects.filter(code=fields.get("commune_code") or getattr(
        team_member, "commune_code", "")).select_related("province").first()
    return _no_store(render(request, "submission/review.html", {
        "procedure": procedure, "fields": fields, "rows": _review_rows(procedure, draft),
        "consent_photo": draft["files"].get("consent_photo"), "mode": mode,
        "urls": _urls(mode, procedure.code), "commune": commune, "error": error,
        "personal_id": citizen.personal_id if citizen is not None
        else fields.get("applicant_personal_id", ""),
    }, status=400 if error else 200))


@citizen_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, code: str) -> HttpResponse:
    citizen = request.citizen  # type: ignore[attr-defined]
    initial = {"applicant_name": citizen.full_name, "applicant_phone": citizen.phone,
               "applicant_email": citizen.email}
    return _form_page(request, code, ONLINE, initial=initial)


@citizen_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, code: str) -> HttpResponse:
    if request.method == "POST":
        # Each confirmed online submission creates a dossier: limited per address and per
        # citizen (the assisted pages belong to signed-in officials and are not limited).
        verdict = ratelimit.hit("submission", ip=ratelimit.client_ip(request),
                                citizen=str(request.citizen.pk))  # type: ignore[attr-defined]
        if not verdict.allowed:
            return ratelimit.too_many_page(request, verdict.retry_after)
    return _review_page(request, code, ONLINE, citizen=request.citizen)  # type: ignore[attr-defined]


@login_required
@require_http_methods(["GET", "POST"])
def assisted_start(request: HttpRequest, code: str) -> HttpResponse:
    try:
        _team_member(request)
    except MotcuaError as exc:
        return error_page(request, exc)
    return _form_page(request, code, ASSISTED, initial={})


@login_required
@require_http_methods(["GET", "POST"])
def assisted_review(request: HttpRequest, code: str) -> HttpResponse:
    try:
        member = _team_member(request)
    except MotcuaError as exc:
        return error_page(request, exc)
    return _review_page(request, code, ASSISTED, team_member=member)


def _viewer(request: HttpRequest) -> tuple[Any, Official | None]:
    official = request.user if request.user.is_authenticated else None
    return current_citizen(request), official  # type: ignore[return-value]


@require_GET
def done(request: HttpRequest, code: str) -> HttpResponse:
    citizen, official = _viewer(request)
    try:
        dossier = selectors.submitted_dossier(code, citizen=citizen, official=official)
    except MotcuaError as exc:
        return error_page(request, exc)
    scans = DossierAttachment.objects.filter(dossier=dossier, kind="scan").count()
    return _no_store(render(request, "submission/done.html", {
        "dossier": dossier, "scans": scans, "citizen": citizen,
        "state": STATUS_LABELS.get(Status(dossier.state), dossier.state),
    }))


@require_GET
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    citizen, official = _viewer(request)
    try:
        dossier = selectors.submitted_dossier(code, citizen=citizen, official=official)
        pdf = slip_pdf(dossier, RECEIPT_FORM)
    except MotcuaError as exc:
        return error_page(request, exc)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="giay-tiep-nhan-{dossier.code}.pdf"'
    return _no_store(response)


@login_required
@require_GET
def consent_photo(request: HttpRequest, code: str) -> HttpResponse:
    """The photo of the signed consent of an assisted submission, to the officials who may
    see the dossier (the commune's, the team member who submitted); streamed, never public."""
    from motcua.dossiers.selectors import get_dossier

    try:
        dossier = get_dossier(request.user, code)  # type: ignore[arg-type]
        consent = selectors.consent_of(dossier)
    except MotcuaError as exc:
        return error_page(request, exc)
    record_access(request.user, dossier, AccessAction.DOWNLOAD, request=request)  # type: ignore[arg-type]
    return _no_store(file_response(consent.photo, inline=True,
                                   filename=f"dong-y-{dossier.code}{consent.photo.name[-4:]}"))
