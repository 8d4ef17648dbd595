"""Citizens sign in through a real OpenID Connect provider (tests/oidc_provider, over
HTTP): code flow with PKCE, ID token checked; failures leave no identity in the session."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from submission_helpers import sign_in

from motcua.accounts.citizens.session import SESSION_KEY
from motcua.accounts.models import Citizen

pytestmark = pytest.mark.django_db


def test_sign_in_stores_the_identity_from_the_id_token(oidc):
    client = Client()
    start = client.get("/cong-dan/dang-nhap/", {"next": "/dich-vu-cong/nop/"})
    query = parse_qs(urlsplit(start["Location"]).query)
    assert start["Location"].startswith(oidc.issuer + "/authorize/")
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["nonce"] and query["state"]
    assert "openid" in query["scope"][0].split()
    back = oidc.sign_in(start["Location"], "012090001234")
    parts = urlsplit(back)
    done = client.get(f"{parts.path}?{parts.query}")
    assert done.status_code == 302 and done["Location"] == "/dich-vu-cong/nop/"
    citizen = Citizen.objects.get(personal_id="012090001234")
    assert (citizen.full_name, citizen.email, citizen.phone) == (
        "Lò Văn Minh", "minh@example.vn", "0912345678")
    assert citizen.issuer == oidc.issuer
    assert client.session[SESSION_KEY]["personal_id"] == "012090001234"
    # The citizen is not an official: no Django login.
    assert "_auth_user_id" not in client.session
    page = client.get("/cong-dan/ho-so/")
    assert page.status_code == 200 and "Lò Văn Minh" in page.content.decode()


def test_sign_in_again_updates_and_logout_forgets(oidc):
    client = Client()
    sign_in(client, oidc)
    sign_in(client, oidc)
    assert Citizen.objects.filter(personal_id="012090001234").count() == 1
    assert client.post("/cong-dan/dang-xuat/").status_code == 302
    assert SESSION_KEY not in client.session
    assert client.get("/cong-dan/ho-so/").status_code == 302


def test_a_wrong_state_is_refused(oidc):
    client = Client()
    start = client.get("/cong-dan/dang-nhap/")
    back = oidc.sign_in(start["Location"], "012090001234")
    parts = urlsplit(back)
    query = parse_qs(parts.query)
    forged = client.get(parts.path, {"code": query["code"][0], "state": "not-the-state"})
    assert forged.status_code == 400
    assert "Đăng nhập không thành công" in forged.content.decode()
    assert SESSION_KEY not in client.session
    assert not Citizen.objects.exists()


def test_a_callback_from_another_browser_is_refused(oidc):
    victim, attacker = Client(), Client()
    start = attacker.get("/cong-dan/dang-nhap/")
    parts = urlsplit(oidc.sign_in(start["Location"], "012090001234"))
    # The code and state leak to another browser: it has no matching state in its session.
    answer = victim.get(f"{parts.path}?{parts.query}")
    assert answer.status_code == 400
    assert SESSION_KEY not in victim.session


@pytest.mark.parametrize(("username", "reason"), [("bad-signature", "BadSignatureError"),
                                                  ("expired", "ExpiredTokenError")])
def test_untrustworthy_id_tokens_are_refused(oidc, username, reason, caplog):
    client = Client()
    with caplog.at_level(logging.WARNING, logger="motcua.accounts.oidc"):
        answer = sign_in(client, oidc, username)
    assert reason in caplog.text
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "Đăng nhập không thành công" in text and "hết hạn" in text
    assert SESSION_KEY not in client.session
    assert not Citizen.objects.exists()


def test_a_token_for_another_client_is_refused(oidc, settings):
    # The provider issues the token to our client id; we pretend to be another client:
    # the audience no longer matches (and the provider refuses the code for that client).
    client = Client()
    start = client.get("/cong-dan/dang-nhap/")
    parts = urlsplit(oidc.sign_in(start["Location"], "012090001234"))
    settings.MOTCUA_OIDC_CLIENT_ID = "someone-else"
    answer = client.get(f"{parts.path}?{parts.query}")
    assert answer.status_code == 400
    assert SESSION_KEY not in client.session


def test_a_refusal_at_the_provider_is_explained(oidc):
    client = Client()
    client.get("/cong-dan/dang-nhap/")
    answer = client.get("/cong-dan/dang-nhap/xong/", {"error": "access_denied", "state": "x"})
    assert answer.status_code == 400
    assert "không đồng ý" in answer.content.decode()


def test_not_configured_says_so(db, settings):
    settings.MOTCUA_OIDC_ISSUER = ""
    answer = Client().get("/cong-dan/dang-nhap/")
    assert answer.status_code == 400
    assert "chưa được cấu hình" in answer.content.decode()


def test_unreachable_provider_says_so(db, settings):
    settings.MOTCUA_OIDC_ISSUER = "http://127.0.0.1:9/o"
    settings.MOTCUA_OIDC_CLIENT_ID = "x"
    answer = Client().get("/cong-dan/dang-nhap/")
    assert answer.status_code == 400
    assert "Không kết nối được" in answer.content.decode()


def test_an_open_redirect_is_not_followed(oidc):
    client = Client()
    answer = sign_in(client, oidc, next_url="https://evil.example/")
    assert answer["Location"] == "/cong-dan/ho-so/"
