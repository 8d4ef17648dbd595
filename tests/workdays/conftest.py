import pytest

from motcua.workdays import selectors
from motcua.workdays.domain import Calendar, WorkClock
from motcua.workdays.domain.shipped import shipped_exceptions, shipped_office_hours


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    # A clock cached inside a rolled-back test must not leak into the next one.
    selectors.clear_cache()
    yield
    selectors.clear_cache()


@pytest.fixture(scope="session")
def national() -> WorkClock:
    return WorkClock(Calendar(shipped_exceptions()), shipped_office_hours())


@pytest.fixture(scope="session")
def lai_chau() -> WorkClock:
    return WorkClock(Calendar(shipped_exceptions("12")), shipped_office_hours("12"))
