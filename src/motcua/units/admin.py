"""Admin: units are reference data loaded from packages (read-only here, reload with
``motcua units load``); agencies are kept by administrators."""

from __future__ import annotations

from django.contrib import admin

from motcua.units.models import Agency, LegacyMapping, LegacyUnit, Province, Unit


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Province)
class ProvinceAdmin(ReadOnlyAdmin):
    list_display = ("code", "full_name", "kind")
    search_fields = ("code", "name", "folded")


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "full_name", "kind", "province")
    list_filter = ("kind", "province")
    search_fields = ("code", "name", "folded")
    list_select_related = ("province",)


class LegacyMappingInline(admin.TabularInline):
    model = LegacyMapping
    fields = ("unit", "partial", "primary")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LegacyUnit)
class LegacyUnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "full_name", "district_full_name", "province_full_name")
    list_filter = ("kind", "province_full_name")
    search_fields = ("code", "name", "folded", "district_folded", "province_folded")
    inlines = [LegacyMappingInline]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "electronic_id", "kind", "province_code", "commune_code", "is_active")
    list_filter = ("kind", "is_active", "province_code")
    search_fields = ("name", "code", "electronic_id", "commune_code")
    autocomplete_fields = ("parent",)
    fieldsets = (
        (None, {"fields": ("name", "kind", "is_active")}),
        ("Mã", {"fields": ("code", "electronic_id")}),
        ("Địa bàn", {"fields": ("province_code", "commune_code", "parent")}),
    )
