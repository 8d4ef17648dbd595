from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from motcua.accounts.models import Official, OfficialRole


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
