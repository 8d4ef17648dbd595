import pytest

from motcua.catalog import services


@pytest.fixture
def catalog(db):
    """The shipped catalog, loaded into the test database."""
    services.load_builtin_catalog()
    return services
