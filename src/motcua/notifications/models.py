"""The outbox: one row per message to send. Rows are written in the dossier's own
transaction (a change rolled back leaves none) and delivered after the commit by a
background task or ``motcua notifications send``."""

from __future__ import annotations

from django.db import models

from motcua.notifications.domain import KIND_LABELS, MessageChannel


class Status(models.TextChoices):
    QUEUED = "queued", "Chờ gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi lỗi"


class Notification(models.Model):
    """A message to the applicant of a dossier.

    ``attempts`` counts delivery attempts; ``next_attempt_at`` is when the next one is due
    (None once sent or given up). A failed row with a ``next_attempt_at`` will be retried; a
    failed row without one has been given up and waits for ``motcua notifications retry``.
    """

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="notifications",
        verbose_name="hồ sơ",
    )
    event_seq = models.PositiveIntegerField("sự kiện hồ sơ")
    commune_code = models.CharField("mã xã", max_length=5, db_index=True)
    province_code = models.CharField("mã tỉnh", max_length=2)
    kind = models.CharField("nội dung", max_length=16,
                            choices=[(k.value, label) for k, label in KIND_LABELS.items()])
    channel = models.CharField("kênh", max_length=8,
                               choices=[(MessageChannel.EMAIL.value, "Thư điện tử"),
                                        (MessageChannel.SMS.value, "Tin nhắn SMS")])
    recipient = models.CharField("người nhận", max_length=254)
    subject = models.CharField("tiêu đề", max_length=300, blank=True)
    body = models.TextField("nội dung")
    attachment = models.CharField("tệp đính kèm", max_length=16, blank=True,
                                  help_text="receipt: giấy tiếp nhận (mẫu 01), tạo khi gửi.")
    status = models.CharField("trạng thái", max_length=8, choices=Status.choices,
                              default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    next_attempt_at = models.DateTimeField("gửi lần tới lúc", null=True, blank=True)
    sent_at = models.DateTimeField("đã gửi lúc", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc")

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo cho người dân"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notification_due"),
        ]
        constraints = [
            # One message per change and channel, however often a receiver runs.
            models.UniqueConstraint(fields=["dossier", "event_seq", "channel"],
                                    name="notification_once_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} {self.channel}"
