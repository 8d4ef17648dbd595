"""English interface of the officials' security pages: the login form, the two-factor code
page, the two-factor set-up page and the account security page speak English once English
is chosen, and Vietnamese by default. Only the template texts (the catalog's msgids) are
checked: form labels and messages built in Python are not part of the catalog."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

import motcua
from motcua.accounts.domain import Role
from motcua.accounts.services import create_official

pytestmark = pytest.mark.django_db

PASSWORD = "lai-chau-2026-mot-cua"
LOGIN = "/tai-khoan/dang-nhap/"
VERIFY = "/tai-khoan/xac-thuc/"
ENROL = "/tai-khoan/xac-thuc/thiet-lap/"
SECURITY = "/tai-khoan/bao-mat/"
PO = Path(motcua.__file__).resolve().parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def ui_texts() -> list[str]:
    """The catalog's Vietnamese msgids without placeholders (obsolete entries left out)."""
    texts: list[str] = []
    current: str | None = None
    for raw in PO.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("msgid "):
            current = ast.literal_eval(line[6:])
        elif line.startswith('"') and current is not None:
            current += ast.literal_eval(line)
        elif current is not None:
            if current and "%" not in current:
                texts.append(current)
            current = None
    return texts


def in_english(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302


def official(username: str, role: Role = Role.CLERK):
    user, _ = create_official(
        username=username,
        full_name="Lò Văn Sơn",
        roles=[role],
        province_code="12",
        commune_code="03390",
        password=PASSWORD,
    )
    return user


# Built in Python (the token form), not in the catalog: stays Vietnamese.
NOT_IN_CATALOG = ("Mã xác thực (6 chữ số)",)


def vietnamese_left(html: str) -> list[str]:
    """The catalog's Vietnamese texts still on an English page."""
    for text in NOT_IN_CATALOG:
        html = html.replace(text, "")
    return [text for text in ui_texts() if text in html]


def test_login_page_and_its_error_in_english():
    client = Client()
    vi = client.get(LOGIN).content.decode()
    assert "Đăng nhập cán bộ" in vi and "Tên đăng nhập" in vi and "Official login" not in vi

    in_english(client)
    en = client.get(LOGIN).content.decode()
    assert "Official login" in en and "Username" in en and "Password" in en
    assert "Đăng nhập cán bộ" not in en and "Tên đăng nhập" not in en
    assert vietnamese_left(en) == []

    wrong = client.post(LOGIN, {"username": "nobody", "password": "wrong-password-1"})
    body = wrong.content.decode()
    assert "Incorrect username or password. Please check and try again." in body
    assert "Tên đăng nhập hoặc mật khẩu không đúng" not in body


def test_two_factor_code_page_in_english():
    clerk = official("clerk.otp")
    TOTPDevice.objects.create(user=clerk, name="phone", confirmed=True)
    client = Client()
    in_english(client)
    answer = client.post(LOGIN, {"username": clerk.username, "password": PASSWORD})
    assert answer.status_code == 302 and answer["Location"].startswith(VERIFY)

    page = client.get(answer["Location"])
    assert page.status_code == 200 and page["Content-Language"] == "en"
    en = page.content.decode()
    assert "Two-factor authentication" in en
    assert "Open the authenticator app on your phone" in en
    assert "Lost your phone? Contact the system administrator" in en
    assert ">Confirm</button>" in en and "Log out" in en
    assert "Xác thực hai bước" not in en and "Mất điện thoại?" not in en
    assert vietnamese_left(en) == []


def test_two_factor_set_up_page_in_english():
    clerk = official("clerk.enrol")
    client = Client()
    client.force_login(clerk)
    vi = client.get(ENROL).content.decode()
    assert "Thiết lập xác thực hai bước" in vi and "Set up two-factor" not in vi

    in_english(client)
    en = client.get(ENROL).content.decode()
    assert "Set up two-factor authentication" in en
    assert "Install an authenticator app (TOTP) on your phone." in en
    assert "Secret key (if the QR code cannot be scanned):" in en
    assert "Confirm and turn on" in en
    assert "Thiết lập xác thực hai bước" not in en and "Khoá bí mật" not in en
    assert vietnamese_left(en) == []


def test_account_security_page_in_english():
    clerk = official("clerk.security")
    client = Client()
    client.force_login(clerk)
    vi = client.get(SECURITY).content.decode()
    assert "Bảo mật tài khoản" in vi and "Đổi mật khẩu" in vi and "Account security" not in vi

    in_english(client)
    page = client.get(SECURITY)
    assert page.status_code == 200 and page["Content-Language"] == "en"
    en = page.content.decode()
    assert "Account security" in en  # the page and the navigation link
    assert "Two-factor authentication" in en
    assert "Turn on two-factor authentication" in en
    assert "Not turned on." in en
    assert "Change password" in en
    assert "Bảo mật tài khoản" not in en and "Đổi mật khẩu" not in en
    assert "Xác thực hai bước" not in en
    assert vietnamese_left(en) == []


def test_account_security_page_with_two_factor_on_in_english():
    clerk = official("clerk.on")
    TOTPDevice.objects.create(user=clerk, name="phone", confirmed=True)
    client = Client()
    client.force_login(clerk)
    in_english(client)
    # A confirmed device is asked for on every page until the code is given; the page
    # itself is rendered here as a verified session would see it.
    session = client.session
    device = TOTPDevice.objects.get(user=clerk)
    session["otp_device_id"] = device.persistent_id
    session.save()
    page = client.get(SECURITY)
    assert page.status_code == 200
    en = page.content.decode()
    assert "On: after your password, the system asks for the 6-digit code" in en
    assert "Đang bật" not in en
    assert vietnamese_left(en) == []
