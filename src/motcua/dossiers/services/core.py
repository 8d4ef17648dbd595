"""What every action service does: lock the dossier, check who may act, run the state
machine, store the new state and write its one event — inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from motcua.accounts.models import Official
from motcua.dossiers import signals
from motcua.dossiers.domain import Actor, Command, DossierState, apply
from motcua.dossiers.domain.events import to_utc
from motcua.dossiers.models import Dossier, DossierEvent, DossierPause
from motcua.dossiers.permissions import check_may_act, not_found
from motcua.dossiers.services import chain
from motcua.dossiers.services.state import STATE_FIELDS, state_of, store_state
from motcua.errors import Conflict, InvalidInput

DossierRef = Dossier | str


def actor_of(official: Official) -> Actor:
    return Actor(user_id=str(official.pk), roles=official.role_set)


def normalize_code(code: str) -> str:
    return (code or "").strip().upper()


def lock(official: Official, ref: DossierRef, action: str) -> Dossier:
    """The dossier, locked for this transaction (PostgreSQL row lock; SQLite already holds
    the write lock since BEGIN IMMEDIATE), after checking ``official`` may act on it."""
    code = ref.code if isinstance(ref, Dossier) else normalize_code(ref)
    qs = Dossier.objects.select_related("procedure", "transferred_to").select_for_update(
        of=("self",)
    )
    dossier = qs.filter(code=code).first()
    if dossier is None:
        raise not_found(code)
    check_may_act(official, dossier, action)
    return dossier


def check_version(dossier: Dossier, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != dossier.version:
        raise Conflict(
            "Hồ sơ vừa được người khác cập nhật; hãy tải lại trước khi thao tác.",
            code="dossier.stale",
            details={"version": dossier.version, "expected_version": expected_version},
        )


def moment(dossier: Dossier | None, at: datetime | None) -> datetime:
    """The time of an action: ``at`` if given (aware), else now — never before the
    dossier's last change, so that clocks of several servers a few ms apart cannot refuse
    a legitimate action."""
    if at is None:
        now = timezone.now()
        return max(now, dossier.updated_at) if dossier is not None else now
    try:
        return to_utc(at)
    except ValueError:
        raise InvalidInput("Thời điểm phải có múi giờ.", code="invalid_datetime") from None


@dataclass
class Transition:
    """The outcome of ``run``: new state, the stored event, the pauses (synced)."""

    state: DossierState
    event: DossierEvent
    pauses: list[DossierPause]


def prepare(dossier: Dossier) -> tuple[DossierState, list[DossierPause]]:
    pauses = list(DossierPause.objects.filter(dossier=dossier).order_by("started_at", "id"))
    return state_of(dossier, pauses), pauses


def run(
    official: Official,
    dossier: Dossier,
    command: Command,
    *,
    accept: Callable[[DossierState], Mapping[str, Any] | None] | None = None,
    prepared: tuple[DossierState, list[DossierPause]] | None = None,
) -> Transition:
    """Apply ``command`` to ``dossier``; store the state and its one event; save the row.

    ``accept(new_state)`` runs after the machine accepted the command and before anything
    is written. Services check there the data the machine cannot (a handler belongs to the
    commune, an agency exists) — so a wrong role is reported before wrong data, as the
    machine does — set the columns the machine does not know (the plan, step deadlines,
    agencies), and return what to add to the event's payload."""
    state, pauses = prepared or prepare(dossier)
    before = signals.snapshot(dossier)
    new_state, event = apply(state, command)
    extra = accept(new_state) if accept is not None else None
    event = chain.with_payload(event, extra or {})
    store_state(dossier, new_state, pauses)
    row = chain.append(dossier, event.record(), at=event.at, actor=official)
    dossier.save(update_fields=STATE_FIELDS)
    signals.send(dossier, before, row)
    return Transition(new_state, row, pauses)
