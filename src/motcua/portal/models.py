"""Tables of the citizen portal's public side. Rules live in ``domain``."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from motcua.portal.domain import SCORE_LABELS, SCORE_MAX, SCORE_MIN


class Rating(models.Model):
    """Đánh giá mức độ hài lòng: one per dossier, given after the result is handed back by
    whoever knows the dossier code and the last digits of the applicant's phone or id.

    ``score`` is the overall score the service index counts; ``criteria`` holds every
    criterion scored, by ``domain.Criterion`` value (``overall`` included)."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="rating",
        verbose_name="hồ sơ",
    )
    score = models.PositiveSmallIntegerField(
        "mức hài lòng chung", choices=sorted(SCORE_LABELS.items()),
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
    )
    criteria = models.JSONField("điểm theo tiêu chí", default=dict)
    comment = models.TextField("ý kiến", blank=True)
    rated_at = models.DateTimeField("đánh giá lúc")
    commune_code = models.CharField("mã xã", max_length=5)
    province_code = models.CharField("mã tỉnh", max_length=2)
    procedure_code = models.CharField("mã thủ tục", max_length=32, blank=True)

    class Meta:
        verbose_name = "đánh giá hài lòng"
        verbose_name_plural = "đánh giá hài lòng"
        ordering = ["-rated_at"]
        indexes = [
            models.Index(fields=["commune_code", "rated_at"], name="rating_commune"),
            models.Index(fields=["province_code", "rated_at"], name="rating_province"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="rating_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.score}"
