"""What every officials' dossier page shares: login, the error page, the officials and
agencies offered in the action forms."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from motcua.accounts.domain import ROLE_LABELS, Role
from motcua.accounts.models import Official, OfficialRole
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import HANDLER_ROLES
from motcua.errors import MotcuaError
from motcua.units.models import Agency

ERROR_TITLES = {
    404: gettext_noop("Không tìm thấy"),
    403: gettext_noop("Không có quyền"),
    409: gettext_noop("Không thực hiện được"),
    400: gettext_noop("Dữ liệu không hợp lệ"),
}


def error_page(request: HttpRequest, exc: MotcuaError) -> HttpResponse:
    """The Vietnamese message of a service or selector error, with its HTTP status; a 404
    for a dossier out of scope, never a 500."""
    status = exc.status if exc.status in ERROR_TITLES else 400
    return render(request, "dossiers/error.html", {
        "title": _(ERROR_TITLES[status]), "message": exc.message, "code": exc.code,
    }, status=status)


def official_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login required; ``MotcuaError`` becomes the error page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except MotcuaError as exc:
            return error_page(request, exc)

    return login_required(wrapper)


def no_store(response: HttpResponse) -> HttpResponse:
    """Pages and files with personal data stay out of shared caches."""
    response["Cache-Control"] = "no-store, private"
    return response


def _commune_handlers(commune_code: str) -> dict[Official, set[str]]:
    holders: dict[Official, set[str]] = {}
    rows = (
        OfficialRole.objects.filter(
            official__commune_code=commune_code, official__is_active=True,
            role__in=[r.value for r in HANDLER_ROLES],
        )
        .select_related("official")
        .order_by("official__full_name", "official__username")
    )
    for row in rows:
        holders.setdefault(row.official, set()).add(row.role)
    return holders


def handler_choices(dossier: Dossier, role: str | None) -> list[tuple[Any, Any]]:
    """The commune's officials who may hold the dossier; those with the step's role first
    (grouped), the others after, since one official often holds several portfolios."""
    holders = _commune_handlers(dossier.commune_code)

    def label(official: Official, roles: set[str]) -> str:
        names = ", ".join(_(ROLE_LABELS[Role(r)]) for r in sorted(roles))
        return f"{official} ({names})"

    # In the step's own group the group names the role; elsewhere each name carries it.
    wanted = [(o.pk, str(o)) for o, r in holders.items() if role and role in r]
    others = [(o.pk, label(o, r)) for o, r in holders.items() if not (role and role in r)]
    if not wanted:
        return others
    if not others:
        return [(o.pk, label(o, r)) for o, r in holders.items()]
    role_name = _(ROLE_LABELS[Role(role)]) if role in {r.value for r in Role} else role
    return [(role_name, wanted), (_("Cán bộ khác của xã"), others)]


def transfer_choices(dossier: Dossier) -> list[tuple[Any, Any]]:
    """Agencies a dossier may be transferred to: the province's and the commune's own."""
    province = [
        (a.code, a.name)
        for a in Agency.objects.filter(province_code=dossier.province_code, commune_code="",
                                       is_active=True).exclude(pk=dossier.competent_agency_id)
    ]
    commune = [
        (a.code, a.name)
        for a in Agency.objects.filter(commune_code=dossier.commune_code, is_active=True)
        .exclude(pk=dossier.competent_agency_id)
    ]
    return [(_("Cơ quan cấp tỉnh"), province), (_("Cơ quan của xã"), commune)]
