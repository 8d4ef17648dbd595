import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_memos():
    """Reference data memos (motcua.memo) must not carry rows from one test's database
    state into the next."""
    from motcua.memo import clear_all

    clear_all()
    yield
    clear_all()
