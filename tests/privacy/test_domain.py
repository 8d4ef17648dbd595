"""Pure rules of the privacy app."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.accounts.domain import Role
from motcua.errors import InvalidInput
from motcua.privacy.domain import (
    RETENTION_DEFAULTS,
    Duration,
    RetentionKind,
    citizen_key,
    clean_reason,
    is_own_desk,
    mask_address,
    normalise_personal_id,
    parse_duration,
    parse_retention,
    parse_roles,
    reason_required,
)

UTC = dt.UTC


def test_citizen_key_is_keyed_and_normalised():
    a = citizen_key("012 090 001 234", "secret-1")
    assert a == citizen_key("012090001234", "secret-1") == citizen_key("012.090.001.234",
                                                                      "secret-1")
    assert len(a) == 64 and "012090001234" not in a
    assert a != citizen_key("012090001234", "secret-2")
    assert a != citizen_key("012090001235", "secret-1")
    assert citizen_key("", "secret-1") == "" == citizen_key("  ", "secret-1")


@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.text(min_size=1))
def test_citizen_key_never_holds_the_number(number, secret):
    assert number not in citizen_key(number, secret)


def test_normalise_keeps_letters_upper():
    assert normalise_personal_id(" b1234567 ") == "B1234567"


def test_reason_required_only_outside_own_commune():
    asked = frozenset({Role.PROVINCE_OVERSEER, Role.ADMIN})
    assert reason_required({Role.PROVINCE_OVERSEER}, asked, own_desk=False)
    assert reason_required({Role.ADMIN, Role.CLERK}, asked, own_desk=False)
    assert not reason_required({Role.ADMIN}, asked, own_desk=True)
    assert not reason_required({Role.LEADER}, asked, own_desk=False)
    assert not reason_required({Role.PROVINCE_OVERSEER}, frozenset(), own_desk=False)


def test_own_desk_is_the_deciding_or_the_receiving_commune():
    assert is_own_desk("03390", "03390", "03390")
    assert is_own_desk("03618", "03390", "03618")  # received at Mường Than's counter
    assert not is_own_desk("03618", "03390", "03390")
    assert not is_own_desk("", "03390", "03390")  # province-wide officials have none


def test_parse_roles():
    assert parse_roles("province_overseer, admin") == {Role.PROVINCE_OVERSEER, Role.ADMIN}
    assert parse_roles("") == frozenset()
    with pytest.raises(InvalidInput, match="Vai trò «boss» không có"):
        parse_roles("admin,boss")


def test_clean_reason():
    assert clean_reason("  Thanh tra   theo\nkế hoạch ") == "Thanh tra theo kế hoạch"
    with pytest.raises(InvalidInput, match="ít nhất 5"):
        clean_reason(" xem ")
    with pytest.raises(InvalidInput, match="dài quá"):
        clean_reason("x" * 301)


@pytest.mark.parametrize(("address", "masked"), [
    ("số 17 đường Nà Khum, bản Nà Khum, xã Bình Lư, tỉnh Lai Châu",
     "***, xã Bình Lư, tỉnh Lai Châu"),
    ("12 Lê Lợi, Phường Bến Thành, Thành phố Hồ Chí Minh",
     "***, Phường Bến Thành, Thành phố Hồ Chí Minh"),
    ("bản Nà Khum, thị trấn Tam Đường, huyện Tam Đường, tỉnh Lai Châu",
     "***, thị trấn Tam Đường, huyện Tam Đường, tỉnh Lai Châu"),
    ("số 5 ngõ 3", "***"),
    ("xã Bình Lư, tỉnh Lai Châu", "***, xã Bình Lư, tỉnh Lai Châu"),
    ("", ""),
])
def test_mask_address(address, masked):
    assert mask_address(address) == masked


@given(st.from_regex(r"[0-9]{1,4} [A-Za-zÀ-ỹ ]{1,20}", fullmatch=True),
       st.sampled_from(["xã Bình Lư, tỉnh Lai Châu", "phường Ba Đình, thành phố Hà Nội"]))
def test_mask_address_drops_the_street_keeps_the_commune(street, units):
    masked = mask_address(f"{street}, {units}")
    assert masked == f"***, {units}"
    assert not any(ch.isdigit() for ch in masked)


def test_parse_retention_defaults_and_overrides():
    assert parse_retention("") == dict(RETENTION_DEFAULTS)
    policy = parse_retention("access_records=3y, notifications=6m,portal_drafts=2d,"
                             "sessions=never")
    assert policy[RetentionKind.ACCESS_RECORDS] == Duration(months=36)
    assert policy[RetentionKind.NOTIFICATIONS] == Duration(months=6)
    assert policy[RetentionKind.PORTAL_DRAFTS] == Duration(days=2)
    assert policy[RetentionKind.SESSIONS] is None
    assert policy[RetentionKind.FEEDBACK_CONTACTS] == RETENTION_DEFAULTS[
        RetentionKind.FEEDBACK_CONTACTS]


@pytest.mark.parametrize(("text", "message"), [
    ("access_records", "thiếu dấu «=»"),
    ("rate_limit=1d", "tự hết hạn theo khung thời gian"),
    ("drafts=1d", "Loại dữ liệu «drafts» không có"),
    ("access_records=5 years", "Thời hạn «5 years» không hợp lệ"),
    ("access_records=-1d", "không hợp lệ"),
    ("access_records=1y,access_records=2y", "ghi hai lần"),
])
def test_parse_retention_errors(text, message):
    with pytest.raises(InvalidInput, match=message):
        parse_retention(text)


def test_cutoff_months_clamp_the_day():
    now = dt.datetime(2028, 2, 29, 10, 0, tzinfo=UTC)
    assert Duration(months=12).cutoff(now) == dt.datetime(2027, 2, 28, 10, 0, tzinfo=UTC)
    assert Duration(days=30).cutoff(now) == now - dt.timedelta(days=30)
    assert Duration(months=1).cutoff(dt.datetime(2026, 3, 31, tzinfo=UTC)) == dt.datetime(
        2026, 2, 28, tzinfo=UTC)
    assert Duration(months=13).cutoff(dt.datetime(2026, 1, 15, tzinfo=UTC)) == dt.datetime(
        2024, 12, 15, tzinfo=UTC)


@given(st.integers(0, 9999), st.sampled_from("dwmy"))
def test_duration_round_trip(number, unit):
    duration = parse_duration(f"{number}{unit}")
    assert duration is not None
    assert parse_duration(str(duration)) == duration


@given(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1)),
       st.integers(0, 120), st.integers(0, 120))
def test_longer_periods_cut_earlier(moment, a, b):
    now = moment.replace(tzinfo=UTC)
    short, long = sorted((a, b))
    assert Duration(months=long).cutoff(now) <= Duration(months=short).cutoff(now) <= now
