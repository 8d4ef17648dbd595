from django.contrib import admin

from motcua.petitions.models import Feedback, FeedbackAttachment


class FeedbackAttachmentInline(admin.TabularInline):
    model = FeedbackAttachment
    extra = 0
    can_delete = False
    readonly_fields = ("original_name", "content_type", "size", "sha256", "file")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("reference", "kind", "commune_code", "status", "received_at")
    list_filter = ("kind", "status", "province_code")
    search_fields = ("reference", "dossier_code")
    date_hierarchy = "received_at"
    inlines = [FeedbackAttachmentInline]
    readonly_fields = ("reference", "kind", "text", "dossier_code", "dossier", "contact_name",
                       "contact_phone", "contact_email", "commune_code", "province_code",
                       "channel", "received_at")
