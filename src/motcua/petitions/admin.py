from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html

from motcua.petitions.models import Feedback, FeedbackAttachment
from motcua.uploads.responses import file_response


class FeedbackAttachmentInline(admin.TabularInline):
    model = FeedbackAttachment
    extra = 0
    can_delete = False
    # No link to the storage URL (it is not served): the download goes through the admin,
    # which checks the viewer's permission.
    fields = ("original_name", "content_type", "size", "sha256", "download")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="tệp")
    def download(self, obj: FeedbackAttachment) -> str:
        if not obj.pk:
            return ""
        url = reverse("admin:petitions_feedback_file", args=[obj.feedback_id, obj.pk])
        return format_html('<a href="{}">Tải về</a>', url)


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

    def get_urls(self):
        return [path("<int:feedback_id>/tep/<int:attachment_id>/",
                     self.admin_site.admin_view(self.file_view),
                     name="petitions_feedback_file"), *super().get_urls()]

    def file_view(self, request: HttpRequest, feedback_id: int,
                  attachment_id: int) -> HttpResponse:
        feedback = self.get_queryset(request).filter(pk=feedback_id).first()
        if (feedback is None or not self.has_view_permission(request, feedback)
                or not request.user.has_perm("petitions.view_feedbackattachment")):
            raise Http404
        row = FeedbackAttachment.objects.filter(feedback=feedback, pk=attachment_id).first()
        if row is None:
            raise Http404
        return file_response(row.file, filename=row.original_name,
                             content_type=row.content_type)
