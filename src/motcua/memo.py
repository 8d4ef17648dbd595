"""Per-process memos of read-mostly reference data (API tokens, catalog procedures,
agencies) for the hot paths of the API.

Why: at the counter's pace every request would otherwise spend most of its time asking the
database for the same few rows (the token's official and roles, the procedure with its
documents and steps, the commune's agencies) — measured: 9 of the 21 queries of an intake.

Rules:
- An entry lives ``ttl`` seconds (``MOTCUA_MEMO_SECONDS``, default 10). A change made in
  this process clears the memos at once (``clear_all`` is connected to the models'
  ``post_save``/``post_delete`` by the apps); another worker process sees it at most
  ``ttl`` seconds later. So an administrator's edit of the catalog applies to dossiers
  received from a few seconds later on, and a revoked token or a disabled official stops
  working within ``ttl`` seconds on every worker (immediately on the one that made it).
- Values are shared between requests and threads: callers must treat them as read-only.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from cachetools import TTLCache

T = TypeVar("T")

_MEMOS: list[Memo[Any]] = []
_MISSING = object()


def memo_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("MOTCUA_MEMO_SECONDS", "10")))
    except ValueError:
        return 10.0


class Memo(Generic[T]):
    """A small thread-safe TTL map from a key to what ``load(key)`` returned."""

    def __init__(self, name: str, *, maxsize: int = 4096, ttl: float | None = None) -> None:
        self.name = name
        self._ttl = memo_seconds() if ttl is None else ttl
        self._cache: TTLCache[Hashable, T] = TTLCache(maxsize=maxsize, ttl=self._ttl or 1)
        self._lock = threading.Lock()
        _MEMOS.append(self)

    def get(self, key: Hashable, load: Callable[[], T]) -> T:
        if self._ttl <= 0:
            return load()
        with self._lock:
            value = self._cache.get(key, _MISSING)
        if value is not _MISSING:
            return value  # type: ignore[return-value]
        value = load()
        with self._lock:
            self._cache[key] = value
        return value

    def put(self, key: Hashable, value: T) -> None:
        """Replace one entry (its lifetime starts again)."""
        if self._ttl <= 0:
            return
        with self._lock:
            self._cache[key] = value

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()


def clear_all(*args: Any, **kwargs: Any) -> None:
    """Forget every memo of this process (signature fits a signal receiver)."""
    for memo in _MEMOS:
        memo.clear()
