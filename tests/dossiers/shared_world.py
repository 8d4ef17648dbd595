"""A "world" of test data built once and shared by a run of database tests.

pytest-django wraps each test in a transaction; building Lai Châu's units, the catalog and a
commune's officials for every test would dominate the suite. ``SharedWorld`` builds them in
a transaction of its own, opened by the first test that asks for it, and rolls that back
as soon as the next test does not need it (``close`` from a ``pytest_runtest_teardown``
hook): pytest-django runs the database tests together, so this is about once per module
group, and no other test ever sees the data. Each test then runs in its own savepoint on
top (request the world, then ``db``). Test modules using it must not carry the
``django_db`` mark: that would open the test's transaction first and roll the world back
with it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

from django.db import transaction
from django.test.utils import override_settings

T = TypeVar("T")

# Password hashing is deliberately slow; the world's accounts never log in by password.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def clear_reference_caches() -> None:
    """The per-process caches of reference data (units, calendars, the catalog's search
    index), which must not outlive the rows a rolled-back world held."""
    from motcua.catalog.selectors import invalidate_search_index
    from motcua.units.selectors import clear_caches
    from motcua.workdays.selectors import clear_cache

    clear_caches()
    clear_cache()
    invalidate_search_index()


class SharedWorld(Generic[T]):
    def __init__(self, build: Callable[[], T],
                 clear_caches: Callable[[], None] = clear_reference_caches) -> None:
        self._build = build
        self._clear_caches = clear_caches
        self.world: T | None = None
        self._atomic: Any = None
        self._blocker: Any = None

    def get(self, blocker: Any) -> T:
        """The world, built now if no test has opened it yet."""
        if self.world is not None:
            return self.world
        with blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                    built = self._build()
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        self.world, self._atomic, self._blocker = built, atomic, blocker
        return built

    def close_unless_next_uses(self, item: Any, nextitem: Any, fixture: str) -> None:
        """From a ``pytest_runtest_teardown`` hook: roll the world back as soon as the next
        test does not ask for ``fixture`` from the same folder (two folders may give their
        worlds the same fixture name; the other folder's test needs the other world)."""
        if (nextitem is None or fixture not in getattr(nextitem, "fixturenames", ())
                or Path(nextitem.path).parent != Path(item.path).parent):
            self.close()

    def close(self) -> None:
        """Roll the world back (nothing to do if it is not open)."""
        if self.world is None:
            return
        with self._blocker.unblock():
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
        self.world = self._atomic = self._blocker = None
        self._clear_caches()
