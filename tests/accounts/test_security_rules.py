"""Pure rules of officials' account security (accounts/domain.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from motcua.accounts.domain import (
    TWO_FACTOR_ROLES,
    Role,
    SecondFactor,
    requires_two_factor,
    second_factor_step,
    session_idle_expired,
    should_touch,
)

roles = st.frozensets(st.sampled_from(list(Role)))


def test_the_roles_that_require_a_second_factor():
    assert TWO_FACTOR_ROLES == {Role.LEADER, Role.CENTER_DIRECTOR, Role.ADMIN}


@given(roles)
def test_required_iff_a_role_is_in_the_set(held):
    assert requires_two_factor(held) is any(r in TWO_FACTOR_ROLES for r in held)


@given(roles, roles)
def test_more_roles_never_lift_the_requirement(held, more):
    if requires_two_factor(held):
        assert requires_two_factor(held | more)


@given(roles, st.booleans())
def test_a_confirmed_device_is_always_used(held, enforced):
    assert second_factor_step(held, has_device=True, enforced=enforced) is SecondFactor.VERIFY


@given(roles)
def test_without_a_device_enrol_exactly_when_enforced_and_required(held):
    assert second_factor_step(held, has_device=False, enforced=False) is SecondFactor.NONE
    expected = SecondFactor.ENROL if requires_two_factor(held) else SecondFactor.NONE
    assert second_factor_step(held, has_device=False, enforced=True) is expected


@given(st.integers(0, 10**9), st.integers(0, 10**6), st.integers(0, 10**6), st.integers(1, 10**5))
def test_idle_expiry_is_monotone_in_time(last, a, b, idle):
    early, late = last + min(a, b), last + max(a, b)
    if session_idle_expired(last, early, idle):
        assert session_idle_expired(last, late, idle)
    assert not session_idle_expired(last, last + idle, idle)
    assert not session_idle_expired(None, late, idle)


@given(st.integers(0, 10**9), st.integers(0, 59))
def test_touch_at_most_once_a_minute(last, elapsed):
    assert not should_touch(last, last + elapsed)
    assert should_touch(last, last + 60)
    assert should_touch(None, last)
