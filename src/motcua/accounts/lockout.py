"""django-axes hooks: how a login attempt's username is counted and what a locked-out
client is told."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from motcua.portal import ratelimit


def client_ip(request: HttpRequest) -> str | None:
    """The same notion of the client's address as the other rate limits
    (``ratelimit.client_ip``), or None when there is no valid one (a request built in
    code, such as ``Client.force_login``): axes stores it in an address column, which
    PostgreSQL checks."""
    value = ratelimit.client_ip(request)
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


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
    cool_off = int(settings.AXES_COOLOFF_TIME.total_seconds())
    return ratelimit.too_many_page(request, cool_off, "accounts/lockout.html")
