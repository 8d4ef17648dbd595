"""Tiếp nhận hồ sơ at the counter: one screen, keyboard first.

1. The procedure: a search field (diacritics-insensitive catalog search). As the clerk
   types, htmx lists the matches as buttons under the field; without JavaScript, Enter
   submits the search and the same list comes back. Enter on the first match (it has the
   focus) picks it. A procedure code, or a query with a single match, picks at once.
2. On the same page: applicant, channel, checklist, notes; Enter submits; the service
   validates; on success the dossier page opens with the receipt button focused.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts.domain import Role
from motcua.accounts.models import Official
from motcua.catalog import selectors as catalog
from motcua.catalog.models import Procedure
from motcua.catalog.views import limit_label
from motcua.dossiers import services
from motcua.dossiers.forms import IntakeForm, attach_error
from motcua.dossiers.views.common import official_view
from motcua.errors import MotcuaError, NotFound, PermissionDenied
from motcua.text import fold
from motcua.units.selectors import convert_address

SUGGESTIONS = 8


def _check_clerk(official: Official) -> None:
    if Role.CLERK not in official.role_set:
        raise PermissionDenied(
            _("Chỉ công chức tiếp nhận (bộ phận một cửa) mới tiếp nhận hồ sơ."),
            code="dossier.forbidden",
        )
    if not official.commune_code:
        raise PermissionDenied(_("Tài khoản của bạn chưa gắn với xã, phường nào."),
                               code="official.no_commune")


def _hits(query: str) -> list:
    return catalog.search(query, limit=SUGGESTIONS) if query.strip() else []


def _picked(query: str, hits: list) -> str | None:
    """A code typed, an option picked from the suggestions ("1.001193 · Đăng ký khai sinh")
    or a query only one procedure matches."""
    if not hits:
        return None
    head = query.strip().split(" ", 1)[0]
    for hit in hits:
        if hit.code == head or fold(hit.name) == fold(query):
            return hit.code
    return hits[0].code if len(hits) == 1 else None


def _helpers(official: Official) -> list[tuple[int, str]]:
    return [
        (o.pk, str(o))
        for o in Official.objects.filter(
            commune_code=official.commune_code, is_active=True,
            roles__role=Role.VILLAGE_TEAM.value,
        ).distinct().order_by("full_name", "username")
    ]


def _address_hint(form: IntakeForm | None) -> object | None:
    """The old→new address hint, server-side, for a form shown again (no JavaScript)."""
    address = form.data.get("applicant_address", "").strip() if form is not None else ""
    if not address:
        return None
    try:
        return convert_address(address)
    except MotcuaError:
        return None


def _render(request: HttpRequest, *, query: str = "", hits: list | None = None,
            procedure: Procedure | None = None, form: IntakeForm | None = None,
            error: str = "", status: int = 200) -> HttpResponse:
    return render(request, "dossiers/intake.html", {
        "query": query, "hits": hits or [], "procedure": procedure, "form": form,
        "picker_error": error, "address_result": _address_hint(form),
        "limit_label": limit_label(procedure) if procedure is not None else "",
    }, status=status)


@official_view
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    official: Official = request.user  # type: ignore[assignment]
    _check_clerk(official)
    if request.method == "POST":
        return _receive(request, official)
    query = request.GET.get("q", "").strip()
    code = request.GET.get("thu-tuc", "").strip()
    hits = _hits(query) if not code else []
    code = code or (_picked(query, hits) or "")
    if not code:
        error = _("Không tìm thấy thủ tục phù hợp; hãy gõ tên khác hoặc mã thủ tục.") \
            if query and not hits else ""
        return _render(request, query=query, hits=hits, error=error,
                       status=200)
    try:
        procedure = catalog.procedure_for_dossier(code)
    except NotFound as exc:
        return _render(request, query=query, error=exc.message, status=404)
    form = IntakeForm(procedure=procedure, helpers=_helpers(official))
    return _render(request, query=query or procedure.code, procedure=procedure, form=form)


def _receive(request: HttpRequest, official: Official) -> HttpResponse:
    code = request.POST.get("procedure_code", "").strip()
    try:
        procedure = catalog.procedure_for_dossier(code)
    except NotFound as exc:
        return _render(request, error=exc.message, status=400)
    form = IntakeForm(request.POST, procedure=procedure, helpers=_helpers(official))
    if form.is_valid():
        try:
            dossier = services.receive_dossier(official, **form.service_kwargs())
        except MotcuaError as exc:
            attach_error(form, exc)
        else:
            # The dossier page greets a new dossier itself, receipt button first.
            url = reverse("dossiers:detail", args=[dossier.code])
            return redirect(f"{url}?vua-tiep-nhan=1")
    form.focus_first_error()
    return _render(request, query=procedure.code, procedure=procedure, form=form, status=400)


@official_view
@require_GET
def procedure_suggestions(request: HttpRequest) -> HttpResponse:
    """htmx partial: the matching procedures as buttons of the picker form."""
    _check_clerk(request.user)  # type: ignore[arg-type]
    query = request.GET.get("q", "").strip()
    return render(request, "dossiers/_procedure_hits.html", {
        "hits": _hits(query), "query": query, "live": True,
    })
