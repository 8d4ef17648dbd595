"""Password rules and the password change page."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from motcua.accounts.domain import Role, has_letter_and_digit
from motcua.accounts.models import AccountEvent, Official, OfficialSession

WORKSPACE = "/lam-viec/"
CHANGE = "/tai-khoan/bao-mat/doi-mat-khau/"


@given(st.text())
def test_letter_and_digit_rule_is_exactly_one_of_each_at_least(text):
    expected = any(c.isalpha() for c in text) and any(c.isdecimal() for c in text)
    assert has_letter_and_digit(text) is expected
    assert has_letter_and_digit(text + "đ7")
    assert not has_letter_and_digit("".join(c for c in text if not c.isdecimal()))


@pytest.mark.parametrize("password, ok", [
    ("đường-phố-số-9", True),  # Vietnamese letters count as letters
    ("Nà Khum 2026 xuân", True),
    ("khong-co-chu-so", False),
    ("2026-03-15-0909", False),
    ("ngắn1", False),
])
@pytest.mark.django_db
def test_password_rules(password, ok):
    if ok:
        validate_password(password)
        return
    with pytest.raises(ValidationError) as err:
        validate_password(password)
    text = " ".join(err.value.messages)
    if len(password) >= 10:
        assert "Mật khẩu phải có ít nhất một chữ cái và một chữ số." in text


@pytest.mark.django_db
def test_change_password_page(make_official, login):
    clerk = make_official(Role.CLERK)
    here, elsewhere = Client(), Client()
    login(here, clerk.username)
    login(elsewhere, clerk.username)
    page = here.get(CHANGE)
    assert page.status_code == 200 and "Đổi mật khẩu" in page.content.decode()
    weak = here.post(CHANGE, {"old_password": "lai-chau-2026-mot-cua",
                              "new_password1": "khongcochuso", "new_password2": "khongcochuso"})
    assert weak.status_code == 200
    assert "ít nhất một chữ cái và một chữ số" in weak.content.decode()
    wrong_old = here.post(CHANGE, {"old_password": "sai", "new_password1": "mua-xuan-2027-ab",
                                   "new_password2": "mua-xuan-2027-ab"})
    assert wrong_old.status_code == 200
    done = here.post(CHANGE, {"old_password": "lai-chau-2026-mot-cua",
                              "new_password1": "mua-xuan-2027-ab",
                              "new_password2": "mua-xuan-2027-ab"})
    assert done.status_code == 302 and done["Location"] == "/tai-khoan/bao-mat/"
    security = here.get(done["Location"]).content.decode()
    assert "Đã đổi mật khẩu" in security and "đổi mật khẩu</li>" in security
    assert Official.objects.get(pk=clerk.pk).check_password("mua-xuan-2027-ab")
    # This session goes on (under a new, recorded key); the other one is over.
    assert here.get(WORKSPACE).status_code == 200
    assert OfficialSession.objects.filter(official=clerk,
                                          session_key=here.session.session_key).exists()
    assert elsewhere.get(WORKSPACE).status_code == 302
    assert AccountEvent.objects.filter(
        official=clerk, action=AccountEvent.Action.PASSWORD_CHANGED).count() == 1


@pytest.mark.django_db
def test_change_password_needs_a_login():
    answer = Client().get(CHANGE)
    assert answer.status_code == 302 and "/tai-khoan/dang-nhap/" in answer["Location"]
