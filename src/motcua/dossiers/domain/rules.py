"""The transition table: which action applies in which state, for which roles.

The table is the single source of truth; ``machine.apply`` enforces it, ``allowed_actions``
reads it for the UI, and docs/dossier-lifecycle.md describes it (a test keeps them in step).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from motcua.accounts.domain import Role

from .commands import Action
from .states import DossierState, Status

C, S, DH, L, CD, A = (
    Role.CLERK,
    Role.SPECIALIST,
    Role.DIVISION_HEAD,
    Role.LEADER,
    Role.CENTER_DIRECTOR,
    Role.ADMIN,
)


@dataclass(frozen=True, slots=True)
class Transition:
    """``target`` None means "back to the state before the supplement wait".

    ``handler_bound`` roles count only when the actor is the dossier's current handler: a
    specialist acts on the dossiers assigned to them, a division head on any of them.
    """

    action: Action
    source: Status
    target: Status | None
    roles: frozenset[Role]
    handler_bound: frozenset[Role] = frozenset()


def _t(
    action: Action,
    sources: Iterable[Status],
    target: Status | None,
    roles: Iterable[Role],
    *,
    self_loop: bool = False,
) -> list[Transition]:
    roles = frozenset(roles)
    bound = frozenset({S}) & roles
    return [Transition(action, src, src if self_loop else target, roles, bound) for src in sources]


_ST = Status
_WORKING = (_ST.RECEIVED, _ST.IN_PROCESSING, _ST.WAITING_SUPPLEMENT, _ST.WAITING_SIGNATURE)

TRANSITIONS: tuple[Transition, ...] = tuple(
    _t(Action.ROUTE, [_ST.RECEIVED], _ST.RECEIVED, [C, CD, DH])
    + _t(Action.START, [_ST.RECEIVED], _ST.IN_PROCESSING, [S, DH])
    + _t(Action.FORWARD, [_ST.IN_PROCESSING], _ST.IN_PROCESSING, [S, DH, L])
    + _t(Action.REQUEST_SUPPLEMENT, [_ST.RECEIVED], _ST.WAITING_SUPPLEMENT, [C, CD])
    + _t(Action.REQUEST_SUPPLEMENT, [_ST.IN_PROCESSING], _ST.WAITING_SUPPLEMENT, [S, DH])
    + _t(Action.RECEIVE_SUPPLEMENT, [_ST.WAITING_SUPPLEMENT], None, [C, CD, S, DH])
    + _t(Action.SUBMIT_FOR_SIGNATURE, [_ST.IN_PROCESSING], _ST.WAITING_SIGNATURE, [S, DH])
    + _t(Action.APPROVE, [_ST.WAITING_SIGNATURE], _ST.RESULT_READY, [L, DH])
    + _t(Action.REJECT, [_ST.WAITING_SIGNATURE], _ST.IN_PROCESSING, [L, DH])
    + _t(Action.MARK_RESULT_READY, [_ST.IN_PROCESSING], _ST.RESULT_READY, [S, DH])
    + _t(Action.RETURN_RESULT, [_ST.RESULT_READY], _ST.RETURNED, [C, CD])
    + _t(Action.REFUSE, [_ST.RECEIVED], _ST.REFUSED, [C, CD])
    + _t(Action.REFUSE, [_ST.IN_PROCESSING], _ST.REFUSED, [S, DH, L])
    + _t(Action.REFUSE, [_ST.WAITING_SIGNATURE], _ST.REFUSED, [L, DH])
    + _t(Action.WITHDRAW, _WORKING, _ST.WITHDRAWN, [C, CD])
    + _t(Action.STOP, _WORKING[1:], _ST.STOPPED, [DH, L, CD])
    + _t(Action.TRANSFER, [_ST.IN_PROCESSING], _ST.TRANSFERRED, [S, DH])
    + _t(Action.RECEIVE_BACK, [_ST.TRANSFERRED], _ST.IN_PROCESSING, [C, CD, S, DH])
    + _t(Action.APOLOGIZE, _WORKING + (_ST.TRANSFERRED,), None, [DH, L, CD], self_loop=True)
    + _t(Action.REASSIGN, _WORKING + (_ST.TRANSFERRED,), None, [DH, L, CD, A], self_loop=True)
)

TRANSITION_INDEX: dict[tuple[Action, Status], Transition] = {
    (t.action, t.source): t for t in TRANSITIONS
}
assert len(TRANSITION_INDEX) == len(TRANSITIONS), "duplicate (action, source) in the table"

# Roles that may open a dossier (the receipt is issued at the counter, REFERENCE §2).
RECEIVE_ROLES: frozenset[Role] = frozenset({C})


# Guards that depend on the state alone (not on the command's data). Each returns a
# Vietnamese reason when the action cannot be taken now, None when it can.
StateGuard = Callable[[DossierState], str | None]


def _needs_handler(state: DossierState) -> str | None:
    if not state.handler or not state.steps:
        return "Hồ sơ chưa được phân công người xử lý."
    return None


def _not_last_step(state: DossierState) -> str | None:
    if state.is_last_step:
        return "Hồ sơ đang ở bước cuối của quy trình; hãy trình ký hoặc xác nhận kết quả."
    return None


def _no_signature_needed(state: DossierState) -> str | None:
    if state.signature_required:
        return "Thủ tục này cần lãnh đạo ký duyệt; hãy trình ký."
    return None


STATE_GUARDS: dict[Action, StateGuard] = {
    Action.START: _needs_handler,
    Action.FORWARD: _not_last_step,
    Action.MARK_RESULT_READY: _no_signature_needed,
    Action.REASSIGN: _needs_handler,
}


def eligible_roles(
    transition: Transition, roles: Iterable[Role], actor_id: str | None, handler: str | None
) -> frozenset[Role]:
    """The actor's roles that authorise ``transition``.

    With ``actor_id`` None the handler binding is not checked (a role-only view for menus).
    """
    held = frozenset(roles) & transition.roles
    if actor_id is not None and (handler is None or actor_id != handler):
        held -= transition.handler_bound
    return held


def allowed_actions(
    state: DossierState, roles: Iterable[Role], actor_id: str | None = None
) -> set[Action]:
    """Actions the holder of ``roles`` may take on ``state`` now (for buttons and menus).

    Every action listed here succeeds in ``machine.apply`` given well-formed data; every
    other action fails. Pass ``actor_id`` to also apply the "only the current handler" rule.
    """
    roles = frozenset(roles)
    result: set[Action] = set()
    for transition in TRANSITIONS:
        if transition.source is not state.status:
            continue
        if not eligible_roles(transition, roles, actor_id, state.handler):
            continue
        guard = STATE_GUARDS.get(transition.action)
        if guard is not None and guard(state) is not None:
            continue
        result.add(transition.action)
    return result
