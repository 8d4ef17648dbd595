"""Writers of the privacy app: the access log and the retention purge."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from motcua.privacy import conf
from motcua.privacy.domain import AccessAction, Duration, RetentionKind, citizen_key
from motcua.privacy.models import AccessRecord

REASON_SESSION_KEY = "motcua_access_reasons"
REASON_HOURS = 8


def client_ip(request: HttpRequest | None) -> str | None:
    """The peer address as the server saw it. Behind a reverse proxy that is the proxy;
    trusting X-Forwarded-For is the serving setup's decision, not this log's."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def key_for(personal_id: str) -> str:
    return citizen_key(personal_id, settings.SECRET_KEY)


def _record(official: Any, dossier: Any, action: AccessAction, reason: str, ip: str | None,
            at: dt.datetime) -> AccessRecord:
    return AccessRecord(
        official=official if getattr(official, "pk", None) else None,
        official_username=getattr(official, "username", "") or "",
        official_name=getattr(official, "full_name", "") or "",
        at=at, action=AccessAction(action).value,
        dossier_id=dossier.pk, dossier_code=dossier.code,
        commune_code=dossier.commune_code, province_code=dossier.province_code,
        citizen_key=key_for(dossier.applicant_personal_id or ""),
        reason=(reason or "")[:300], ip=ip,
    )


def session_reason(request: HttpRequest | None, dossier_code: str) -> str:
    """The reason the official gave for this dossier in this session, if still fresh."""
    if request is None or not hasattr(request, "session"):
        return ""
    entry = request.session.get(REASON_SESSION_KEY, {}).get(dossier_code)
    if not isinstance(entry, dict):
        return ""
    try:
        given = dt.datetime.fromisoformat(entry["at"])
    except (KeyError, TypeError, ValueError):
        return ""
    if timezone.now() - given > dt.timedelta(hours=REASON_HOURS):
        return ""
    return str(entry.get("reason", ""))


def remember_reason(request: HttpRequest, dossier_code: str, reason: str) -> None:
    """Keep the reason in the session for ``REASON_HOURS`` (stale entries dropped)."""
    now = timezone.now()
    kept = {
        code: entry for code, entry in request.session.get(REASON_SESSION_KEY, {}).items()
        if isinstance(entry, dict) and code != dossier_code
        and now - dt.datetime.fromisoformat(entry.get("at", now.isoformat()))
        <= dt.timedelta(hours=REASON_HOURS)
    }
    kept[dossier_code] = {"reason": reason, "at": now.isoformat()}
    request.session[REASON_SESSION_KEY] = kept


def record_access(official: Any, dossier: Any, action: AccessAction | str, reason: str = "",
                  request: HttpRequest | None = None) -> AccessRecord:
    """Log that ``official`` did ``action`` with ``dossier``'s personal data: one INSERT,
    nothing read (everything comes from the objects the caller already holds). Without an
    explicit ``reason``, the one given in the session for this dossier is used. A single
    statement is its own transaction, so no ``atomic`` block around it."""
    reason = reason or session_reason(request, dossier.code)
    row = _record(official, dossier, AccessAction(action), reason, client_ip(request),
                  timezone.now())
    row.save()
    return row


def record_accesses(official: Any, dossiers: Iterable[Any], action: AccessAction | str,
                    reason: str = "", request: HttpRequest | None = None) -> int:
    """One record per dossier of an export, in a few multi-row INSERTs."""
    at, ip = timezone.now(), client_ip(request)
    rows = [_record(official, d, AccessAction(action), reason, ip, at) for d in dossiers]
    with transaction.atomic():
        AccessRecord.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def record_lookup(official: Any, personal_id: str, request: HttpRequest | None = None) -> None:
    """Looking up someone's access log is itself an access to their data."""
    AccessRecord(
        official=official if getattr(official, "pk", None) else None,
        official_username=getattr(official, "username", "") or "",
        official_name=getattr(official, "full_name", "") or "",
        at=timezone.now(), action=AccessAction.LOOKUP.value,
        commune_code=getattr(official, "commune_code", "")[:5],
        province_code=getattr(official, "province_code", "")[:2],
        citizen_key=key_for(personal_id), ip=client_ip(request),
    ).save()


# --- retention ----------------------------------------------------------------------------

@dataclass
class PurgeResult:
    kind: RetentionKind
    duration: Duration | None
    cutoff: dt.datetime | None
    count: int


BATCH = 500


def _batched(step: Callable[[int], int], progress: Callable[[int], None]) -> int:
    """Call ``step(BATCH)`` (one transaction each) until it does less than a batch."""
    total = 0
    while True:
        with transaction.atomic():
            done = step(BATCH)
        total += done
        progress(done)
        if done < BATCH:
            return total


