"""Two-factor login (TOTP) for officials: enrolment, verification, enforcement per role."""

from __future__ import annotations

import base64
import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.domain import Role
from motcua.accounts.models import AccountEvent

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]

WORKSPACE = "/lam-viec/"
ENROL = "/tai-khoan/xac-thuc/thiet-lap/"
VERIFY = "/tai-khoan/xac-thuc/"


@pytest.fixture
def enrol(code_for):
    """Enrol the logged-in official of ``client`` with the code their phone would show."""
    return lambda client, official: _enrol(client, official, code_for)


def _enrol(client: Client, official, code_for) -> TOTPDevice:
    page = client.get(ENROL)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=official, confirmed=False)
    answer = client.post(ENROL, {"token": code_for(device), "next": WORKSPACE})
    assert answer.status_code == 302 and answer["Location"] == WORKSPACE
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_a_leader_without_a_device_must_enrol_before_anything_else(make_official, login, code_for):
    leader = make_official(Role.LEADER)
    client = Client()
    answer = login(client, leader.username, next_url=WORKSPACE)
    assert answer.status_code == 302
    assert answer["Location"].startswith(ENROL) and "next=%2Flam-viec%2F" in answer["Location"]
    # Password alone opens nothing: every other page sends back to enrolment.
    for url in (WORKSPACE, "/ho-so/", "/tai-khoan/bao-mat/", "/admin/"):
        blocked = client.get(url)
        assert blocked.status_code == 302 and blocked["Location"].startswith(ENROL), url
    api = client.get("/api/dossiers/")
    assert api.status_code == 401 and api.json()["error"]["code"] == "otp_required"

    page = client.get(ENROL)
    body = page.content.decode()
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    assert "<svg" in body and 'class="segno"' in body
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    shown = re.search(r'<code id="otp-secret">([A-Z2-7 ]+)</code>', body).group(1)
    assert shown.replace(" ", "") == secret
    # Nothing inline for the Content Security Policy.
    assert "style=" not in body and "<script" not in body
    assert not re.search(r"\son[a-z]+=", body)
    # Reloading keeps the same secret (the phone may already have scanned it).
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=leader).count() == 1

    wrong = client.post(ENROL, {"token": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "Mã xác thực không đúng" in wrong.content.decode()
    assert client.get(WORKSPACE).status_code == 302
    device.throttle_reset()  # the wrong code asked for a one-second pause

    answer = client.post(ENROL, {"token": code_for(device), "next": WORKSPACE})
    assert answer.status_code == 302 and answer["Location"] == WORKSPACE
    assert client.get(WORKSPACE).status_code == 200
    event = AccountEvent.objects.get(official=leader)
    assert event.action == AccountEvent.Action.TWO_FACTOR_ENABLED


def test_next_login_asks_for_the_code_and_accepts_only_a_right_one(make_official, login, code_for, enrol):
    director = make_official(Role.CENTER_DIRECTOR)
    first = Client()
    login(first, director.username)
    device = enrol(first, director)

    client = Client()
    answer = login(client, director.username, next_url="/ho-so/")
    assert answer.status_code == 302 and answer["Location"].startswith(VERIFY)
    assert client.get("/ho-so/")["Location"].startswith(VERIFY)
    page = client.get(answer["Location"])
    assert "Xác thực hai bước" in page.content.decode()

    right = code_for(device, drift=1)
    wrong = client.post(VERIFY, {"token": "123456" if right != "123456" else "654321",
                                 "next": "/ho-so/"})
    assert wrong.status_code == 200 and "không đúng" in wrong.content.decode()
    # Immediately again: the device asks for a pause after a failure (django-otp throttling).
    hurried = client.post(VERIFY, {"token": right, "next": "/ho-so/"})
    assert "đợi" in hurried.content.decode()
    device.throttle_reset()
    ok = client.post(VERIFY, {"token": right, "next": "/ho-so/"})
    assert ok.status_code == 302 and ok["Location"] == "/ho-so/"
    assert client.get("/ho-so/").status_code == 200
    # The same code cannot be replayed by someone who saw it.
    other = Client()
    login(other, director.username)
    replay = other.post(VERIFY, {"token": right})
    assert replay.status_code == 200 and other.get(WORKSPACE).status_code == 302


def test_verify_does_not_redirect_off_site(make_official, login, code_for, enrol):
    admin = make_official(Role.ADMIN)
    client = Client()
    login(client, admin.username)
    device = enrol(client, admin)
    client.post("/tai-khoan/dang-xuat/")
    login(client, admin.username)
    ok = client.post(VERIFY, {"token": code_for(device, drift=1), "next": "https://evil.example/"})
    assert ok.status_code == 302 and ok["Location"] == "/"


@pytest.mark.parametrize("role", list(Role))
def test_which_roles_must_enrol(make_official, login, code_for, role):
    official = make_official(role)
    client = Client()
    answer = login(client, official.username, next_url="/tai-khoan/bao-mat/")
    must = role in {Role.LEADER, Role.CENTER_DIRECTOR, Role.ADMIN}
    assert answer.status_code == 302
    assert answer["Location"].startswith(ENROL) is must
    assert (client.get("/tai-khoan/bao-mat/").status_code == 200) is not must


def test_enforcement_can_be_switched_off(make_official, login, code_for, settings):
    settings.MOTCUA_OTP_REQUIRED = False
    leader = make_official(Role.LEADER)
    client = Client()
    assert login(client, leader.username, next_url=WORKSPACE)["Location"] == WORKSPACE
    assert client.get(WORKSPACE).status_code == 200


def test_a_clerk_may_turn_on_two_factor_and_is_then_asked_for_it(make_official, login, code_for):
    clerk = make_official(Role.CLERK)
    client = Client()
    assert login(client, clerk.username, next_url=WORKSPACE)["Location"] == WORKSPACE
    page = client.get("/tai-khoan/bao-mat/").content.decode()
    assert "Bảo mật tài khoản" in page and "Chưa bật" in page and ENROL in page
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=clerk)
    done = client.post(ENROL, {"token": code_for(device)})
    assert done.status_code == 302 and done["Location"] == "/tai-khoan/bao-mat/"
    assert "Đang bật" in client.get("/tai-khoan/bao-mat/").content.decode()
    again = Client()
    assert login(again, clerk.username)["Location"].startswith(VERIFY)


def test_a_session_from_before_the_rule_is_held_to_it(make_official, login, code_for):
    leader = make_official(Role.LEADER)
    client = Client()
    client.force_login(leader)
    session = client.session
    session.pop("motcua_second_factor", None)
    session.save()
    assert client.get(WORKSPACE)["Location"].startswith(ENROL)


def test_pending_official_reaches_static_files_and_can_log_out(make_official, login, code_for):
    leader = make_official(Role.LEADER)
    client = Client()
    login(client, leader.username)
    assert client.get("/static/motcua/motcua.css").status_code == 200
    out = client.post("/tai-khoan/dang-xuat/")
    assert out.status_code == 302
    assert client.get(WORKSPACE)["Location"].startswith("/tai-khoan/dang-nhap/")


def test_reset_two_factor_for_a_lost_phone(make_official, login, code_for, enrol, capsys):
    from django.core.management import call_command

    leader = make_official(Role.LEADER)
    client = Client()
    login(client, leader.username)
    enrol(client, leader)
    assert client.get(WORKSPACE).status_code == 200
    call_command("accounts", "reset-2fa", leader.username, "--reason", "Mất điện thoại")
    assert "Đã đặt lại" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=leader).exists()
    # The session on the lost phone is over; the next login enrols a new device.
    assert client.get(WORKSPACE)["Location"].startswith("/tai-khoan/dang-nhap/")
    assert login(Client(), leader.username)["Location"].startswith(ENROL)
    event = AccountEvent.objects.get(official=leader, action=AccountEvent.Action.TWO_FACTOR_RESET)
    assert event.reason == "Mất điện thoại" and event.actor is None and event.sessions_ended == 1


