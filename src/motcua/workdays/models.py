"""Tables of the working-day calendar: decreed exceptions and office hours.

Public holidays themselves are not stored: the `holidays` package computes them (lunar
ones included). The rules that use these rows live in ``domain``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models


class CalendarException(models.Model):
    class Kind(models.TextChoices):
        DAY_OFF = "day_off", "Ngày nghỉ (nghỉ bù, hoán đổi)"
        MAKE_UP_WORKDAY = "make_up_workday", "Ngày làm việc (làm bù)"

    date = models.DateField("ngày")
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    name = models.CharField("tên, lý do", max_length=200)
    province_code = models.CharField(
        "mã tỉnh",
        max_length=3,
        blank=True,
        default="",
        db_index=True,
        help_text="Để trống nếu áp dụng toàn quốc; mã tỉnh theo danh mục (ví dụ Lai Châu = 12).",
    )
    source = models.CharField(
        "căn cứ", max_length=300, blank=True, default="", help_text="Văn bản quyết định ngày này."
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "ngày nghỉ, ngày làm bù"
        verbose_name_plural = "ngày nghỉ, ngày làm bù"
        ordering = ["date", "province_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "province_code"], name="workdays_exception_unique_day"
            )
        ]

    def __str__(self) -> str:
        scope = f" (tỉnh {self.province_code})" if self.province_code else ""
        return f"{self.date:%d/%m/%Y} – {self.get_kind_display()}: {self.name}{scope}"

    def clean(self) -> None:
        code = (self.province_code or "").strip()
        if code and (not code.isdigit() or len(code) > 3):
            raise ValidationError({"province_code": "Mã tỉnh chỉ gồm chữ số."})
        self.province_code = f"{int(code):02d}" if code else ""


class OfficeHoursRule(models.Model):
    """Sessions of a working day between two month-days (both inclusive; may wrap)."""

    province_code = models.CharField(
        "mã tỉnh",
        max_length=3,
        blank=True,
        default="",
        db_index=True,
        help_text="Để trống: giờ làm việc chung; có mã tỉnh: giờ riêng của tỉnh đó.",
    )
    name = models.CharField("tên", max_length=120)
    valid_from_month = models.PositiveSmallIntegerField("từ tháng", default=1)
    valid_from_day = models.PositiveSmallIntegerField("từ ngày", default=1)
    valid_to_month = models.PositiveSmallIntegerField("đến tháng", default=12)
    valid_to_day = models.PositiveSmallIntegerField("đến ngày", default=31)
    morning_start = models.TimeField("sáng từ")
    morning_end = models.TimeField("sáng đến")
    afternoon_start = models.TimeField("chiều từ", null=True, blank=True)
    afternoon_end = models.TimeField("chiều đến", null=True, blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "giờ làm việc"
        verbose_name_plural = "giờ làm việc"
        ordering = ["province_code", "valid_from_month", "valid_from_day"]
        constraints = [
            models.UniqueConstraint(
                fields=["province_code", "name"], name="workdays_hours_unique_name"
            )
        ]

    def __str__(self) -> str:
        scope = f"tỉnh {self.province_code}" if self.province_code else "chung"
        return (
            f"{self.name} ({scope}, {self.valid_from_day:02d}/{self.valid_from_month:02d}"
            f" – {self.valid_to_day:02d}/{self.valid_to_month:02d})"
        )

    def sessions(self) -> list[tuple[dt.time, dt.time]]:
        result = [(self.morning_start, self.morning_end)]
        if self.afternoon_start and self.afternoon_end:
            result.append((self.afternoon_start, self.afternoon_end))
        return result

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for prefix in ("valid_from", "valid_to"):
            month, day = getattr(self, f"{prefix}_month"), getattr(self, f"{prefix}_day")
            try:
                dt.date(2000, month, day)
            except (TypeError, ValueError):
                errors[f"{prefix}_day"] = "Ngày, tháng không hợp lệ."
        if self.morning_start and self.morning_end and self.morning_start >= self.morning_end:
            errors["morning_end"] = "Giờ kết thúc phải sau giờ bắt đầu."
        if bool(self.afternoon_start) != bool(self.afternoon_end):
            errors["afternoon_end"] = (
                "Nhập đủ giờ bắt đầu và kết thúc buổi chiều, hoặc bỏ trống cả hai."
            )
        elif self.afternoon_start and self.afternoon_end:
            if self.afternoon_start >= self.afternoon_end:
                errors["afternoon_end"] = "Giờ kết thúc phải sau giờ bắt đầu."
            elif self.morning_end and self.afternoon_start < self.morning_end:
                errors["afternoon_start"] = "Buổi chiều phải bắt đầu sau khi buổi sáng kết thúc."
        code = (self.province_code or "").strip()
        if code and (not code.isdigit() or len(code) > 3):
            errors["province_code"] = "Mã tỉnh chỉ gồm chữ số."
        if errors:
            raise ValidationError(errors)
        self.province_code = f"{int(code):02d}" if code else ""
