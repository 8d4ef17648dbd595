from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from motcua.accounts.models import AssistedConsent, Citizen, Official, OfficialRole


class OfficialRoleInline(admin.TabularInline):
    model = OfficialRole
    extra = 1


@admin.register(Official)
class OfficialAdmin(UserAdmin):
    inlines = [OfficialRoleInline]
    list_display = ("username", "full_name", "province_code", "commune_code", "is_active")
    list_filter = ("is_active", "province_code", "roles__role")
    search_fields = ("username", "full_name", "commune_code")
    fieldsets = UserAdmin.fieldsets + (
        ("Đơn vị", {"fields": ("full_name", "position", "province_code", "commune_code",
                               "agency_code")}),
    )


class _ReadOnly(admin.ModelAdmin):
    """Written only by the portal's services (login, assisted submission)."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Citizen)
class CitizenAdmin(_ReadOnly):
    list_display = ("personal_id", "full_name", "last_login_at")
    search_fields = ("personal_id", "full_name")


@admin.register(AssistedConsent)
class AssistedConsentAdmin(_ReadOnly):
    list_display = ("dossier", "team_member", "commune_code", "consent_at")
    search_fields = ("dossier__code",)
