"""The outbox in the admin: what was sent to whom, what failed and why; failed rows can be
sent again. Rows are written by the services only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from motcua.notifications import services
from motcua.notifications.models import Notification, Status


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "dossier", "kind", "channel", "recipient", "status",
                    "attempts", "next_attempt_at", "sent_at", "short_error")
    list_filter = ("status", "channel", "kind", "province_code", "commune_code")
    search_fields = ("dossier__code", "recipient")
    list_select_related = ("dossier",)
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["send_again"]

    @admin.display(description="lỗi gần nhất")
    def short_error(self, obj: Notification) -> str:
        return obj.last_error[:120]

    @admin.action(description="Gửi lại ngay các thông báo lỗi đã chọn")
    def send_again(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        ids = list(queryset.filter(status=Status.FAILED).values_list("pk", flat=True))
        rows = services.retry(ids)
        sent = sum(1 for r in rows if r.status == Status.SENT)
        self.message_user(request, f"Đã gửi lại {sent}/{len(rows)} thông báo.",
                          messages.SUCCESS if sent == len(rows) else messages.WARNING)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
