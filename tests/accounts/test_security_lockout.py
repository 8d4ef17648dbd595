"""Lockout after repeated wrong passwords (django-axes) and the per-address limit on the
login form."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client

from motcua.accounts.domain import Role
from motcua.portal import ratelimit

pytestmark = pytest.mark.django_db

WORKSPACE = "/lam-viec/"


def _fail(client: Client, login, username: str, times: int, **extra):
    return [login(client, username, "sai-mat-khau-1", **extra) for _ in range(times)]


def test_five_wrong_passwords_lock_that_username_from_that_address(make_official, login):
    clerk = make_official(Role.CLERK)
    other = make_official(Role.CLERK)
    client = Client()
    answers = _fail(client, login, clerk.username, 5)
    assert [a.status_code for a in answers[:4]] == [200] * 4
    assert "không đúng" in answers[0].content.decode()
    locked = answers[4]
    assert locked.status_code == 429
    assert locked["Retry-After"] == str(15 * 60)
    body = locked.content.decode()
    assert "tạm khoá" in body and "15 phút" in body
    # The right password does not help during the cool-off.
    assert login(client, clerk.username).status_code == 429
    assert client.get(WORKSPACE).status_code == 302
    # Another official at the same address, and the same official elsewhere, still log in:
    # one address cannot lock everyone out.
    assert login(Client(), other.username)["Location"] == "/"
    elsewhere = Client(REMOTE_ADDR="10.20.30.40")
    assert login(elsewhere, clerk.username)["Location"] == "/"
    assert elsewhere.get(WORKSPACE).status_code == 200


def test_case_does_not_spread_the_failures(make_official, login):
    clerk = make_official(Role.CLERK, username="binhlu.mai")
    client = Client()
    for name in ("Binhlu.Mai", "BINHLU.MAI", "binhlu.MAI", "binhlu.mai", " binhlu.mai"):
        last = login(client, name, "sai-mat-khau-1")
    assert last.status_code == 429
    assert login(client, clerk.username).status_code == 429


def test_success_resets_the_count(make_official, login):
    clerk = make_official(Role.CLERK)
    client = Client()
    _fail(client, login, clerk.username, 4)
    assert login(client, clerk.username)["Location"] == "/"
    client.post("/tai-khoan/dang-xuat/")
    answers = _fail(client, login, clerk.username, 4)
    assert all(a.status_code == 200 for a in answers)
    assert login(client, clerk.username)["Location"] == "/"


def test_the_lock_ends_after_the_cool_off(make_official, login):
    clerk = make_official(Role.CLERK)
    client = Client()
    _fail(client, login, clerk.username, 5)
    assert login(client, clerk.username).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert login(client, clerk.username)["Location"] == "/"


def test_the_login_form_is_limited_per_address(make_official, login, settings):
    assert ratelimit.limits("login") == (30, 600)
    settings.MOTCUA_PORTAL_LOGIN_LIMIT = "4/600"
    clerk = make_official(Role.CLERK)
    ip = "10.9.8.7"
    client = Client(REMOTE_ADDR=ip)
    try:
        # Different usernames each time: the per-(username, address) lock never trips.
        for n in range(4):
            assert login(client, f"doan.{n}", "sai-mat-khau-1").status_code == 200
        refused = login(client, clerk.username)
        assert refused.status_code == 429
        assert 0 < int(refused["Retry-After"]) <= 601
        assert "quá nhiều lần đăng nhập" in refused.content.decode()
        assert client.get(WORKSPACE).status_code == 302
        # Reading the form is not limited; another address is not affected.
        assert client.get("/tai-khoan/dang-nhap/").status_code == 200
        assert login(Client(REMOTE_ADDR="10.9.8.8"), clerk.username)["Location"] == "/"
    finally:
        ratelimit.reset("login", ip=ip)


def test_a_forged_forwarded_header_is_not_a_new_address(make_official, login):
    clerk = make_official(Role.CLERK)
    client = Client()
    for n in range(5):
        last = login(client, clerk.username, "sai-mat-khau-1",
                     HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert last.status_code == 429


def test_the_admin_login_is_the_officials_login(make_official, login):
    answer = Client().get("/admin/login/?next=/admin/")
    assert answer.status_code == 302
    assert answer["Location"] == "/tai-khoan/dang-nhap/?next=/admin/"
