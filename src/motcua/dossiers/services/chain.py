"""Writing events into a dossier's hash chain, and reading them back for verification."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from motcua.dossiers.domain import BrokenLink, ChainedEvent, Event, event_hash, verify_chain
from motcua.dossiers.domain.audit import GENESIS_HASH
from motcua.dossiers.domain.events import freeze, thaw, to_utc
from motcua.dossiers.models import Dossier, DossierEvent


def with_payload(event: Event, extra: Mapping[str, Any]) -> Event:
    """``event`` with more payload: what the service knows and the machine does not (the
    dossier code, agencies, step deadlines). The hash covers it like the rest."""
    if not extra:
        return event
    return Event(
        action=event.action,
        from_state=event.from_state,
        to_state=event.to_state,
        actor=event.actor,
        at=event.at,
        note=event.note,
        payload={**thaw(event.payload), **extra},
    )


def annotation_record(
    *, action: str, state: str, actor_ref: str, at: datetime, note: str, payload: Mapping[str, Any]
) -> dict[str, Any]:
    """The record of an event outside the state machine (note, attachment): same shape as
    ``Event.record()``, with the status unchanged."""
    frozen = freeze(payload)
    return {
        "action": action,
        "from_state": state,
        "to_state": state,
        "actor": actor_ref,
        "at": to_utc(at).isoformat(),
        "note": note,
        "payload": thaw(frozen),
    }


def next_link(
    dossier: Dossier, record: Mapping[str, Any], *, at: datetime, actor: Any | None
) -> DossierEvent:
    """The next event of ``dossier``, not yet saved; moves the row's head (version and
    last hash) so that a new dossier can be inserted with its head in one statement."""
    prev = dossier.last_event_hash or GENESIS_HASH
    digest = event_hash(prev, record)
    row = DossierEvent(
        dossier=dossier,
        seq=dossier.version + 1,
        action=record["action"],
        from_state=record["from_state"] or "",
        to_state=record["to_state"],
        actor=actor,
        actor_ref=record["actor"],
        actor_name=(actor.full_name or actor.username) if actor is not None else "",
        at=at,
        note=record["note"],
        payload=record["payload"],
        prev_hash=prev,
        hash=digest,
    )
    dossier.version = row.seq
    dossier.last_event_hash = digest
    return row


def append(
    dossier: Dossier, record: Mapping[str, Any], *, at: datetime, actor: Any | None
) -> DossierEvent:
    """Insert the next event of ``dossier`` and move its head (the caller saves the row)."""
    row = next_link(dossier, record, at=at, actor=actor)
    row.save()
    return row


def record_of(row: DossierEvent) -> dict[str, Any]:
    """The hashed record, rebuilt from the stored columns."""
    return {
        "action": row.action,
        "from_state": row.from_state or None,
        "to_state": row.to_state,
        "actor": row.actor_ref,
        "at": to_utc(row.at).isoformat(),
        "note": row.note,
        "payload": row.payload,
    }


def check_rows(rows: Iterable[DossierEvent], expected_head: str) -> list[tuple[int, str, str]]:
    """Broken links of one dossier's events (ordered by seq), as (seq, kind, message).

    Besides the hash chain, the sequence numbers must run 1, 2, 3, … without a gap."""
    rows = list(rows)
    problems: list[tuple[int, str, str]] = []
    for position, row in enumerate(rows, start=1):
        if row.seq != position:
            problems.append(
                (row.seq, "seq_gap", f"Số thứ tự sự kiện {row.seq} không liền mạch (mong đợi {position}).")
            )
            break
    linked = [ChainedEvent(record=record_of(r), prev_hash=r.prev_hash, hash=r.hash) for r in rows]
    links: list[BrokenLink] = verify_chain(linked, expected_head=expected_head or GENESIS_HASH)
    for link in links:
        seq = rows[link.index].seq if link.index < len(rows) else len(rows) + 1
        problems.append((seq, link.kind, link.message))
    return problems
