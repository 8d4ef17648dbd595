"""django-axes hooks: how a login attempt's username is counted and what a locked-out
client is told."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def login_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """Usernames are stored lower-case (services.create_official): count "Clerk1" and
    "clerk1" as one, so case games neither spread the failures nor dodge the lock."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(raw).strip().lower()


def lockout_response(request: HttpRequest, original_response: Any = None,
                     credentials: Any = None) -> HttpResponse:
    """429 in Vietnamese with Retry-After. A failed try during the lock starts the cool-off
    again (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), so the wait is the whole
    cool-off."""
    from motcua.accounts.views import too_many

    cool_off = int(settings.AXES_COOLOFF_TIME.total_seconds())
    return too_many(request, "accounts/lockout.html", cool_off)
