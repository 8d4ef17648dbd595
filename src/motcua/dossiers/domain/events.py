"""The one event every successful action produces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from types import MappingProxyType
from typing import Any

from .commands import Action
from .states import Status

# JSON-safe, immutable values: what an event payload may hold.
JsonValue = str | int | bool | None | tuple["JsonValue", ...] | Mapping[str, "JsonValue"]


def freeze(value: Any) -> JsonValue:
    """Turn ``value`` into an immutable JSON-safe value.

    Datetimes become ISO 8601 in UTC, dates ISO 8601, enums their value, sequences tuples,
    mappings read-only mappings. Floats are refused: their text form is not canonical
    across languages, and the hash chain must be recomputable anywhere.
    """
    if isinstance(value, Enum):
        return freeze(value.value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime):
        return to_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple | frozenset | set):
        items = sorted(value, key=str) if isinstance(value, frozenset | set) else value
        return tuple(freeze(v) for v in items)
    raise TypeError(f"cannot store {type(value).__name__} in an event payload")


def thaw(value: JsonValue) -> Any:
    """The plain ``dict``/``list`` form of a frozen value, for JSON encoders and ORMs."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw(v) for v in value]
    return value


def to_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Event:
    """One change of a dossier, as it goes into the append-only, hash-chained log.

    ``from_state`` is None only for the event that opens the dossier. ``payload`` holds the
    action's data (read-only, JSON-safe).
    """

    action: Action
    from_state: Status | None
    to_state: Status
    actor: str
    at: datetime
    note: str
    payload: Mapping[str, Any]

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", to_utc(self.at))
        frozen = freeze(self.payload)
        assert isinstance(frozen, Mapping)
        object.__setattr__(self, "payload", frozen)

    def record(self) -> dict[str, Any]:
        """The event as plain JSON-safe data: what is stored and what the hash covers."""
        return {
            "action": self.action.value,
            "from_state": self.from_state.value if self.from_state is not None else None,
            "to_state": self.to_state.value,
            "actor": self.actor,
            "at": self.at.isoformat(),
            "note": self.note,
            "payload": thaw(self.payload),
        }
