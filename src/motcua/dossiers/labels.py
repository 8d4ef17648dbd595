"""Names of the events that do not change a dossier's status (notes, attachments) and the
Vietnamese labels of every event kind. Pure Python."""

from __future__ import annotations

from motcua.dossiers.domain import ACTION_LABELS, Action

# Recorded in the same hash chain as the state machine's events, with from_state ==
# to_state; the machine's Action values never collide with these.
ADD_NOTE = "add_note"
ATTACH = "attach"

ANNOTATION_LABELS: dict[str, str] = {
    ADD_NOTE: "Ghi chú",
    ATTACH: "Đính kèm tệp",
}


def event_label(action: str) -> str:
    try:
        return ACTION_LABELS[Action(action)]
    except ValueError:
        return ANNOTATION_LABELS.get(action, action)
