"""Admin pages: read-only views of dossiers and their audit trail (changes go through the
services, never through the admin), and API tokens (revocation only; tokens are created
with ``services.create_api_token`` so that the secret is shown once)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.dossiers.models import ApiToken, DailySequence, Dossier, DossierEvent
from motcua.dossiers.services import revoke_api_token


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ("code", "procedure", "applicant_name", "state", "commune_code",
                    "received_at", "due_at")
    list_filter = ("state", "channel", "province_code", "cross_boundary")
    search_fields = ("code", "applicant_name")
    list_select_related = ("procedure",)
    date_hierarchy = "received_at"


@admin.register(DossierEvent)
class DossierEventAdmin(ReadOnlyAdmin):
    list_display = ("dossier", "seq", "action", "from_state", "to_state", "actor_name", "at")
    list_filter = ("action",)
    search_fields = ("dossier__code",)
    list_select_related = ("dossier",)


@admin.register(DailySequence)
class DailySequenceAdmin(ReadOnlyAdmin):
    list_display = ("scope", "agency_electronic_id", "day", "last")
    list_filter = ("scope",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "official", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("official", "name", "prefix", "token_hash", "created_at",
                       "last_used_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Thu hồi các token đã chọn")
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset:
            revoke_api_token(token.pk)
