"""Administrative units (two-tier system since 1 July 2025), the pre-2025 units and how
they map onto the new ones, and the agencies of each province and commune.

Units are reference data loaded by ``motcua units load`` (services.load_units); agencies
are created by ``motcua units agencies`` and then kept by administrators.
"""

from __future__ import annotations

from django.db import models

from motcua.units.domain import (
    AGENCY_KINDS,
    DISTRICT_KINDS,
    LEGACY_UNIT_KINDS,
    PROVINCE_KINDS,
    UNIT_KINDS,
)


def _choices(kinds: dict[str, str]) -> list[tuple[str, str]]:
    return list(kinds.items())


class Province(models.Model):
    code = models.CharField("mã tỉnh", max_length=2, primary_key=True)
    name = models.CharField("tên", max_length=64)
    full_name = models.CharField("tên đầy đủ", max_length=80)
    kind = models.CharField("loại", max_length=16, choices=_choices(PROVINCE_KINDS))
    folded = models.CharField("tên không dấu", max_length=80, db_index=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = "tỉnh, thành phố"
        verbose_name_plural = "tỉnh, thành phố"

    def __str__(self) -> str:
        return self.full_name


class Unit(models.Model):
    """A commune (xã), ward (phường) or special zone (đặc khu) since 1 July 2025."""

    code = models.CharField("mã đơn vị", max_length=5, primary_key=True)
    name = models.CharField("tên", max_length=80)
    full_name = models.CharField("tên đầy đủ", max_length=100)
    kind = models.CharField("loại", max_length=16, choices=_choices(UNIT_KINDS))
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="units", verbose_name="tỉnh, thành phố"
    )
    folded = models.CharField("tên không dấu", max_length=100, db_index=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = "xã, phường, đặc khu"
        verbose_name_plural = "xã, phường, đặc khu"

    def __str__(self) -> str:
        return self.full_name

    @property
    def display_name(self) -> str:
        return f"{self.full_name}, {self.province.full_name}"


class LegacyUnit(models.Model):
    """A commune, ward or township (thị trấn) before 1 July 2025, with its district and
    province of that time. Island districts without communes appear once, as kind
    ``huyen`` with their 3-digit district code."""

    code = models.CharField("mã đơn vị cũ", max_length=5, primary_key=True)
    name = models.CharField("tên", max_length=80)
    full_name = models.CharField("tên đầy đủ", max_length=100)
    kind = models.CharField("loại", max_length=16, choices=_choices(LEGACY_UNIT_KINDS))
    district_code = models.CharField("mã huyện", max_length=3, db_index=True)
    district_name = models.CharField("tên huyện", max_length=80)
    district_full_name = models.CharField("tên đầy đủ của huyện", max_length=100)
    district_kind = models.CharField(
        "loại đơn vị cấp huyện", max_length=16, choices=_choices(DISTRICT_KINDS)
    )
    province_code = models.CharField("mã tỉnh cũ", max_length=2, db_index=True)
    province_name = models.CharField("tên tỉnh cũ", max_length=64)
    province_full_name = models.CharField("tên đầy đủ của tỉnh cũ", max_length=80)
    folded = models.CharField("tên không dấu", max_length=100, db_index=True, editable=False)
    district_folded = models.CharField("tên huyện không dấu", max_length=100, editable=False)
    province_folded = models.CharField("tên tỉnh không dấu", max_length=80, editable=False)
    aliases = models.JSONField("tên trước đây (không dấu)", default=list, blank=True)
    district_aliases = models.JSONField("tên huyện trước đây (không dấu)", default=list, blank=True)
    new_units = models.ManyToManyField(
        Unit, through="LegacyMapping", related_name="legacy_units", verbose_name="đơn vị mới"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "đơn vị hành chính cũ (trước 01/7/2025)"
        verbose_name_plural = "đơn vị hành chính cũ (trước 01/7/2025)"

    def __str__(self) -> str:
        return f"{self.full_name}, {self.district_full_name}, {self.province_full_name}"


class LegacyMapping(models.Model):
    """Old unit → new unit. An old unit split among several new units has one row per new
    unit, each with ``partial`` set."""

    legacy_unit = models.ForeignKey(
        LegacyUnit, on_delete=models.CASCADE, related_name="mappings", verbose_name="đơn vị cũ"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="mappings", verbose_name="đơn vị mới"
    )
    partial = models.BooleanField("chỉ một phần", default=False)
    primary = models.BooleanField("đơn vị kế thừa chính", default=True)

    class Meta:
        ordering = ["legacy_unit_id", "-primary", "unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["legacy_unit", "unit"], name="units_mapping_unique"),
        ]
        verbose_name = "chuyển đổi đơn vị cũ → mới"
        verbose_name_plural = "chuyển đổi đơn vị cũ → mới"

    def __str__(self) -> str:
        return f"{self.legacy_unit_id} → {self.unit_id}{' (một phần)' if self.partial else ''}"


class Agency(models.Model):
    """An agency that receives or processes dossiers: a commune's People's Committee and
    its divisions, or a provincial department."""

    code = models.SlugField("mã", max_length=64, unique=True)
    electronic_id = models.CharField(
        "mã định danh điện tử", max_length=32, unique=True,
        help_text="Dùng trong mã hồ sơ. Mã do motcua sinh tạm theo mã thống kê; "
        "thay bằng mã định danh chính thức do tỉnh cấp.",
    )
    name = models.CharField("tên cơ quan", max_length=200)
    kind = models.CharField("loại", max_length=32, choices=_choices(AGENCY_KINDS), db_index=True)
    province_code = models.CharField("mã tỉnh", max_length=2, db_index=True)
    commune_code = models.CharField("mã xã", max_length=5, blank=True, db_index=True,
                                    help_text="Để trống với cơ quan cấp tỉnh.")
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children",
        verbose_name="cơ quan cấp trên",
    )
    is_active = models.BooleanField("đang hoạt động", default=True)

    class Meta:
        ordering = ["province_code", "commune_code", "electronic_id"]
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan"

    def __str__(self) -> str:
        return self.name
