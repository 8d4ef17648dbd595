from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.privacy.models import AccessRecord


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only; the retention purge is its only way out."""

    list_display = ("at", "official_username", "action", "dossier_code", "commune_code",
                    "reason")
    list_filter = ("action", "province_code")
    search_fields = ("dossier_code", "official_username")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
