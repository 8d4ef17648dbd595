"""Installation-wide counts for the metrics endpoint."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import RUNNING


def business_counts(now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    local = now.astimezone(ZoneInfo(settings.TIME_ZONE))
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return {
        "received_today": Dossier.objects.filter(received_at__gte=midnight).count(),
        "overdue": Dossier.objects.filter(state__in=RUNNING, due_at__lt=now).count(),
    }
