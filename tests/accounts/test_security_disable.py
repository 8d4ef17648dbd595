"""Disabling an official ends their sessions and API tokens at once, with an audit row."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client

from motcua.accounts.domain import Role
from motcua.accounts.models import AccountEvent, ImmutableAccountEvent, Official, OfficialSession
from motcua.accounts.services import disable_official
from motcua.dossiers.models import ApiToken
from motcua.dossiers.services import create_api_token
from motcua.errors import InvalidInput, PermissionDenied

pytestmark = pytest.mark.django_db

WORKSPACE = "/lam-viec/"


def _api(raw: str):
    return Client().get("/api/dossiers/", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_disable_ends_every_session_and_token_on_the_next_request(make_official, login):
    admin = make_official(Role.ADMIN)
    clerk = make_official(Role.CLERK)
    desk, phone = Client(), Client(REMOTE_ADDR="10.1.2.3")
    login(desk, clerk.username)
    login(phone, clerk.username)
    bystander = make_official(Role.CLERK)
    other = Client()
    login(other, bystander.username)
    _, raw = create_api_token(clerk, "Cổng tỉnh")
    assert desk.get(WORKSPACE).status_code == 200 and phone.get(WORKSPACE).status_code == 200
    assert _api(raw).status_code == 200
    keys = {desk.session.session_key, phone.session.session_key}

    event = disable_official(admin, clerk, "Chuyển công tác")

    for client in (desk, phone):
        answer = client.get(WORKSPACE)
        assert answer.status_code == 302 and "/tai-khoan/dang-nhap/" in answer["Location"]
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not OfficialSession.objects.filter(official=clerk).exists()
    refused = _api(raw)
    assert refused.status_code == 401
    assert ApiToken.objects.get(official=clerk).revoked_at is not None
    assert login(Client(), clerk.username).status_code == 200  # the password no longer works
    assert other.get(WORKSPACE).status_code == 200  # nobody else is touched
    assert not Official.objects.get(pk=clerk.pk).is_active
    assert (event.actor, event.actor_username, event.official_username) == (
        admin, admin.username, clerk.username)
    assert (event.action, event.reason, event.sessions_ended, event.tokens_revoked) == (
        AccountEvent.Action.DISABLED, "Chuyển công tác", 2, 1)


def test_a_session_is_refused_even_if_its_key_was_not_recorded(make_official):
    admin = make_official(Role.ADMIN)
    clerk = make_official(Role.CLERK)
    client = Client()
    client.force_login(clerk)
    OfficialSession.objects.all().delete()
    disable_official(admin, clerk, "Nghỉ việc")
    assert client.get(WORKSPACE).status_code == 302


def test_only_an_administrator_disables_and_must_say_why(make_official):
    leader = make_official(Role.LEADER)
    admin = make_official(Role.ADMIN)
    clerk = make_official(Role.CLERK)
    with pytest.raises(PermissionDenied):
        disable_official(leader, clerk, "Không thích")
    with pytest.raises(InvalidInput):
        disable_official(admin, clerk, "   ")
    with pytest.raises(InvalidInput):
        disable_official(admin, admin, "Tự khoá")
    clerk.refresh_from_db()
    assert clerk.is_active and not AccountEvent.objects.exists()


def test_the_command_disables_and_records_the_console_as_actor(make_official, capsys):
    clerk = make_official(Role.CLERK)
    create_api_token(clerk, "Hệ thống A")
    call_command("accounts", "disable", clerk.username.upper(), "--reason", "Lộ mật khẩu")
    assert "thu hồi 1 token API" in capsys.readouterr().out
    event = AccountEvent.objects.get(official=clerk)
    assert event.actor is None and event.actor_username == "" and event.reason == "Lộ mật khẩu"
    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("accounts", "disable", "khong.co", "--reason", "x")
    with pytest.raises(CommandError, match="lý do"):
        call_command("accounts", "disable", clerk.username, "--reason", " ")


def test_the_admin_action_asks_for_a_reason_then_disables(make_official, login):
    admin = make_official(Role.ADMIN)
    clerk = make_official(Role.CLERK)
    victim = Client()
    login(victim, clerk.username)
    client = Client()
    client.force_login(admin)
    url = "/admin/accounts/official/"
    ask = client.post(url, {"action": "disable_accounts", "_selected_action": [clerk.pk]})
    assert ask.status_code == 200
    assert "Lý do vô hiệu hoá" in ask.content.decode()
    assert Official.objects.get(pk=clerk.pk).is_active
    done = client.post(url, {"action": "disable_accounts", "_selected_action": [clerk.pk],
                             "reason": "Chuyển công tác"}, follow=True)
    assert "Đã vô hiệu hoá 1 tài khoản" in done.content.decode()
    assert not Official.objects.get(pk=clerk.pk).is_active
    assert victim.get(WORKSPACE).status_code == 302
    event = AccountEvent.objects.get(official=clerk)
    assert event.actor == admin and event.sessions_ended == 1
    listing = client.get("/admin/accounts/accountevent/")
    assert listing.status_code == 200 and clerk.username in listing.content.decode()


def test_account_events_are_append_only(make_official):
    admin = make_official(Role.ADMIN)
    clerk = make_official(Role.CLERK)
    event = disable_official(admin, clerk, "Nghỉ hưu")
    event.reason = "khác"
    with pytest.raises(ImmutableAccountEvent):
        event.save()
    with pytest.raises(ImmutableAccountEvent):
        event.delete()
    assert AccountEvent.objects.get().reason == "Nghỉ hưu"
