"""Officials' pages of the privacy app: the reason asked before a dossier is opened from
outside its commune's desk, and the access log per person."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from motcua.accounts.models import Official
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.views.common import no_store, official_view
from motcua.errors import InvalidInput
from motcua.privacy import selectors, services
from motcua.privacy.domain import clean_reason


def _safe_next(request: HttpRequest, value: str, code: str) -> str:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure()):
        return value
    return reverse("dossiers:detail", args=[code])


@official_view
@require_http_methods(["GET", "POST"])
def reason(request: HttpRequest, code: str) -> HttpResponse:
    """Lý do xem hồ sơ: asked once per dossier and session, kept for 8 hours."""
    dossier = dossier_selectors.get_dossier(request.user, code)  # type: ignore[arg-type]
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next", ""),
                          dossier.code)
    error, text = "", ""
    if request.method == "POST":
        text = request.POST.get("reason", "")
        try:
            services.remember_reason(request, dossier.code, clean_reason(text))
        except InvalidInput as exc:
            error = exc.message
        else:
            return redirect(next_url)
    return no_store(render(request, "privacy/reason.html", {
        "dossier": dossier, "next": next_url, "error": error, "text": text,
        "hours": services.REASON_HOURS,
    }, status=400 if error else 200))


@official_view
@require_http_methods(["GET", "POST"])
def access_log(request: HttpRequest) -> HttpResponse:
    """Nhật ký truy cập dữ liệu cá nhân of one person. The number is posted, not put in the
    address, so that it stays out of server and proxy logs."""
    official: Official = request.user  # type: ignore[assignment]
    if not selectors.may_read_log(official.role_set):
        from motcua.errors import PermissionDenied

        raise PermissionDenied("Chỉ lãnh đạo và quản trị xem được nhật ký truy cập dữ liệu "
                               "cá nhân.", code="privacy.forbidden")
    rows, error, asked = None, "", False
    if request.method == "POST":
        asked = True
        number = request.POST.get("personal_id", "")
        try:
            rows = list(selectors.accesses_seen_by(official, number)[:1000])
        except InvalidInput as exc:
            error = exc.message
        else:
            services.record_lookup(official, number, request)
    return no_store(render(request, "privacy/access_log.html", {
        "rows": rows, "error": error, "asked": asked,
    }, status=400 if error else 200))
