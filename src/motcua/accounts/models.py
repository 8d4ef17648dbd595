from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from motcua.accounts.domain import ROLE_LABELS, Role


class Official(AbstractUser):
    """An official (cán bộ, công chức) or administrator of one commune or of the province."""

    full_name = models.CharField("họ và tên", max_length=200, blank=True)
    province_code = models.CharField("mã tỉnh", max_length=8, blank=True, db_index=True)
    commune_code = models.CharField("mã xã", max_length=8, blank=True, db_index=True)
    position = models.CharField("chức vụ", max_length=200, blank=True)
    agency_code = models.CharField("mã cơ quan", max_length=40, blank=True)

    class Meta:
        verbose_name = "cán bộ, công chức"
        verbose_name_plural = "cán bộ, công chức"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def role_set(self) -> frozenset[Role]:
        cached = getattr(self, "_role_cache", None)
        if cached is None:
            cached = frozenset(Role(r) for r in self.roles.values_list("role", flat=True))
            self._role_cache = cached
        return cached

    def has_role(self, role: Role) -> bool:
        return role in self.role_set


class OfficialRole(models.Model):
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(
        "vai trò", max_length=32, choices=[(r.value, ROLE_LABELS[r]) for r in Role]
    )

    class Meta:
        verbose_name = "vai trò"
        verbose_name_plural = "vai trò"
        constraints = [
            models.UniqueConstraint(fields=["official", "role"], name="uniq_official_role")
        ]

    def __str__(self) -> str:
        return ROLE_LABELS[Role(self.role)]


class Citizen(models.Model):
    """A citizen who signed in through the identity service (OpenID Connect). Not an
    ``Official``: citizens never get a Django login; their session holds this row's id."""

    personal_id = models.CharField("số định danh cá nhân", max_length=12, unique=True)
    full_name = models.CharField("họ và tên", max_length=200, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    phone = models.CharField("số điện thoại", max_length=20, blank=True)
    issuer = models.CharField("nơi xác thực", max_length=300, blank=True)
    subject = models.CharField("mã định danh tại nơi xác thực", max_length=255, blank=True)
    created_at = models.DateTimeField("lần đầu đăng nhập", auto_now_add=True)
    last_login_at = models.DateTimeField("lần đăng nhập gần nhất", null=True, blank=True)

    class Meta:
        verbose_name = "công dân"
        verbose_name_plural = "công dân"

    def __str__(self) -> str:
        return f"{self.full_name} ({self.personal_id})"


def consent_photo_path(instance: AssistedConsent, filename: str) -> str:
    return f"consents/{instance.commune_code}/{instance.consent_at:%Y/%m}/{filename}"


class AssistedConsent(models.Model):
    """The citizen's consent to a submission made on their behalf by a member of the village
    digital team (Tổ công nghệ số cộng đồng): ticked on the form, optionally with a photo of
    the signed paper."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="assisted_consent",
        verbose_name="hồ sơ")
    team_member = models.ForeignKey(
        Official, on_delete=models.PROTECT, related_name="assisted_consents",
        verbose_name="thành viên tổ công nghệ số")
    commune_code = models.CharField("mã xã", max_length=8, db_index=True)
    consent_at = models.DateTimeField("đồng ý lúc")
    photo = models.FileField("ảnh giấy đồng ý", upload_to=consent_photo_path, blank=True,
                             max_length=300)
    photo_sha256 = models.CharField("SHA-256 của ảnh", max_length=64, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "sự đồng ý nộp hộ"
        verbose_name_plural = "sự đồng ý nộp hộ"

    def __str__(self) -> str:
        return f"{self.dossier_id} · {self.team_member}"


class ImmutableAccountEvent(RuntimeError):
    """Raised on an attempt to change or delete an account event."""


class AccountEvent(models.Model):
    """What was done to an official's account and by whom (disable, second-factor reset,
    second factor switched on, password changed). Append-only: rows are never updated or
    deleted, and the names are copied so that the record reads the same if accounts go."""

    class Action(models.TextChoices):
        DISABLED = "disabled", "vô hiệu hoá tài khoản"
        TWO_FACTOR_RESET = "2fa_reset", "đặt lại xác thực hai bước"
        TWO_FACTOR_ENABLED = "2fa_enabled", "bật xác thực hai bước"
        PASSWORD_CHANGED = "password_changed", "đổi mật khẩu"

    at = models.DateTimeField("lúc", auto_now_add=True, db_index=True)
    official = models.ForeignKey(
        Official, on_delete=models.PROTECT, related_name="account_events",
        verbose_name="tài khoản")
    official_username = models.CharField("tên đăng nhập", max_length=150)
    actor = models.ForeignKey(
        Official, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="account_actions", verbose_name="người thực hiện")
    actor_username = models.CharField("người thực hiện (tên đăng nhập)", max_length=150,
                                      blank=True)
    action = models.CharField("việc", max_length=32, choices=Action.choices)
    reason = models.TextField("lý do", blank=True)
    sessions_ended = models.PositiveIntegerField("số phiên đã kết thúc", default=0)
    tokens_revoked = models.PositiveIntegerField("số token API đã thu hồi", default=0)

    class Meta:
        verbose_name = "nhật ký tài khoản"
        verbose_name_plural = "nhật ký tài khoản"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.official_username}: {self.get_action_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise ImmutableAccountEvent("Nhật ký tài khoản chỉ được ghi thêm, không được sửa.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        raise ImmutableAccountEvent("Nhật ký tài khoản chỉ được ghi thêm, không được xoá.")


class OfficialSession(models.Model):
    """The session keys an official logged in with, recorded at login, so that disabling the
    account ends exactly those sessions whatever the session store (database, cache),
    without scanning and decoding every session of every user."""

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField("khoá phiên", max_length=64, unique=True)
    created_at = models.DateTimeField("đăng nhập lúc", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "phiên đăng nhập"
        verbose_name_plural = "phiên đăng nhập"

    def __str__(self) -> str:
        return f"{self.official_id} · {self.created_at:%Y-%m-%d %H:%M}"