def test_password_only_session_cannot_post_either(make_official, login):
    leader = make_official(Role.LEADER)
    client = Client()
    login(client, leader.username)
    answer = client.post("/ho-so/tiep-nhan/", {"procedure_code": "1.001193"})
    assert answer.status_code == 302 and answer["Location"] == ENROL
    api = client.post("/api/dossiers/", {}, content_type="application/json")
    assert api.status_code == 401


def test_login_gives_a_new_session_key(make_official, login):
    clerk = make_official(Role.CLERK)
    client = Client()
    client.get("/tai-khoan/dang-nhap/")
    session = client.session
    session["planted"] = "x"
    session.save()
    planted = session.session_key
    login(client, clerk.username)
    assert client.session.session_key != planted
    assert not Session.objects.filter(session_key=planted).exists()


def test_a_password_alone_cannot_enrol_a_second_phone(make_official, login, code_for, enrol):
    leader = make_official(Role.LEADER)
    owner = Client()
    login(owner, leader.username)
    device = enrol(owner, leader)
    thief = Client(REMOTE_ADDR="10.66.66.66")
    login(thief, leader.username)
    assert thief.get(ENROL)["Location"].startswith(VERIFY)
    forged = thief.post(ENROL, {"token": "123456"})
    assert forged.status_code == 302 and forged["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=leader)) == [device]
    assert thief.get(WORKSPACE)["Location"].startswith(VERIFY)
