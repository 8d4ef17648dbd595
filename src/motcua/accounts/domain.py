"""Roles of officials and what each may see. Pure Python."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Roles an official can hold; one person may hold several (kiêm nhiệm)."""

    CLERK = "clerk"  # công chức tiếp nhận, bộ phận một cửa
    SPECIALIST = "specialist"  # công chức chuyên môn
    DIVISION_HEAD = "division_head"  # trưởng phòng
    LEADER = "leader"  # Chủ tịch / Phó Chủ tịch UBND xã
    CENTER_DIRECTOR = "center_director"  # giám đốc Trung tâm PVHCC
    PROVINCE_OVERSEER = "province_overseer"  # Sở Nội vụ, VP UBND tỉnh (read-only, whole province)
    VILLAGE_TEAM = "village_team"  # Tổ công nghệ số cộng đồng
    ADMIN = "admin"  # quản trị


ROLE_LABELS: dict[Role, str] = {
    Role.CLERK: "Công chức tiếp nhận (bộ phận một cửa)",
    Role.SPECIALIST: "Công chức chuyên môn",
    Role.DIVISION_HEAD: "Trưởng phòng",
    Role.LEADER: "Lãnh đạo UBND xã",
    Role.CENTER_DIRECTOR: "Giám đốc Trung tâm Phục vụ hành chính công",
    Role.PROVINCE_OVERSEER: "Cán bộ theo dõi cấp tỉnh",
    Role.VILLAGE_TEAM: "Thành viên Tổ công nghệ số cộng đồng",
    Role.ADMIN: "Quản trị hệ thống",
}

# Roles whose holders see every commune of their province rather than their own only.
PROVINCE_WIDE_ROLES: frozenset[Role] = frozenset({Role.PROVINCE_OVERSEER, Role.ADMIN})


def sees_whole_province(roles: set[Role] | frozenset[Role]) -> bool:
    return bool(PROVINCE_WIDE_ROLES & set(roles))


def may_see_commune(
    roles: set[Role] | frozenset[Role],
    own_province: str,
    own_commune: str,
    target_province: str,
    target_commune: str,
) -> bool:
    """Scoping rule of DESIGN.md: officials see their commune unless their role says more."""
    if sees_whole_province(roles):
        return bool(own_province) and own_province == target_province
    return bool(own_commune) and own_commune == target_commune


# --- Officials' accounts: second factor, idle sessions, passwords (issue 6) ---

# Roles whose holders sign and approve (leaders, the centre's director) or administer the
# system: a stolen password alone must not be enough for them.
TWO_FACTOR_ROLES: frozenset[Role] = frozenset({Role.LEADER, Role.CENTER_DIRECTOR, Role.ADMIN})


def requires_two_factor(roles: set[Role] | frozenset[Role]) -> bool:
    """True when any role held is one of ``TWO_FACTOR_ROLES`` (kiêm nhiệm included)."""
    return bool(TWO_FACTOR_ROLES & set(roles))


class SecondFactor(StrEnum):
    """What an official who has just given the right password must still do."""

    NONE = "none"  # nothing: the password is enough
    VERIFY = "verify"  # type the 6-digit code of the confirmed device
    ENROL = "enrol"  # set up an authenticator app first (role requires it, none yet)


def second_factor_step(
    roles: set[Role] | frozenset[Role], *, has_device: bool, enforced: bool
) -> SecondFactor:
    """A confirmed device is always used, whoever holds it; a role that requires a second
    factor without a device must enrol, unless enforcement is switched off."""
    if has_device:
        return SecondFactor.VERIFY
    if enforced and requires_two_factor(roles):
        return SecondFactor.ENROL
    return SecondFactor.NONE


def session_idle_expired(last_seen: float | None, now: float, idle_seconds: float) -> bool:
    """A session untouched for longer than ``idle_seconds`` is over. A session with no
    recorded activity (made before the rule existed) starts counting now."""
    if last_seen is None or idle_seconds <= 0:
        return False
    return now - last_seen > idle_seconds


def should_touch(last_seen: float | None, now: float, every_seconds: float = 60) -> bool:
    """Refresh the recorded activity at most once per ``every_seconds``: each refresh is a
    session write, and a write per request would cost more than the timeout is worth."""
    return last_seen is None or now - last_seen >= every_seconds or now < last_seen


def has_letter_and_digit(password: str) -> bool:
    """At least one letter (Vietnamese letters count) and one decimal digit."""
    return any(c.isalpha() for c in password) and any(c.isdecimal() for c in password)
