"""Citizens' pages: sign in and out through the identity service, their dossiers, their
electronic results (streamed to the owner only; files have no public URL)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts import oidc
from motcua.accounts.citizens import selectors
from motcua.accounts.citizens.services import record_sign_in
from motcua.accounts.citizens.session import (
    SESSION_KEY,
    citizen_required,
    current_citizen,
    sign_in,
    sign_out,
)
from motcua.dossiers.domain import STATUS_LABELS, Status
from motcua.errors import MotcuaError
from motcua.uploads.responses import file_response

NEXT_KEY = "motcua_citizen_next"


def error_page(request: HttpRequest, exc: MotcuaError, *, title: str = "") -> HttpResponse:
    status = exc.status if exc.status in (400, 403, 404, 409) else 400
    return _no_store(render(request, "submission/error.html", {
        "title": title or "Không thực hiện được", "message": exc.message, "code": exc.code,
    }, status=status))


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, private"
    return response


def _safe_next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure()):
        return value
    return ""


@require_GET
def login(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.GET.get("next"))
    request.session[NEXT_KEY] = next_url
    try:
        return oidc.start(request)
    except MotcuaError as exc:
        return error_page(request, exc, title="Chưa đăng nhập được")


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    try:
        claims, cfg = oidc.finish(request)
        citizen = record_sign_in(claims, issuer=cfg.issuer, id_claim=cfg.id_claim)
    except MotcuaError as exc:
        # Whatever identity was there before, it is not carried past a failed sign-in.
        request.session.pop(SESSION_KEY, None)
        return error_page(request, exc, title="Đăng nhập không thành công")
    next_url = request.session.pop(NEXT_KEY, "")
    sign_in(request, citizen)
    return redirect(next_url or "citizen:dossiers")


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    sign_out(request)
    return redirect("citizen:signed_out")


@require_GET
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "submission/signed_out.html", {"citizen": current_citizen(request)})


def _label(state: str) -> str:
    try:
        return STATUS_LABELS[Status(state)]
    except ValueError:
        return state


@citizen_required
@require_GET
def dossiers(request: HttpRequest) -> HttpResponse:
    citizen = request.citizen  # type: ignore[attr-defined]
    rows = [(d, _label(d.state)) for d in selectors.own_dossiers(citizen)[:200]]
    return _no_store(render(request, "submission/my_dossiers.html",
                            {"citizen": citizen, "rows": rows}))


@citizen_required
@require_GET
def dossier(request: HttpRequest, code: str) -> HttpResponse:
    citizen = request.citizen  # type: ignore[attr-defined]
    try:
        row = selectors.own_dossier(citizen, code)
    except MotcuaError as exc:
        return error_page(request, exc, title="Không tìm thấy")
    return _no_store(render(request, "submission/my_dossier.html", {
        "citizen": citizen, "dossier": row, "state": _label(row.state),
        "results": list(selectors.electronic_results(row)),
    }))


@citizen_required
@require_GET
def result(request: HttpRequest, code: str, attachment_id: int) -> HttpResponse:
    citizen = request.citizen  # type: ignore[attr-defined]
    try:
        row = selectors.electronic_result(citizen, code, attachment_id)
    except MotcuaError as exc:
        return error_page(request, exc, title="Không tìm thấy")
    return _no_store(file_response(row.file, filename=row.original_name,
                                   content_type=row.content_type))


@citizen_required
@require_GET
def accesses(request: HttpRequest) -> HttpResponse:
    """Who opened, printed or exported the citizen's dossiers, when and why (the right to
    know how one's personal data is processed)."""
    from motcua.privacy.selectors import citizen_accesses

    citizen = request.citizen  # type: ignore[attr-defined]
    return _no_store(render(request, "submission/my_accesses.html", {
        "citizen": citizen, "rows": citizen_accesses(citizen.personal_id),
    }))
