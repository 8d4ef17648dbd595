"""Fixtures of the officials' account security tests (tests/accounts/test_security_*.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import totp

from motcua.accounts.domain import Role
from motcua.accounts.services import create_official

PASSWORD = "lai-chau-2026-mot-cua"
LOGIN = "/tai-khoan/dang-nhap/"


def code_for(device: Any, drift: int = 0) -> str:
    """The code the official's phone shows now (real clock), or ``drift`` steps ahead:
    a device accepts each time step once, so a second login in the same 30 s uses +1."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):0{device.digits}d}"


@pytest.fixture
def make_official(db) -> Callable[..., Any]:
    counter = iter(range(1, 1000))

    def make(role: Role = Role.CLERK, username: str | None = None, **extra: Any) -> Any:
        commune = "" if role in (Role.ADMIN, Role.PROVINCE_OVERSEER) else "03390"
        official, _ = create_official(
            username=username or f"{role.value}.{next(counter)}", full_name="Lò Văn Sơn",
            roles=[role], province_code="12", commune_code=commune, password=PASSWORD, **extra)
        return official

    return make


def login(client: Client, username: str, password: str = PASSWORD, next_url: str = "",
          **extra: Any) -> Any:
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data, **extra)


@pytest.fixture(name="code_for")
def _code_for() -> Callable[..., str]:
    return code_for


@pytest.fixture(name="login")
def _login() -> Callable[..., Any]:
    return login
