"""Between the database row and the state machine's ``DossierState``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.utils.dateparse import parse_datetime

from motcua.dossiers.domain import (
    Apology,
    DossierState,
    Pause,
    Status,
)
from motcua.dossiers.domain import (
    Channel as MachineChannel,
)
from motcua.dossiers.domain.events import to_utc
from motcua.dossiers.models import Channel, Dossier, DossierPause

# The service index counts three channels (REFERENCE §4); an assisted submission is an
# online one made by the village digital team on the applicant's behalf.
MACHINE_CHANNEL: dict[str, MachineChannel] = {
    Channel.COUNTER: MachineChannel.IN_PERSON,
    Channel.ONLINE: MachineChannel.ONLINE,
    Channel.POST: MachineChannel.POST,
    Channel.ASSISTED: MachineChannel.ONLINE,
}


def _moment(text: str) -> datetime:
    value = parse_datetime(text)
    if value is None:  # pragma: no cover - only written by apology_json
        raise ValueError(f"not a datetime: {text!r}")
    return value


def apology_json(apology: Apology) -> dict[str, Any]:
    return {
        "at": to_utc(apology.at).isoformat(),
        "reason": apology.reason,
        "previous_due_at": to_utc(apology.previous_due_at).isoformat(),
        "new_due_at": to_utc(apology.new_due_at).isoformat(),
    }


def state_of(dossier: Dossier, pauses: Sequence[DossierPause]) -> DossierState:
    """The machine's view of ``dossier`` (its pauses passed in, oldest first)."""
    transferred = dossier.transferred_to.electronic_id if dossier.transferred_to_id else None
    return DossierState(
        status=Status(dossier.state),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        initial_due_at=dossier.original_due_at,
        updated_at=dossier.updated_at,
        channel=MACHINE_CHANNEL[dossier.channel],
        steps=tuple(str(step["name"]) for step in dossier.steps),
        step_index=dossier.step_index,
        handler=str(dossier.handler_id) if dossier.handler_id else None,
        signature_required=dossier.signature_required,
        signed=dossier.signed,
        supplement_rounds=dossier.supplement_rounds,
        pauses=tuple(Pause(p.started_at, p.ended_at) for p in pauses),
        resume_status=Status(dossier.resume_state) if dossier.resume_state else None,
        missing_items=tuple(dossier.missing_items),
        apologies=tuple(
            Apology(
                at=_moment(a["at"]),
                reason=a["reason"],
                previous_due_at=_moment(a["previous_due_at"]),
                new_due_at=_moment(a["new_due_at"]),
            )
            for a in dossier.apologies
        ),
        transferred_to=transferred,
        transfer_count=dossier.transfer_count,
        settled_at=dossier.finished_at,
        returned_at=dossier.returned_at,
        electronic_result=dossier.electronic_result,
    )


def store_state(dossier: Dossier, state: DossierState, pauses: list[DossierPause]) -> None:
    """Copy ``state`` onto the row and sync ``pauses`` (saved here); the caller saves the row.

    Agencies (``transferred_to``) and the processing plan are set by the services, which
    know the rows behind the machine's identifiers.
    """
    was_ready = dossier.state == Status.RESULT_READY
    dossier.state = state.status.value
    dossier.due_at = state.due_at
    dossier.updated_at = state.updated_at
    dossier.step_index = state.step_index
    dossier.handler_id = int(state.handler) if state.handler else None
    dossier.signature_required = state.signature_required
    dossier.signed = state.signed
    dossier.supplement_rounds = state.supplement_rounds
    dossier.late_by_supplements = state.late_by_supplements
    dossier.resume_state = state.resume_status.value if state.resume_status else ""
    dossier.missing_items = list(state.missing_items)
    dossier.apologies = [apology_json(a) for a in state.apologies]
    dossier.transfer_count = state.transfer_count
    dossier.finished_at = state.settled_at
    dossier.returned_at = state.returned_at
    dossier.electronic_result = state.electronic_result
    if state.status is Status.RESULT_READY and not was_ready:
        dossier.result_ready_at = state.updated_at
    for index, pause in enumerate(state.pauses):
        if index < len(pauses):
            row = pauses[index]
            if row.ended_at != pause.ended_at:
                row.ended_at = pause.ended_at
                row.save(update_fields=["ended_at"])
        else:
            pauses.append(
                DossierPause.objects.create(
                    dossier=dossier,
                    round=index + 1,
                    started_at=pause.started_at,
                    ended_at=pause.ended_at,
                    missing_items=list(state.missing_items),
                )
            )


STATE_FIELDS = [
    "state", "due_at", "updated_at", "step_index", "step_due_at", "handler", "steps",
    "signature_required", "signed", "supplement_rounds", "late_by_supplements",
    "resume_state", "missing_items", "apologies", "transfer_count", "transferred_to",
    "finished_at", "result_ready_at", "returned_at", "electronic_result", "collected_by",
    "return_channel", "outcome_reason", "version", "last_event_hash",
]
