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
