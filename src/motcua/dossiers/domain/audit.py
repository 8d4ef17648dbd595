"""Hash chain of a dossier's events (append-only audit trail, DESIGN.md rule 3).

Each stored event keeps the hash of the one before it and its own hash, a SHA-256 over a
canonical JSON text of the event together with that previous hash. Changing any field of any
event, removing one from the middle, or reordering them breaks the chain. Cutting events off
the end does not: keep the last hash on the dossier row and pass it as ``expected_head``.

The canonical text is JSON with sorted keys, no spaces, UTF-8 without escapes, and no floats
or NaN, so that any other program can recompute the hashes from the stored records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .events import Event

GENESIS_HASH = "0" * 64
HASH_VERSION = 1  # part of the hashed text; bump if the canonical form ever changes


class _NoFloats(json.JSONEncoder):
    def default(self, o: Any) -> Any:
        raise TypeError(f"{type(o).__name__} is not allowed in a hashed event")


def _check(value: Any) -> None:
    if isinstance(value, float):
        raise TypeError("floats are not allowed in a hashed event")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError("keys of a hashed event must be strings")
            _check(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _check(item)


def canonical_json(value: Mapping[str, Any]) -> str:
    _check(value)
    return json.dumps(
        value,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        cls=_NoFloats,
    )


def event_hash(prev_hash: str, event_payload: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the event record chained to ``prev_hash``."""
    text = canonical_json({"v": HASH_VERSION, "prev": prev_hash, "event": dict(event_payload)})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainedEvent:
    """A stored event: its JSON-safe record (``Event.record()``) and the two hashes."""

    record: Mapping[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """Where the chain breaks. ``kind``: ``prev_mismatch`` (the link to the previous event is
    wrong: reordered, removed or inserted), ``hash_mismatch`` (the event was altered),
    ``head_mismatch`` (the chain does not end where the dossier says), ``unhashable``."""

    index: int
    kind: str
    message: str


def chain(
    records: Iterable[Mapping[str, Any]], prev_hash: str = GENESIS_HASH
) -> list[ChainedEvent]:
    """Link ``records`` in order, starting after ``prev_hash``."""
    linked: list[ChainedEvent] = []
    for record in records:
        digest = event_hash(prev_hash, record)
        linked.append(ChainedEvent(record=record, prev_hash=prev_hash, hash=digest))
        prev_hash = digest
    return linked


def chain_events(events: Iterable[Event], prev_hash: str = GENESIS_HASH) -> list[ChainedEvent]:
    return chain((e.record() for e in events), prev_hash)


def verify_chain(
    events: Sequence[ChainedEvent],
    *,
    start_hash: str = GENESIS_HASH,
    expected_head: str | None = None,
) -> list[BrokenLink]:
    """Every broken link of ``events`` (empty when the chain is intact)."""
    broken: list[BrokenLink] = []
    expected_prev = start_hash
    for index, item in enumerate(events):
        if item.prev_hash != expected_prev:
            broken.append(
                BrokenLink(
                    index,
                    "prev_mismatch",
                    f"Sự kiện thứ {index + 1} không nối với sự kiện liền trước.",
                )
            )
        try:
            actual = event_hash(item.prev_hash, item.record)
        except (TypeError, ValueError):
            broken.append(
                BrokenLink(index, "unhashable", f"Sự kiện thứ {index + 1} có dữ liệu không hợp lệ.")
            )
        else:
            if actual != item.hash:
                broken.append(
                    BrokenLink(
                        index,
                        "hash_mismatch",
                        f"Nội dung sự kiện thứ {index + 1} đã bị thay đổi.",
                    )
                )
        expected_prev = item.hash
    if expected_head is not None and expected_prev != expected_head:
        broken.append(
            BrokenLink(
                len(events),
                "head_mismatch",
                "Chuỗi sự kiện không kết thúc ở mã băm đã lưu của hồ sơ (có thể bị cắt bớt).",
            )
        )
    return broken
