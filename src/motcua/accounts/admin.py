from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.template.response import TemplateResponse

from motcua.accounts import services
from motcua.accounts.forms import DisableForm
from motcua.accounts.models import (
    AccountEvent,
    AssistedConsent,
    Citizen,
    Official,
    OfficialRole,
)
from motcua.errors import MotcuaError


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
    actions = ["disable_accounts"]

    @admin.action(description="Vô hiệu hoá tài khoản")
    def disable_accounts(self, request, queryset):  # type: ignore[no-untyped-def]
        """Asks for the reason first; then, per account: inactive, sessions ended, API
        tokens revoked, one audit row (services.disable_official)."""
        form = DisableForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for official in queryset:
                try:
                    services.disable_official(request.user, official, form.cleaned_data["reason"])
                    done += 1
                except MotcuaError as exc:
                    self.message_user(request, f"{official.username}: {exc.message}",
                                      messages.ERROR)
            if done:
                self.message_user(request, f"Đã vô hiệu hoá {done} tài khoản; các phiên đăng "
                                           "nhập và token API của họ đã chấm dứt.",
                                  messages.SUCCESS)
            return None
        return TemplateResponse(request, "admin/accounts/disable_confirm.html", {
            **self.admin_site.each_context(request),
            "title": "Vô hiệu hoá tài khoản",
            "officials": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        })


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


@admin.register(AccountEvent)
class AccountEventAdmin(_ReadOnly):
    """Append-only record of what was done to officials' accounts."""

    list_display = ("at", "official_username", "action", "actor_username", "reason")
    list_filter = ("action",)
    search_fields = ("official_username", "actor_username", "reason")
