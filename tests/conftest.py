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


@pytest.fixture(autouse=True)
def _second_factor_enforcement(request, settings):
    """Most tests log leaders and administrators in (``force_login`` or the login form) to
    test something else; for them the role-based two-factor requirement is switched off, as
    ``MOTCUA_OTP_REQUIRED=false`` does. Tests marked ``second_factor``
    (tests/accounts/test_security_*.py) keep the production default and test it for real.
    An official with a confirmed authenticator is asked for a code either way."""
    if request.node.get_closest_marker("second_factor") is None:
        settings.MOTCUA_OTP_REQUIRED = False


@pytest.fixture(autouse=True)
def _fresh_login_limit():
    """The per-address limit on the login form counts in the process's cache, and every
    test client comes from 127.0.0.1: start each test with a fresh count."""
    yield
    from motcua.portal import ratelimit

    ratelimit.reset("login", ip="127.0.0.1")
