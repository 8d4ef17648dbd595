"""What officials' sessions carry besides Django's own keys."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings

# Unix time of the last request seen, refreshed at most once a minute (domain.should_touch).
LAST_SEEN_KEY = "motcua_last_seen"
# domain.SecondFactor value worked out at login: what the session still owes.
SECOND_FACTOR_KEY = "motcua_second_factor"


def idle_seconds() -> int:
    return int(getattr(settings, "MOTCUA_SESSION_IDLE_MINUTES", 30)) * 60


def touch(session: Any, now: float | None = None) -> None:
    session[LAST_SEEN_KEY] = int(time.time() if now is None else now)
