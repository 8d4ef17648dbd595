"""Reads of the outbox (admin, commands, the dossier page of other apps)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from motcua.notifications.models import Notification, Status


def due(now: datetime) -> QuerySet[Notification]:
    """Rows whose next attempt is due, oldest first."""
    return Notification.objects.filter(
        status__in=(Status.QUEUED, Status.FAILED), next_attempt_at__lte=now
    ).order_by("next_attempt_at", "id")


def failed() -> QuerySet[Notification]:
    return Notification.objects.filter(status=Status.FAILED).select_related("dossier")


def given_up() -> QuerySet[Notification]:
    return failed().filter(next_attempt_at__isnull=True)


def listing(*, only_failed: bool = False, commune_code: str = "") -> QuerySet[Notification]:
    rows = failed() if only_failed else Notification.objects.select_related("dossier")
    if commune_code:
        rows = rows.filter(commune_code=commune_code)
    return rows.order_by("-created_at", "-id")


def for_dossier(dossier_id: int) -> QuerySet[Notification]:
    return Notification.objects.filter(dossier_id=dossier_id).order_by("created_at", "id")


def pending_count() -> int:
    return Notification.objects.filter(
        Q(status=Status.QUEUED) | Q(status=Status.FAILED, next_attempt_at__isnull=False)
    ).count()
