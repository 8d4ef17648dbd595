"""Per-client and per-key attempt limits for the public forms, kept in Django's cache.

The default cache is in-process memory (one server); with several server processes point
``MOTCUA_PORTAL_CACHE`` at a shared cache alias (Redis) so that they count together.
Fixed windows: the count of a key restarts when its window ends.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

# scope: (attempts, window in seconds)
DEFAULTS: dict[str, tuple[int, int]] = {
    "lookup": (10, 600),
    "feedback": (5, 3600),
    "login": (30, 600),
}


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends (0 when allowed)


def _setting(name: str, default: str) -> str:
    return str(getattr(settings, name, os.environ.get(name, default)))


def limits(scope: str) -> tuple[int, int]:
    """``MOTCUA_PORTAL_<SCOPE>_LIMIT`` as "attempts/seconds", e.g. "10/600"."""
    attempts, window = DEFAULTS[scope]
    raw = _setting(f"MOTCUA_PORTAL_{scope.upper()}_LIMIT", f"{attempts}/{window}")
    a, _, w = raw.partition("/")
    return max(int(a), 1), max(int(w or window), 1)


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind a reverse proxy set ``MOTCUA_PORTAL_IP_HEADER`` to the
    META key the proxy fills (e.g. HTTP_X_REAL_IP); never trust a header by default, or
    anyone could pick a new address per try."""
    header = _setting("MOTCUA_PORTAL_IP_HEADER", "")
    if header:
        value = request.META.get(header, "").split(",")[0].strip()
        if value:
            return value
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(scope: str, kind: str, ident: str, window_no: int) -> str:
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    return f"motcua:rl:{scope}:{kind}:{digest}:{window_no}"


def hit(scope: str, **idents: str) -> Verdict:
    """Count one attempt against every identity given (``ip=…``, ``code=…``) and say
    whether it may proceed: refused as soon as any of them is over its limit. Refused
    attempts count too, so hammering does not shorten the wait."""
    cache = caches[_setting("MOTCUA_PORTAL_CACHE", "default")]
    attempts, window = limits(scope)
    now = time.time()
    window_no = int(now // window)
    retry_after = int(window - (now % window)) + 1
    allowed = True
    for kind, ident in sorted(idents.items()):
        if not ident:
            continue
        key = _key(scope, kind, ident, window_no)
        cache.add(key, 0, timeout=window + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=window + 5)
            count = 1
        if count > attempts:
            allowed = False
    return Verdict(allowed, 0 if allowed else retry_after)


def reset(scope: str, **idents: str) -> None:
    """Forget the counts of the current window (tests, an operator unblocking a client)."""
    cache = caches[_setting("MOTCUA_PORTAL_CACHE", "default")]
    _, window = limits(scope)
    window_no = int(time.time() // window)
    for kind, ident in idents.items():
        cache.delete(_key(scope, kind, ident, window_no))
