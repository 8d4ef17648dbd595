"""The check the dossier pages make before showing personal data to an official from
outside the dossier's commune: a reason given in this session, or a detour to give one."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from motcua.accounts.models import Official
from motcua.privacy import conf, services
from motcua.privacy.domain import is_own_desk, reason_required


def needs_reason(request: HttpRequest, dossier) -> bool:  # type: ignore[no-untyped-def]
    """True when the official must give a reason for ``dossier`` and has none in the
    session (no query: roles are cached on the official, the dossier is at hand)."""
    official: Official = request.user  # type: ignore[assignment]
    own = is_own_desk(official.commune_code, dossier.commune_code,
                      dossier.receiving_commune_code)
    if not reason_required(official.role_set, conf.reason_roles(), own_desk=own):
        return False
    return not services.session_reason(request, dossier.code)


def reason_redirect(request: HttpRequest, code: str) -> HttpResponse:
    target = reverse("privacy:reason", args=[code])
    return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
