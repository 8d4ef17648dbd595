from django.contrib import admin

from motcua.portal.models import Rating


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    """Read-only: a rating is the citizen's word; nobody edits it."""

    list_display = ("dossier", "score", "commune_code", "procedure_code", "rated_at")
    list_filter = ("score", "province_code")
    search_fields = ("dossier__code", "commune_code")
    date_hierarchy = "rated_at"
    readonly_fields = ("dossier", "score", "criteria", "comment", "rated_at", "commune_code",
                       "province_code", "procedure_code")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
