"""Attempt limits per client and per key (login, dossier lookup, feedback, online
submission), counted in Django's cache.

The counters live in the cache alias ``MOTCUA_RATELIMIT_CACHE`` (settings: Redis when
``MOTCUA_REDIS_URL`` is set, else this process's memory). Each attempt is one atomic
increment of all its keys together (Redis ``MULTI``/``INCR``/``EXPIRE``/``EXEC``; in process
memory ``cache.add`` + ``cache.incr`` under one lock), so several server processes sharing
Redis count every attempt exactly once and let exactly the limit through. Fixed windows: the count
of a key restarts when its window ends.

Limits are "attempts/seconds": ``MOTCUA_RATELIMIT_<SCOPE>`` (e.g.
``MOTCUA_RATELIMIT_LOGIN="5/300"``); the older ``MOTCUA_PORTAL_<SCOPE>_LIMIT`` is still read.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

log = logging.getLogger(__name__)

# scope: (attempts, window in seconds). The portal's table (motcua.portal.ratelimit.DEFAULTS,
# which also holds the sign-in scope) is merged in on first use.
DEFAULTS: dict[str, tuple[int, int]] = {
    "lookup": (10, 600),
    "feedback": (5, 3600),
    # One online submission creates a dossier: a citizen rarely files more than a few an
    # hour, and one address (a shared café or office) a few more.
    "submission": (20, 3600),
}

MESSAGE = (
    "Bạn đã thử quá nhiều lần. Vì an toàn, hãy thử lại sau %(n)s phút. "
    "Nếu cần gấp, hãy gọi hoặc đến bộ phận một cửa."
)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends (0 when allowed)


def _setting(name: str, default: str) -> str:
    return str(getattr(settings, name, os.environ.get(name, default)))


def _defaults(scope: str) -> tuple[int, int]:
    if scope not in DEFAULTS:
        # The portal's table adds scopes (e.g. "login"); importing it registers them.
        from motcua.portal import ratelimit as _portal  # noqa: F401

    return DEFAULTS[scope]


def limits(scope: str) -> tuple[int, int]:
    """The (attempts, window seconds) of a scope, from settings or the defaults."""
    attempts, window = _defaults(scope)
    raw = _setting(f"MOTCUA_RATELIMIT_{scope.upper()}", "") or _setting(
        f"MOTCUA_PORTAL_{scope.upper()}_LIMIT", f"{attempts}/{window}")
    a, _, w = raw.partition("/")
    return max(int(a), 1), max(int(w or window), 1)


def cache() -> BaseCache:
    """The counters' cache. ``MOTCUA_PORTAL_CACHE`` (the older name) wins when set."""
    alias = _setting("MOTCUA_PORTAL_CACHE", "") or _setting("MOTCUA_RATELIMIT_CACHE", "default")
    if alias not in settings.CACHES:
        log.warning("rate-limit cache %r is not configured; using 'default'", alias)
        alias = "default"
    return caches[alias]


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


_LOCK = threading.Lock()


def _count_all(store: BaseCache, keys: list[str], timeout: int) -> list[int]:
    """Add one to every key at once and return the new counts. All keys of an attempt move
    together (one Redis MULTI/EXEC; one lock in process memory), so concurrent attempts see
    the same order on every key and exactly the limit gets through."""
    if isinstance(store, RedisCache):
        client = store._cache.get_client(write=True)
        pipe = client.pipeline(transaction=True)
        for key in keys:
            full = store.make_and_validate_key(key)
            pipe.incr(full)
            pipe.expire(full, timeout)
        return [int(n) for n in pipe.execute()[0::2]]
    with _LOCK:  # other caches: exact within one process (add + incr per key)
        counts = []
        for key in keys:
            store.add(key, 0, timeout=timeout)
            try:
                counts.append(store.incr(key))
            except ValueError:  # expired or evicted between add and incr
                store.set(key, 1, timeout=timeout)
                counts.append(1)
        return counts


def hit(scope: str, **idents: str) -> Verdict:
    """Count one attempt against every identity given (``ip=…``, ``code=…``,
    ``citizen=…``) and say whether it may proceed: refused as soon as any of them is over
    its limit. Refused attempts count too, so hammering does not shorten the wait."""
    store = cache()
    attempts, window = limits(scope)
    now = time.time()
    window_no = int(now // window)
    retry_after = int(window - (now % window)) + 1
    keys = [_key(scope, kind, ident, window_no)
            for kind, ident in sorted(idents.items()) if ident]
    if not keys:
        return Verdict(True, 0)
    allowed = max(_count_all(store, keys, window + 5)) <= attempts
    return Verdict(allowed, 0 if allowed else retry_after)


def reset(scope: str, **idents: str) -> None:
    """Forget the counts of the current window (tests, an operator unblocking a client)."""
    store = cache()
    _, window = limits(scope)
    window_no = int(time.time() // window)
    for kind, ident in idents.items():
        store.delete(_key(scope, kind, ident, window_no))


def message(retry_after: int) -> str:
    from django.utils.translation import gettext

    return gettext(MESSAGE) % {"n": max(1, (retry_after + 59) // 60)}


def too_many_page(request: HttpRequest, retry_after: int,
                  template: str = "web/too_many.html") -> HttpResponse:
    """429 page in the site's layout, with ``Retry-After``; ``template`` gets the
    ``message`` and the wait in whole ``minutes``."""
    body = render_to_string(template, {"message": message(retry_after),
                                       "minutes": max(1, (retry_after + 59) // 60)},
                            request=request)
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def too_many_json(retry_after: int) -> HttpResponse:
    """429 for API clients: ``{"error": {"code": "rate_limited", ...}}`` like every other
    API error, the wait also in ``details.retry_after`` and ``Retry-After``."""
    body = {"error": {"code": "rate_limited", "message": message(retry_after),
                      "details": {"retry_after": retry_after}}}
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=429,
                            content_type="application/json; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    return response
