"""Tables of petitions. For now: recommendations and feedback sent from the portal, kept
for the petitions module (classification, handling limits of the service index)."""

from __future__ import annotations

from django.db import models

from motcua.petitions.domain import KIND_LABELS


class FeedbackStatus(models.TextChoices):
    NEW = "new", "Mới nhận"
    CLASSIFIED = "classified", "Đã phân loại"
    SETTLED = "settled", "Đã giải quyết"
    REJECTED = "rejected", "Không thụ lý"


class Feedback(models.Model):
    """Kiến nghị, phản ánh: about a dossier (its code as the sender typed it) or in general."""

    reference = models.CharField("số tiếp nhận", max_length=20, unique=True)
    kind = models.CharField(
        "loại", max_length=16, choices=[(k.value, v) for k, v in KIND_LABELS.items()]
    )
    text = models.TextField("nội dung")
    dossier_code = models.CharField("mã hồ sơ (người gửi ghi)", max_length=40, blank=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="feedback", verbose_name="hồ sơ",
    )
    contact_name = models.CharField("họ tên người gửi", max_length=200, blank=True)
    contact_phone = models.CharField("số điện thoại", max_length=20, blank=True)
    contact_email = models.EmailField("thư điện tử", max_length=254, blank=True)
    commune_code = models.CharField("mã xã", max_length=5)
    province_code = models.CharField("mã tỉnh", max_length=2)
    channel = models.CharField("kênh", max_length=16, default="portal")
    status = models.CharField(
        "tình trạng", max_length=16, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW
    )
    received_at = models.DateTimeField("nhận lúc")

    class Meta:
        verbose_name = "kiến nghị, phản ánh"
        verbose_name_plural = "kiến nghị, phản ánh"
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["commune_code", "status", "received_at"], name="feedback_commune"),
            models.Index(fields=["province_code", "received_at"], name="feedback_province"),
        ]

    def __str__(self) -> str:
        return self.reference


def feedback_file_path(instance: FeedbackAttachment, filename: str) -> str:
    # The stored name never reuses the uploaded one (personal data, path tricks).
    f = instance.feedback
    return f"petitions/{f.received_at:%Y/%m}/{f.reference}/{filename}"


class FeedbackAttachment(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("tệp", upload_to=feedback_file_path, max_length=300)
    original_name = models.CharField("tên tệp gốc", max_length=255)
    content_type = models.CharField("kiểu tệp (theo nội dung)", max_length=100)
    size = models.PositiveBigIntegerField("kích thước (byte)")
    sha256 = models.CharField("mã băm SHA-256", max_length=64)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["feedback", "id"]

    def __str__(self) -> str:
        return self.original_name
