"""The dossier state machine: ``receive`` opens a dossier, ``apply`` moves it.

Both return the new state and exactly one ``Event``; a refused action raises
``TransitionError`` and changes nothing. Checks run in a fixed order so that the error a user
sees is the most useful one: closed dossier, wrong state, wrong role, not the handler, state
guard, then the command's data.
"""

from __future__ import annotations

from dataclasses import replace

from motcua.accounts.domain import Role
from motcua.text import nfc

from . import commands as cmd
from .commands import Action, Command
from .effects import EFFECTS, fail, moment
from .events import Event
from .rules import (
    RECEIVE_ROLES,
    STATE_GUARDS,
    TRANSITION_INDEX,
    eligible_roles,
)
from .states import STATUS_LABELS, DossierState, Status


def _capacity(roles: frozenset[Role]) -> Role:
    # Deterministic: the first role in the enum's order names the capacity the actor used.
    return min(roles, key=list(Role).index)


def receive(command: cmd.Receive) -> tuple[DossierState, Event]:
    """Open a dossier at the counter (tiếp nhận). The first event has no ``from_state``."""
    if not (command.actor.roles & RECEIVE_ROLES):
        raise fail(
            "Chỉ công chức bộ phận một cửa được tiếp nhận hồ sơ.",
            "dossier.forbidden",
            command,
            None,
        )
    at = moment(command, None, command.at, "at")
    due = moment(command, None, command.due_at, "due_at")
    if due < at:
        raise fail(
            "Ngày hẹn trả kết quả không được trước thời điểm tiếp nhận.",
            "dossier.invalid_data",
            command,
            None,
            "due_at",
        )
    state = DossierState(
        status=Status.RECEIVED,
        received_at=at,
        due_at=due,
        initial_due_at=due,
        updated_at=at,
        channel=command.channel,
    )
    event = Event(
        action=Action.RECEIVE,
        from_state=None,
        to_state=Status.RECEIVED,
        actor=command.actor.user_id,
        at=at,
        note=nfc(command.note),
        payload={"due_at": due, "channel": command.channel, "as_role": Role.CLERK},
    )
    return state, event


def apply(state: DossierState, command: Command) -> tuple[DossierState, Event]:
    """Apply ``command`` to ``state``; return the new state and its one event."""
    if isinstance(command, cmd.Receive):
        raise fail("Hồ sơ đã được tiếp nhận.", "dossier.invalid_state", command, state.status)
    status = state.status
    if state.is_terminal:
        raise fail(
            f"Hồ sơ đã kết thúc ({STATUS_LABELS[status].lower()}); không thể thực hiện thêm.",
            "dossier.terminal",
            command,
            status,
        )
    transition = TRANSITION_INDEX.get((command.action, status))
    if transition is None:
        raise fail(
            f"Không thể «{cmd.ACTION_LABELS[command.action].lower()}» khi hồ sơ "
            f"đang ở trạng thái «{STATUS_LABELS[status].lower()}».",
            "dossier.invalid_state",
            command,
            status,
        )
    roles = command.actor.roles
    if not (roles & transition.roles):
        raise fail(
            "Vai trò của bạn không được thực hiện thao tác "
            f"«{cmd.ACTION_LABELS[command.action].lower()}».",
            "dossier.forbidden",
            command,
            status,
        )
    held = eligible_roles(transition, roles, command.actor.user_id, state.handler)
    if not held:
        raise fail(
            "Chỉ người đang xử lý hồ sơ (hoặc lãnh đạo) được thực hiện thao tác này.",
            "dossier.not_handler",
            command,
            status,
        )
    guard = STATE_GUARDS.get(command.action)
    reason = guard(state) if guard is not None else None
    if reason is not None:
        raise fail(reason, "dossier.invalid_state", command, status)
    at = moment(command, state, command.at, "at")
    if at < state.updated_at:
        raise fail(
            "Thời điểm thao tác không được trước thao tác gần nhất của hồ sơ.",
            "dossier.invalid_data",
            command,
            status,
            "at",
        )
    effect = EFFECTS[command.action]
    new_state, payload = effect(state, command, at)
    new_state = replace(new_state, updated_at=at)
    payload["as_role"] = _capacity(held)
    event = Event(
        action=command.action,
        from_state=status,
        to_state=new_state.status,
        actor=command.actor.user_id,
        at=at,
        note=nfc(command.note),
        payload=payload,
    )
    return new_state, event
