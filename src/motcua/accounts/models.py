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
