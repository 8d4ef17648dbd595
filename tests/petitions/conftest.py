import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def _units_loaded(django_db_setup, django_db_blocker):
    """Lai Châu's units, loaded once per module inside a transaction rolled back at its end
    (test modules must not carry the django_db mark, which would open first)."""
    from motcua.units.selectors import clear_caches
    from motcua.units.services import load_units

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_units()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            clear_caches()


@pytest.fixture
def units(_units_loaded, db, settings):
    """The units, inside this test's savepoint; the portal serves province 12; empty
    rate-limit counters."""
    from django.core.cache import caches

    settings.MOTCUA_PORTAL_PROVINCE = "12"
    caches["default"].clear()
