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