def _purge_access(cutoff: dt.datetime, dry_run: bool, progress: Callable[[int], None]) -> int:
    if dry_run:
        return AccessRecord.objects.filter(at__lt=cutoff).count()
    return _batched(lambda n: AccessRecord.objects.purge_before(cutoff, n), progress)


def _purge_notifications(cutoff: dt.datetime, dry_run: bool,
                         progress: Callable[[int], None]) -> int:
    """Messages sent, or failed for good (no next attempt), created before the cutoff: they
    hold the recipient's address or phone and the text. Pending ones stay."""
    from django.db.models import Q

    from motcua.notifications.models import Notification, Status

    done = Q(status=Status.SENT) | Q(status=Status.FAILED, next_attempt_at__isnull=True)
    qs = Notification.objects.filter(done, created_at__lt=cutoff)
    if dry_run:
        return qs.count()

    def step(n: int) -> int:
        ids = list(qs.order_by("id").values_list("id", flat=True)[:n])
        return Notification.objects.filter(id__in=ids).delete()[0] if ids else 0

    return _batched(step, progress)


def _purge_feedback(cutoff: dt.datetime, dry_run: bool, progress: Callable[[int], None]) -> int:
    """Contact details of feedback settled or not accepted, received before the cutoff, are
    blanked; the feedback itself (text, kind, dates) stays for the service index."""
    from django.db.models import Q

    from motcua.petitions.models import Feedback, FeedbackStatus

    qs = (Feedback.objects
          .filter(status__in=[FeedbackStatus.SETTLED, FeedbackStatus.REJECTED],
                  received_at__lt=cutoff)
          .filter(~Q(contact_name="") | ~Q(contact_phone="") | ~Q(contact_email="")))
    if dry_run:
        return qs.count()

    def step(n: int) -> int:
        ids = list(qs.order_by("id").values_list("id", flat=True)[:n])
        return Feedback.objects.filter(id__in=ids).update(
            contact_name="", contact_phone="", contact_email="") if ids else 0

    return _batched(step, progress)


def _purge_sessions(cutoff: dt.datetime, dry_run: bool, progress: Callable[[int], None]) -> int:
    """Sessions that expired before the cutoff (they may hold a citizen's number and a
    submission draft)."""
    from django.contrib.sessions.models import Session

    qs = Session.objects.filter(expire_date__lt=cutoff)
    if dry_run:
        return qs.count()

    def step(n: int) -> int:
        keys = list(qs.order_by("expire_date").values_list("session_key", flat=True)[:n])
        return Session.objects.filter(session_key__in=keys).delete()[0] if keys else 0

    return _batched(step, progress)


def _purge_drafts(cutoff: dt.datetime, dry_run: bool, progress: Callable[[int], None]) -> int:
    """Files of online submissions never sent (kept under portal-drafts/ in the storage)."""
    from django.core.files.storage import default_storage

    from motcua.portal.submission import drafts

    if not dry_run:
        removed = drafts.purge_stale(dt.timedelta(0), now=cutoff)
        progress(removed)
        return removed
    try:
        folders, _ = default_storage.listdir("portal-drafts")
    except (FileNotFoundError, NotImplementedError):
        return 0
    count = 0
    for folder in folders:
        _, files = default_storage.listdir(f"portal-drafts/{folder}")
        count += sum(1 for name in files if default_storage.get_modified_time(
            f"portal-drafts/{folder}/{name}") < cutoff)
    return count


PURGERS: dict[RetentionKind, Callable[[dt.datetime, bool, Callable[[int], None]], int]] = {
    RetentionKind.ACCESS_RECORDS: _purge_access,
    RetentionKind.NOTIFICATIONS: _purge_notifications,
    RetentionKind.FEEDBACK_CONTACTS: _purge_feedback,
    RetentionKind.SESSIONS: _purge_sessions,
    RetentionKind.PORTAL_DRAFTS: _purge_drafts,
}


def purge(*, dry_run: bool = False, now: dt.datetime | None = None,
          policy: dict[RetentionKind, Duration | None] | None = None,
          progress: Callable[[RetentionKind, int], None] | None = None) -> list[PurgeResult]:
    """Delete (or blank) what each kind keeps past its period; ``dry_run`` only counts.
    Each batch is one transaction, so a long purge never holds the database for long."""
    now = now or timezone.now()
    policy = policy if policy is not None else conf.retention()
    results = []
    for kind in RetentionKind:
        duration = policy.get(kind)
        if duration is None:
            results.append(PurgeResult(kind, None, None, 0))
            continue
        cutoff = duration.cutoff(now)
        count = PURGERS[kind](cutoff, dry_run,
                              lambda n, k=kind: progress(k, n) if progress else None)
        results.append(PurgeResult(kind, duration, cutoff, count))
    return results
