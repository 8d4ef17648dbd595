"""The citizen's identity in the session, apart from Django's authentication."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import Citizen

SESSION_KEY = "motcua_citizen"


def sign_in(request: HttpRequest, citizen: Citizen) -> None:
    # A new session key on every sign-in: a key planted before cannot ride the identity.
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "id": citizen.pk,
        "personal_id": citizen.personal_id,
        "name": citizen.full_name,
        "at": timezone.now().isoformat(),
    }


def sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def current_citizen(request: HttpRequest) -> Citizen | None:
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    cached = getattr(request, "_motcua_citizen", None)
    if cached is not None and cached.pk == data.get("id"):
        return cached
    citizen = Citizen.objects.filter(pk=data.get("id"),
                                     personal_id=data.get("personal_id")).first()
    request._motcua_citizen = citizen  # type: ignore[attr-defined]
    return citizen


def login_url(next_url: str) -> str:
    return f"{reverse('citizen:login')}?{urlencode({'next': next_url})}"


def citizen_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The view runs with ``request.citizen`` set; without an identity, off to sign in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        citizen = current_citizen(request)
        if citizen is None:
            return redirect(login_url(request.get_full_path()))
        request.citizen = citizen  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper
