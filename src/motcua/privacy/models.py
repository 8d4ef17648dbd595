"""The access log of personal data: who opened, printed, exported which dossier, when and
why. Append-only: the ORM refuses updates and deletes, except the retention purge
(``AccessRecord.objects.purge_before``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from motcua.privacy.domain import ACTION_LABELS, AccessAction


class ImmutableAccessRecord(RuntimeError):
    """Raised on any attempt to change or delete an access record through the ORM."""


class _AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise ImmutableAccessRecord("Nhật ký truy cập chỉ được ghi thêm, không được sửa.")

    def delete(self) -> NoReturn:
        raise ImmutableAccessRecord("Nhật ký truy cập chỉ được ghi thêm, không được xóa "
                                    "(trừ khi hết thời hạn lưu trữ).")

    def purge_before(self, cutoff: dt.datetime, limit: int) -> int:
        """Delete up to ``limit`` records older than ``cutoff`` (the retention purge, the
        only way out); returns how many went."""
        ids = list(self.filter(at__lt=cutoff).order_by("at", "id")
                   .values_list("id", flat=True)[:limit])
        if not ids:
            return 0
        deleted, _ = models.QuerySet.delete(self.model._base_manager.filter(id__in=ids))
        return deleted


class AccessRecord(models.Model):
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="cán bộ")
    # Copies, so that the record still says who it was if the account goes.
    official_username = models.CharField("tên đăng nhập", max_length=150)
    official_name = models.CharField("họ và tên cán bộ", max_length=200, blank=True)
    at = models.DateTimeField("thời điểm")
    action = models.CharField("thao tác", max_length=16,
                              choices=[(a.value, ACTION_LABELS[a]) for a in AccessAction])
    # Dossiers are archive records and outlive this log; SET_NULL only so that deleting a
    # dossier (never done in operation) would not be blocked, the code stays.
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="hồ sơ", db_index=False)
    dossier_code = models.CharField("mã hồ sơ", max_length=40, blank=True)
    commune_code = models.CharField("mã xã", max_length=5, blank=True)
    province_code = models.CharField("mã tỉnh", max_length=2, blank=True)
    citizen_key = models.CharField(
        "khóa công dân (HMAC của số định danh)", max_length=64, blank=True)
    reason = models.CharField("lý do", max_length=300, blank=True)
    ip = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)

    objects = _AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "lượt truy cập dữ liệu cá nhân"
        verbose_name_plural = "nhật ký truy cập dữ liệu cá nhân"
        ordering = ["-at", "-id"]
        indexes = [
            # The listing per person, newest first; the purge walks "at".
            models.Index(fields=["citizen_key", "at"], name="access_citizen"),
            models.Index(fields=["at"], name="access_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.official_username} {self.action} " \
               f"{self.dossier_code}"

    @property
    def action_label(self) -> str:
        try:
            return ACTION_LABELS[AccessAction(self.action)]
        except ValueError:
            return self.action

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableAccessRecord("Nhật ký truy cập chỉ được ghi thêm, không được sửa.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ImmutableAccessRecord("Nhật ký truy cập chỉ được ghi thêm, không được xóa.")
