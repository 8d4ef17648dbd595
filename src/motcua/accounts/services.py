"""Writers for officials' accounts. Each function is one transaction."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.domain import Role, SecondFactor, has_letter_and_digit, second_factor_step
from motcua.accounts.models import AccountEvent, Official, OfficialRole, OfficialSession
from motcua.errors import Conflict, InvalidInput, PermissionDenied
from motcua.text import nfc


def generate_password() -> str:
    # 4 groups of 4 characters: easy to read aloud at a counter, ~80 bits of entropy.
    # Drawn again in the rare case it lacks a letter or a digit (the password rules).
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    while True:
        password = "-".join("".join(secrets.choice(alphabet) for _ in range(4))
                            for _ in range(4))
        if has_letter_and_digit(password):
            return password


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


# --- Officials' accounts: sessions, second factor, disabling (issue 6) ---

TOTP_DEVICE_NAME = "Ứng dụng xác thực"


def _session_store(session_key: str):  # type: ignore[no-untyped-def]
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def second_factor_for(official: Official) -> SecondFactor:
    """What ``official`` must do after the password, under the current settings."""
    return second_factor_step(
        official.role_set,
        has_device=user_has_device(official),
        enforced=bool(getattr(settings, "MOTCUA_OTP_REQUIRED", True)),
    )


def record_session(official: Official, session_key: str | None) -> None:
    """Remember a session the official logged in with (called on login). Entries older than
    the absolute session age are dropped on the way: their sessions have expired anyway."""
    if not session_key:
        return
    OfficialSession.objects.filter(
        official=official,
        created_at__lt=timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE),
    ).delete()
    OfficialSession.objects.update_or_create(session_key=session_key,
                                             defaults={"official": official})


def forget_session(session_key: str | None) -> None:
    if session_key:
        OfficialSession.objects.filter(session_key=session_key).delete()


def end_sessions(official: Official) -> int:
    """End every session the official logged in with; returns how many there were."""
    keys = list(OfficialSession.objects.filter(official=official)
                .values_list("session_key", flat=True))
    for key in keys:
        _session_store(key).delete(key)
    OfficialSession.objects.filter(official=official).delete()
    return len(keys)


def _may_administer(actor: Official | None) -> bool:
    # None: an operator at the server's console (management command).
    return actor is None or actor.is_superuser or actor.has_role(Role.ADMIN)


def _event(official: Official, actor: Official | None, action: str, reason: str = "",
           **counts: int) -> AccountEvent:
    return AccountEvent.objects.create(
        official=official, official_username=official.username,
        actor=actor, actor_username=actor.username if actor else "",
        action=action, reason=nfc(reason).strip(), **counts)


@transaction.atomic
def disable_official(actor: Official | None, official: Official, reason: str) -> AccountEvent:
    """Disable an account at once: no new login, every session ended, every API token
    revoked, and one audit row saying who did it, when and why."""
    from motcua.dossiers.models import ApiToken
    from motcua.dossiers.services.tokens import revoke_api_token

    if not _may_administer(actor):
        raise PermissionDenied("Chỉ quản trị hệ thống mới được vô hiệu hoá tài khoản.",
                               code="account.forbidden")
    if actor is not None and actor.pk == official.pk:
        raise InvalidInput("Không thể tự vô hiệu hoá tài khoản của chính mình.",
                           code="account.self_disable")
    if not nfc(reason).strip():
        raise InvalidInput("Cần ghi lý do vô hiệu hoá tài khoản.", code="account.reason_required",
                           details={"field": "reason"})
    official = Official.objects.select_for_update().get(pk=official.pk)
    official.is_active = False
    official.save(update_fields=["is_active"])
    token_ids = list(ApiToken.objects.filter(official=official, revoked_at__isnull=True)
                     .values_list("pk", flat=True))
    for token_id in token_ids:
        revoke_api_token(token_id)
    ended = end_sessions(official)
    return _event(official, actor, AccountEvent.Action.DISABLED, reason,
                  sessions_ended=ended, tokens_revoked=len(token_ids))


@transaction.atomic
def reset_two_factor(actor: Official | None, official: Official, reason: str = "") -> AccountEvent:
    """A lost phone: remove the official's authenticator devices and end their sessions, so
    that the next login asks them to enrol a new one (when their role requires it)."""
    if not _may_administer(actor):
        raise PermissionDenied("Chỉ quản trị hệ thống mới được đặt lại xác thực hai bước.",
                               code="account.forbidden")
    TOTPDevice.objects.filter(user=official).delete()
    ended = end_sessions(official)
    return _event(official, actor, AccountEvent.Action.TWO_FACTOR_RESET,
                  reason or "Mất thiết bị xác thực", sessions_ended=ended)


def pending_device(official: Official) -> TOTPDevice:
    """The unconfirmed authenticator the official is setting up (created on first call, kept
    across page reloads so that the QR code does not change under the user's phone)."""
    device = (TOTPDevice.objects.filter(user=official, confirmed=False).order_by("-pk").first())
    if device is None:
        device = TOTPDevice.objects.create(user=official, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def confirm_enrolment(official: Official, token: str) -> TOTPDevice:
    """Confirm the pending authenticator with a code it shows. A wrong code counts towards
    the device's throttling (committed even though this raises)."""
    device = TOTPDevice.objects.filter(user=official, confirmed=False).order_by("-pk").first()
    if device is None:
        raise InvalidInput("Chưa bắt đầu thiết lập ứng dụng xác thực; hãy tải lại trang.",
                           code="otp.no_pending_device")
    token = (token or "").strip().replace(" ", "")
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        ok = locked.verify_token(token)
    if not ok:
        raise InvalidInput("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện "
                           "trên ứng dụng.", code="otp.invalid_token")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=official).exclude(pk=locked.pk).delete()
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        _event(official, official, AccountEvent.Action.TWO_FACTOR_ENABLED)
    return locked


@transaction.atomic
def change_password(official: Official, new_password: str) -> AccountEvent:
    """Set a new password (already validated by the form) and record it. Other sessions of
    the official stop working: Django ties each session to the password's hash."""
    official.set_password(new_password)
    official.save(update_fields=["password"])
    return _event(official, official, AccountEvent.Action.PASSWORD_CHANGED)


def replace_session(official: Official, old_key: str | None, new_key: str | None) -> None:
    """The session got a new key (password change): follow it."""
    forget_session(old_key)
    record_session(official, new_key)
