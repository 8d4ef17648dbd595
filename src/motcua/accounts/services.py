"""Writers for officials' accounts. Each function is one transaction."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from motcua.accounts.domain import Role
from motcua.accounts.models import Official, OfficialRole
from motcua.errors import Conflict, InvalidInput
from motcua.text import nfc


def generate_password() -> str:
    # 4 groups of 4 characters: easy to read aloud at a counter, ~80 bits of entropy.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


@transaction.atomic
def create_official(
    *,
    username: str,
    full_name: str,
    roles: Iterable[Role],
    province_code: str = "",
    commune_code: str = "",
    position: str = "",
    password: str | None = None,
) -> tuple[Official, str]:
    """Create an official with roles; returns the account and the initial password."""
    username = username.strip().lower()
    if not username:
        raise InvalidInput("Tên đăng nhập không được để trống.", code="username_required")
    if Official.objects.filter(username=username).exists():
        raise Conflict(f"Tên đăng nhập «{username}» đã tồn tại.", code="username_taken")
    role_list = sorted({Role(r) for r in roles})
    if not role_list:
        raise InvalidInput("Cán bộ phải có ít nhất một vai trò.", code="roles_required")
    needs_commune = any(
        r not in (Role.PROVINCE_OVERSEER, Role.ADMIN) for r in role_list
    )
    if needs_commune and not commune_code:
        raise InvalidInput(
            "Cán bộ cấp xã phải thuộc một xã, phường hoặc đặc khu.", code="commune_required"
        )
    password = password or generate_password()
    official = Official(
        username=username,
        full_name=nfc(full_name),
        position=nfc(position),
        province_code=province_code,
        commune_code=commune_code,
        is_staff=Role.ADMIN in role_list,
        is_superuser=Role.ADMIN in role_list,
    )
    official.set_password(password)
    official.save()
    OfficialRole.objects.bulk_create([OfficialRole(official=official, role=r.value) for r in role_list])
    return official, password


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    roles: tuple[Role, ...]
    commune: str  # unit name within the demo province; "" = province level
    position: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("binhlu.tiepnhan", "Lò Thị Mai", (Role.CLERK,), "Bình Lư",
                "Công chức bộ phận một cửa"),
    DemoAccount("binhlu.chuyenmon", "Nguyễn Văn Hùng", (Role.SPECIALIST,), "Bình Lư",
                "Công chức Phòng Văn hóa - Xã hội"),
    DemoAccount("binhlu.truongphong", "Tẩn Thị Hoa", (Role.DIVISION_HEAD,), "Bình Lư",
                "Trưởng phòng Kinh tế"),
    DemoAccount("binhlu.lanhdao", "Vàng A Sử", (Role.LEADER,), "Bình Lư",
                "Phó Chủ tịch UBND xã"),
    DemoAccount("binhlu.giamdoc", "Đỗ Thị Lan", (Role.CENTER_DIRECTOR,), "Bình Lư",
                "Giám đốc Trung tâm Phục vụ hành chính công"),
    DemoAccount("binhlu.kiemnhiem", "Lường Văn Tâm", (Role.CLERK, Role.SPECIALIST), "Bình Lư",
                "Công chức kiêm nhiệm tiếp nhận và chuyên môn"),
    DemoAccount("binhlu.tocongnghe", "Sùng A Dơ", (Role.VILLAGE_TEAM,), "Bình Lư",
                "Tổ trưởng Tổ công nghệ số cộng đồng bản Nà Đon"),
    DemoAccount("muongthan.tiepnhan", "Hoàng Thị Thu", (Role.CLERK,), "Mường Than",
                "Công chức bộ phận một cửa"),
    DemoAccount("laichau.theodoi", "Phạm Minh Đức", (Role.PROVINCE_OVERSEER,), "",
                "Chuyên viên Sở Nội vụ"),
    DemoAccount("quantri", "Quản trị hệ thống", (Role.ADMIN,), "", "Quản trị"),
)
