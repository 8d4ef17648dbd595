"""Idle timeout of officials' sessions; the session cookie ends with the browser."""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from motcua.accounts.domain import Role

pytestmark = pytest.mark.django_db

WORKSPACE = "/lam-viec/"
KEY = "motcua_last_seen"


def _age(client: Client, seconds: int) -> None:
    """Pretend the last request was ``seconds`` earlier than recorded."""
    session = client.session
    session[KEY] = session[KEY] - seconds
    session.save()


def test_idle_session_ends_with_a_vietnamese_message(make_official, login):
    clerk = make_official(Role.CLERK)
    client = Client()
    login(client, clerk.username)
    assert client.get(WORKSPACE).status_code == 200
    _age(client, 29 * 60)
    assert client.get(WORKSPACE).status_code == 200  # 29 minutes: still there
    _age(client, 31 * 60)
    answer = client.get(WORKSPACE)
    assert answer.status_code == 302
    assert answer["Location"] == "/tai-khoan/dang-nhap/?next=%2Flam-viec%2F"
    page = client.get(answer["Location"]).content.decode()
    assert "Phiên làm việc đã hết hạn do không thao tác quá 30 phút" in page
    assert client.get(WORKSPACE).status_code == 302  # logged out, not just redirected once


def test_idle_minutes_come_from_the_setting(make_official, login, settings):
    settings.MOTCUA_SESSION_IDLE_MINUTES = 5
    clerk = make_official(Role.CLERK)
    client = Client()
    login(client, clerk.username)
    _age(client, 6 * 60)
    assert client.get(WORKSPACE).status_code == 302


def test_the_api_answers_401_to_an_idle_session(make_official, login):
    clerk = make_official(Role.CLERK)
    client = Client()
    login(client, clerk.username)
    assert client.get("/api/dossiers/").status_code == 200
    _age(client, 31 * 60)
    assert client.get("/api/dossiers/").status_code == 401


def test_activity_is_written_at_most_once_a_minute(make_official, login):
    clerk = make_official(Role.CLERK)
    client = Client()
    login(client, clerk.username)
    key = client.session.session_key
    before = Session.objects.get(session_key=key)
    for _ in range(3):
        assert client.get(WORKSPACE).status_code == 200
    # No session write for requests within the minute (a write moves the expiry date).
    after = Session.objects.get(session_key=key)
    assert (after.session_data, after.expire_date) == (before.session_data, before.expire_date)
    _age(client, 61)
    client.get(WORKSPACE)
    assert abs(client.session[KEY] - time.time()) < 5


def test_session_cookie_ends_with_the_browser_and_lasts_at_most_8_hours(make_official, login,
                                                                       settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    clerk = make_official(Role.CLERK)
    client = Client()
    answer = login(client, clerk.username)
    cookie = answer.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert cookie["httponly"]
    session = Session.objects.get(session_key=cookie.value)
    remaining = session.expire_date - timezone.now()
    assert 7.9 * 3600 < remaining.total_seconds() <= 8 * 3600
