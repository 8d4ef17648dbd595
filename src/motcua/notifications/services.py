"""The writers of the outbox.

- ``on_dossier_changed``: the receiver of ``dossier_changed``. Inside the dossier's
  transaction it only inserts outbox rows (in a savepoint, so that a fault here never
  undoes the dossier's change); delivery is handed to the tasks backend with
  ``transaction.on_commit``, so a change rolled back sends nothing.
- ``deliver``: one attempt at one row. The row is claimed by a compare-and-set on
  ``attempts`` (two workers never send the same attempt twice) and its
  ``next_attempt_at`` pushed to the retry time before anything leaves, so a worker dying
  mid-send leaves a row that is simply retried later. No transaction is held while the
  SMTP server or the SMS gateway is talking.
- ``deliver_due`` (the worker's loop), ``retry`` (an operator's "send again now").
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.notifications import conf, selectors
from motcua.notifications.domain import (
    RECEIPT,
    Facts,
    Kind,
    MessageChannel,
    gives_up,
    is_mobile,
    kind_of,
    messages_for,
    retry_delay,
)
from motcua.notifications.gateways import DeliveryError
from motcua.notifications.models import Notification, Status

logger = logging.getLogger(__name__)

ONLINE_CHANNELS = frozenset({"online", "assisted"})


# ---- queueing (inside the dossier's transaction) ---------------------------------------


def _contacts(dossier: Any) -> tuple[str, str]:
    """(email, phone) to write to, each "" when its channel is off or the applicant gave
    none: then nothing at all is done for the change (other apps' flows stay as fast)."""
    email = dossier.applicant_email if dossier.applicant_email and conf.email_enabled() else ""
    phone = dossier.applicant_phone
    phone = phone if phone and is_mobile(phone) and conf.sms_enabled() else ""
    return email, phone


def _reason(dossier: Any, kind: Kind) -> str:
    if kind in (Kind.REFUSED, Kind.STOPPED):
        return str(dossier.outcome_reason or "")
    if kind is Kind.APOLOGY and dossier.apologies:
        return str(dossier.apologies[-1].get("reason", ""))
    return ""


def facts_of(dossier: Any, kind: Kind) -> Facts:
    return Facts(
        code=dossier.code,
        procedure_name=dossier.procedure.name,
        agency_name=dossier.receiving_agency.name,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        online=dossier.channel in ONLINE_CHANNELS,
        missing_items=tuple(str(item) for item in dossier.missing_items or ()),
        reason=_reason(dossier, kind),
        electronic_result=bool(dossier.electronic_result),
    )


def queue_for_change(dossier: Any, before: Any, event: Any) -> list[Notification]:
    """Insert the outbox rows a change calls for; returns them (saved)."""
    email, phone = _contacts(dossier)
    if not (email or phone):
        return []
    kind = kind_of(event.action, before.state if before is not None else None, dossier.state)
    if kind is None:
        return []
    if kind is Kind.RECEIVED and dossier.parent_id is not None:
        return []  # a member of a linked group: the main dossier's receipt covers it
    messages = messages_for(kind, facts_of(dossier, kind), base_url=conf.public_url(),
                            email=bool(email), sms=bool(phone))
    now = timezone.now()
    rows = [
        Notification(
            dossier=dossier, event_seq=event.seq, commune_code=dossier.commune_code,
            province_code=dossier.province_code, kind=m.kind.value, channel=m.channel.value,
            recipient=email if m.channel is MessageChannel.EMAIL else phone,
            subject=m.subject, body=m.body, attachment=m.attachment,
            next_attempt_at=now, created_at=now,
        )
        for m in messages
    ]
    return Notification.objects.bulk_create(rows)


def on_dossier_changed(sender: Any, dossier: Any, before: Any, event: Any,
                       **kwargs: Any) -> None:
    email, phone = _contacts(dossier)
    if not (email or phone):
        return
    try:
        with transaction.atomic():
            rows = queue_for_change(dossier, before, event)
    except Exception:
        # A message lost is bad; a counter unable to receive a dossier is worse.
        logger.exception("notifications: could not queue messages for %s", dossier.code)
        return
    if rows and conf.deliver_on_commit():
        transaction.on_commit(partial(enqueue, [row.pk for row in rows]), robust=True)


def enqueue(ids: Iterable[int], *, run_after: datetime | None = None) -> None:
    """Hand rows to the tasks backend; a backend refusing leaves them to the worker."""
    from motcua.notifications.tasks import deliver_notification

    for pk in ids:
        try:
            if run_after is None:
                deliver_notification.enqueue(pk)
            elif deliver_notification.get_backend().supports_defer:
                deliver_notification.using(run_after=run_after).enqueue(pk)
        except Exception:
            logger.exception("notifications: could not enqueue delivery of #%s", pk)


# ---- delivery (after the commit, outside any transaction) ------------------------------


def _attachments(row: Notification) -> list[tuple[str, bytes, str]]:
    if row.attachment != RECEIPT:
        return []
    from motcua.dossiers.slip_data import SLIP_FORMS, slip_pdf

    # slip_pdf takes the form's URL slug; look it up by kind rather than copy the slug.
    slug = next(slug for slug, (_, kind) in SLIP_FORMS.items() if kind == "receipt")
    pdf = slip_pdf(row.dossier, slug)
    return [(f"giay-tiep-nhan-{row.dossier.code}.pdf", pdf, "application/pdf")]


def _send(row: Notification) -> None:
    if row.channel == MessageChannel.EMAIL:
        from motcua.notifications.gateways.email import send_email

        if not conf.email_enabled():
            raise DeliveryError("Chưa cấu hình máy chủ thư (MOTCUA_EMAIL_HOST).")
        send_email(row.recipient, row.subject, row.body, _attachments(row))
    else:
        from motcua.notifications.gateways.sms import configured_gateway

        if not conf.sms_enabled():
            raise DeliveryError("Chưa cấu hình cổng SMS (MOTCUA_SMS_URL).")
        configured_gateway().send(row.recipient, row.body, str(row.pk))


def deliver(pk: int, *, now: datetime | None = None, force: bool = False) -> Notification | None:
    """One attempt at row ``pk`` if it is due (or ``force``); returns the row as it ends."""
    now = now or timezone.now()
    row = Notification.objects.select_related("dossier").filter(pk=pk).first()
    if row is None or row.status == Status.SENT:
        return row
    if not force and (row.next_attempt_at is None or row.next_attempt_at > now):
        return row
    attempts = row.attempts + 1
    retry_at = now + retry_delay(attempts)
    claimed = Notification.objects.filter(
        pk=pk, attempts=row.attempts, status__in=(Status.QUEUED, Status.FAILED)
    ).update(attempts=attempts, next_attempt_at=retry_at)
    if not claimed:
        return Notification.objects.filter(pk=pk).first()
    error = ""
    try:
        _send(row)
    except DeliveryError as exc:
        error = str(exc) or type(exc).__name__
    except Exception as exc:  # a bug or a PDF that failed: visible on the row, retried
        logger.exception("notifications: delivery of #%s failed", pk)
        error = f"{type(exc).__name__}: {exc}"
    if not error:
        Notification.objects.filter(pk=pk).update(
            status=Status.SENT, sent_at=timezone.now(), next_attempt_at=None, last_error="")
    else:
        final = gives_up(attempts, conf.max_attempts())
        Notification.objects.filter(pk=pk).update(
            status=Status.FAILED, last_error=error[:2000],
            next_attempt_at=None if final else retry_at)
        if not final:
            enqueue([pk], run_after=retry_at)
    row.refresh_from_db()
    return row


@dataclass
class Round:
    sent: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.failed


def deliver_due(*, now: datetime | None = None, limit: int = 200) -> Round:
    """Try every row that is due (the worker's one round)."""
    now = now or timezone.now()
    result = Round()
    for pk in list(selectors.due(now).values_list("pk", flat=True)[:limit]):
        row = deliver(pk, now=now)
        if row is None:
            continue
        if row.status == Status.SENT:
            result.sent += 1
        elif row.status == Status.FAILED:
            result.failed += 1
    return result


def retry(ids: Sequence[int] = (), *, now: datetime | None = None) -> list[Notification]:
    """Send failed rows again now (those in ``ids``, or every failed one), given up or not."""
    now = now or timezone.now()
    rows = selectors.failed()
    if ids:
        rows = rows.filter(pk__in=list(ids))
    done = []
    for pk in list(rows.values_list("pk", flat=True)):
        row = deliver(pk, now=now, force=True)
        if row is not None:
            done.append(row)
    return done
