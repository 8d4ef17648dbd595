"""Reads of the public portal: the public status of a dossier, the procedure page, the
province the portal serves."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet

from motcua.dossiers.domain import STATUS_LABELS, Status
from motcua.dossiers.models import Dossier, DossierEvent, DossierPause
from motcua.portal import domain
from motcua.portal.models import Rating


@dataclass(frozen=True)
class SupplementRound:
    round: int
    requested_at: dt.datetime
    received_at: dt.datetime | None
    missing_items: list[str]


@dataclass(frozen=True)
class PublicStatus:
    """Everything the lookup page shows. It has no field for the applicant by design: a
    template cannot leak what it is not given."""

    code: str
    procedure_code: str
    procedure_name: str
    agency_name: str
    state: str
    state_label: str
    received_at: dt.datetime
    due_at: dt.datetime
    original_due_at: dt.datetime
    result_ready_at: dt.datetime | None
    returned_at: dt.datetime | None
    finished: bool
    overdue: bool
    steps: list[domain.PublicStep]
    missing_items: list[str]
    supplements: list[SupplementRound] = field(default_factory=list)
    may_rate: bool = False
    rated: bool = False


def find_dossier(code: str, digits: str) -> Dossier | None:
    """The dossier whose code is ``code`` and whose applicant's phone or personal id ends
    in ``digits``; None for both "no such code" and "wrong digits", so a caller cannot
    answer the two differently."""
    wanted = domain.normalize_code(code)
    if not wanted:
        return None
    dossier = (Dossier.objects.select_related("procedure", "receiving_agency")
               .filter(code=wanted).first())
    phone, personal_id = ("", "") if dossier is None else (
        dossier.applicant_phone, dossier.applicant_personal_id)
    # Compare even when there is no dossier, so both answers take the same work.
    ok = domain.last_digits_match(digits, phone=phone, personal_id=personal_id)
    return dossier if (dossier is not None and ok) else None


def public_status(dossier: Dossier, *, now: dt.datetime | None = None) -> PublicStatus:
    from django.utils import timezone

    now = now or timezone.now()
    events = [
        domain.RawEvent(e.action, e.from_state, e.to_state, e.at)
        for e in DossierEvent.objects.filter(dossier=dossier).order_by("seq")
        .only("action", "from_state", "to_state", "at")
    ]
    status = Status(dossier.state)
    pauses = [
        SupplementRound(p.round, p.started_at, p.ended_at, [str(x) for x in p.missing_items])
        for p in DossierPause.objects.filter(dossier=dossier).order_by("round")
    ]
    missing = [str(x) for x in dossier.missing_items] if status == Status.WAITING_SUPPLEMENT else []
    finished_at = dossier.finished_at
    settled = status in (Status.RESULT_READY, Status.RETURNED, Status.REFUSED,
                         Status.WITHDRAWN, Status.STOPPED)
    overdue = (not settled and status != Status.WAITING_SUPPLEMENT and now > dossier.due_at) or (
        finished_at is not None and finished_at > dossier.due_at)
    return PublicStatus(
        code=dossier.code,
        procedure_code=dossier.procedure.code,
        procedure_name=dossier.procedure.name,
        agency_name=dossier.receiving_agency.name,
        state=dossier.state,
        state_label=STATUS_LABELS[status],
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        original_due_at=dossier.original_due_at,
        result_ready_at=dossier.result_ready_at,
        returned_at=dossier.returned_at,
        finished=settled,
        overdue=overdue,
        steps=domain.public_steps(events),
        missing_items=missing,
        supplements=pauses,
        may_rate=domain.may_rate(dossier.state),
        rated=Rating.objects.filter(dossier=dossier).exists(),
    )


def portal_province() -> str:
    """The province this portal serves: ``MOTCUA_PORTAL_PROVINCE`` (code, e.g. "12"), or
    else the one whose agencies are loaded (one installation, one province), or ''."""
    from motcua.units.models import Agency

    code = str(getattr(settings, "MOTCUA_PORTAL_PROVINCE",
                       os.environ.get("MOTCUA_PORTAL_PROVINCE", ""))).strip()
    if code:
        return code.zfill(2)
    found = (Agency.objects.filter(is_active=True).exclude(commune_code="")
             .values_list("province_code", flat=True).order_by("province_code").first())
    return found or ""


def communes_of(province_code: str) -> QuerySet:
    from motcua.units.models import Unit

    return Unit.objects.filter(province_id=province_code).order_by("name")


def ratings_of_commune(commune_code: str) -> QuerySet[Rating]:
    """For the indicators: ratings of dossiers of a commune, newest first."""
    return Rating.objects.filter(commune_code=commune_code)
