"""The portal's attempt limits: the scopes of the public forms (and the sign-in scope)
on the general counter in ``motcua.ratelimit``, which this module re-exports so that
existing callers keep working.
"""

from __future__ import annotations

from motcua import ratelimit as _general
from motcua.ratelimit import (  # noqa: F401  (re-exported)
    Verdict,
    client_ip,
    hit,
    limits,
    reset,
    too_many_json,
    too_many_page,
)

# scope: (attempts, window in seconds)
DEFAULTS: dict[str, tuple[int, int]] = {
    "lookup": (10, 600),
    "feedback": (5, 3600),
    "login": (30, 600),
}


# Registered in the general table; settings may still override each limit.
_general.DEFAULTS.update(DEFAULTS)
