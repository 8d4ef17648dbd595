"""Laws of the dossier state machine, checked on random sequences of actions by random
officials with well-formed or broken data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from motcua.accounts.domain import Role
from motcua.dossiers.domain import (
    TERMINAL,
    Action,
    Actor,
    ApologizeAndReschedule,
    Approve,
    Command,
    DossierState,
    Forward,
    MarkResultReady,
    Reassign,
    Receive,
    ReceiveBack,
    ReceiveSupplement,
    Refuse,
    Reject,
    RequestSupplement,
    ReturnChannel,
    ReturnResult,
    Route,
    Start,
    Status,
    Stop,
    SubmitForSignature,
    Transfer,
    TransitionError,
    Withdraw,
    allowed_actions,
    apply,
    chain_events,
    invariant_violations,
    receive,
    verify_chain,
)
from motcua.dossiers.domain.rules import TRANSITION_INDEX, TRANSITIONS

T0 = datetime(2026, 2, 13, 1, 30, tzinfo=UTC)
H = timedelta(hours=1)

OFFICIALS = (
    Actor("clerk", frozenset({Role.CLERK})),
    Actor("kiemnhiem", frozenset({Role.CLERK, Role.SPECIALIST})),
    Actor("spec1", frozenset({Role.SPECIALIST})),
    Actor("spec2", frozenset({Role.SPECIALIST})),
    Actor("head", frozenset({Role.DIVISION_HEAD})),
    Actor("leader", frozenset({Role.LEADER})),
    Actor("director", frozenset({Role.CENTER_DIRECTOR})),
    Actor("overseer", frozenset({Role.PROVINCE_OVERSEER})),
    Actor("admin", frozenset({Role.ADMIN})),
    Actor("village", frozenset({Role.VILLAGE_TEAM})),
)
HANDLERS = ("kiemnhiem", "spec1", "spec2", "head")
ACTIONS = sorted(set(Action) - {Action.RECEIVE})
WRITERS = frozenset(Role) - {Role.PROVINCE_OVERSEER, Role.VILLAGE_TEAM}

names = st.sampled_from(["Đơn đề nghị", "Bản sao giấy khai sinh", "Ảnh 4x6", "Tờ khai"])
blank = st.sampled_from(["", "   ", "\t"])


def build(
    data: st.DataObject,
    action: Action,
    actor: Actor,
    at: datetime,
    state: DossierState,
    *,
    may_break: bool = True,
) -> tuple[Command, bool]:
    """A command for ``action``; the flag says whether its data is well-formed."""
    broken = may_break and data.draw(st.integers(0, 3)) == 0
    if broken and data.draw(st.booleans()):
        # Broken in a way every action checks: time running backwards.
        at = state.updated_at - timedelta(seconds=data.draw(st.integers(1, 3600)))
        broken_time = True
    else:
        broken_time = False
    ok = not broken
    base = {"actor": actor, "at": at, "note": data.draw(st.sampled_from(["", "Ghi chú"]))}
    fix = broken and not broken_time  # break the action's own data instead

    def text(good: st.SearchStrategy[str]) -> str:
        return data.draw(blank if fix else good)

    command: Command
    if action is Action.ROUTE:
        steps = data.draw(st.lists(names, min_size=1, max_size=4).map(tuple))
        if fix:
            steps = data.draw(st.sampled_from([(), ("  ",), steps + ("",)]))
        command = Route(
            **base,
            steps=steps,
            handler=data.draw(st.sampled_from(HANDLERS)),
            signature_required=data.draw(st.booleans()),
        )
    elif action is Action.START:
        command, ok = Start(**base), not broken_time
    elif action is Action.FORWARD:
        command = Forward(**base, handler=text(st.sampled_from(HANDLERS)))
    elif action is Action.REQUEST_SUPPLEMENT:
        items = data.draw(st.lists(names, min_size=1, max_size=3).map(tuple))
        command = RequestSupplement(**base, missing_items=() if fix else items)
    elif action is Action.RECEIVE_SUPPLEMENT:
        shift = data.draw(st.integers(0, 72))
        new_due = None if shift == 0 and not fix else state.due_at + (-H if fix else shift * H)
        command = ReceiveSupplement(**base, new_due_at=new_due)
    elif action is Action.SUBMIT_FOR_SIGNATURE:
        command, ok = SubmitForSignature(**base), not broken_time
    elif action is Action.APPROVE:
        command, ok = Approve(**base, electronic_result=data.draw(st.booleans())), not broken_time
    elif action is Action.MARK_RESULT_READY:
        command = MarkResultReady(**base, electronic_result=data.draw(st.booleans()))
        ok = not broken_time
    elif action in (Action.REJECT, Action.REFUSE, Action.STOP):
        kind = {Action.REJECT: Reject, Action.REFUSE: Refuse, Action.STOP: Stop}[action]
        command = kind(
            **base, reason=text(st.sampled_from(["Sai thông tin", "Không đủ điều kiện"]))
        )
    elif action is Action.RETURN_RESULT:
        command = ReturnResult(
            **base,
            collected_by=text(st.sampled_from(["Lò Văn Sơn", "Người được ủy quyền"])),
            channel=data.draw(st.sampled_from(ReturnChannel)),
        )
    elif action is Action.WITHDRAW:
        command = Withdraw(**base, requested_by=text(st.just("Tòng Thị Hoa")))
    elif action is Action.TRANSFER:
        command = Transfer(**base, to_agency=text(st.just("000.00.12.H26")))
    elif action is Action.RECEIVE_BACK:
        handler = data.draw(st.none() | st.sampled_from(HANDLERS))
        command = ReceiveBack(**base, handler=data.draw(blank) if fix else handler)
    elif action is Action.APOLOGIZE:
        new_due = state.due_at + data.draw(st.integers(1, 96)) * H
        in_time = True
        reason = "Cần xác minh thực địa"
        if fix:
            which = data.draw(st.integers(0, 2))
            new_due = state.due_at if which == 0 else new_due
            in_time = which != 1
            reason = "" if which == 2 else reason
        command = ApologizeAndReschedule(
            **base, reason=reason, new_due_at=new_due, notice_in_time=in_time
        )
        # The slip must go out before the due date; otherwise no data can make it valid.
        ok = ok and at < state.due_at
    else:
        assert action is Action.REASSIGN
        others = [h for h in HANDLERS if h != state.handler]
        handler = data.draw(st.sampled_from(others))
        if fix:
            handler = data.draw(blank | st.just(state.handler or ""))
        command = Reassign(**base, handler=handler)
    return command, ok


def _ends(action: Action, status: Status) -> bool:
    target = TRANSITION_INDEX[(action, status)].target
    return target is not None and target in TERMINAL


class DossierLifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.clock = T0
        self.state: DossierState | None = None
        self.events: list = []

    @precondition(lambda self: self.state is None)
    @rule(due_hours=st.integers(0, 240), channel=st.sampled_from(["in_person", "online", "post"]))
    def open_dossier(self, due_hours: int, channel: str) -> None:
        clerk = OFFICIALS[0]
        self.state, event = receive(
            Receive(actor=clerk, at=T0, due_at=T0 + due_hours * H, channel=channel)
        )
        self.events = [event]

    def _attempt(self, data: st.DataObject, action: Action, actor: Actor) -> None:
        state = self.state
        assert state is not None
        at = self.clock + data.draw(st.integers(0, 8 * 3600)) * timedelta(seconds=1)
        command, well_formed = build(data, action, actor, at, state)
        allowed = action in allowed_actions(state, actor.roles, actor.user_id)
        try:
            new, event = apply(state, command)
        except TransitionError as err:
            assert state is self.state  # nothing changed
            if state.status in TERMINAL:
                assert err.code == "dossier.terminal"
            elif allowed:
                assert not well_formed, err.message
                assert err.code == "dossier.invalid_data" and err.status == 400
            else:
                assert err.code in {
                    "dossier.invalid_state",
                    "dossier.forbidden",
                    "dossier.not_handler",
                }
                transition = TRANSITION_INDEX.get((action, state.status))
                if transition is not None and not (actor.roles & transition.roles):
                    assert err.code == "dossier.forbidden" and err.status == 403
            assert err.message and not err.message.isascii()  # Vietnamese
            return
        # Success: only when the UI would have offered it and the data was good.
        assert allowed and well_formed
        assert actor.roles & WRITERS, "a read-only role changed a dossier"
        assert state.status not in TERMINAL
        assert event.action is action
        assert event.from_state is state.status and event.to_state is new.status
        assert event.actor == actor.user_id and event.at == new.updated_at
        transition = TRANSITION_INDEX[(action, state.status)]
        expected_target = transition.target or state.resume_status
        assert new.status is expected_target
        # The promise moves only through the apology slip or the supplement extension,
        # and only later.
        if new.due_at != state.due_at:
            assert action in {Action.APOLOGIZE, Action.RECEIVE_SUPPLEMENT}
            assert new.due_at > state.due_at
        if action is Action.APOLOGIZE:
            assert new.due_at > state.due_at and len(new.apologies) == len(state.apologies) + 1
        else:
            assert new.apologies == state.apologies
        if (
            state.status is Status.WAITING_SUPPLEMENT
            and new.status is not Status.WAITING_SUPPLEMENT
        ):
            assert new.open_pause is None and new.pauses[-1].ended_at == at
        if (
            new.status is Status.WAITING_SUPPLEMENT
            and state.status is not Status.WAITING_SUPPLEMENT
        ):
            assert new.supplement_rounds == state.supplement_rounds + 1
        self.state = new
        self.events.append(event)
        self.clock = at

    @precondition(lambda self: self.state is not None)
    @rule(
        data=st.data(),
        action=st.sampled_from(ACTIONS),
        actor=st.sampled_from(OFFICIALS),
    )
    def anyone_tries_anything(self, data: st.DataObject, action: Action, actor: Actor) -> None:
        self._attempt(data, action, actor)

    @precondition(lambda self: self.state is not None and self.state.status not in TERMINAL)
    @rule(data=st.data())
    def someone_entitled_acts(self, data: st.DataObject) -> None:
        """Drive the dossier forward: pick an action some official is offered."""
        state = self.state
        assert state is not None
        offers = [
            (action, actor)
            for actor in OFFICIALS
            for action in sorted(allowed_actions(state, actor.roles, actor.user_id))
        ]
        assert offers, f"no way out of {state.status}"
        # Closing actions are always on offer; take them rarely so that runs get deep.
        ending = [(a, o) for a, o in offers if _ends(a, state.status)]
        going = [pair for pair in offers if pair not in ending]
        if going and data.draw(st.integers(0, 9)) > 0:
            offers = going
        action, actor = data.draw(st.sampled_from(offers))
        self._attempt(data, action, actor)

    @precondition(lambda self: self.state is not None and self.state.status not in TERMINAL)
    @rule(data=st.data())
    def someone_entitled_acts_again(self, data: st.DataObject) -> None:
        # A second copy of the driving rule: rules are drawn evenly, so this doubles its weight.
        self.someone_entitled_acts(data)

    @invariant()
    def state_is_sound(self) -> None:
        if self.state is not None:
            assert self.state.status in set(Status)
            assert invariant_violations(self.state) == []

    @invariant()
    def last_event_tells_where_the_dossier_is(self) -> None:
        if self.state is not None:
            assert self.events[-1].to_state is self.state.status

    def teardown(self) -> None:
        """The whole log: a valid hash chain in which each event starts where the last ended."""
        if self.state is None:
            return
        assert verify_chain(chain_events(self.events)) == []
        assert self.events[0].from_state is None
        for before, after in zip(self.events, self.events[1:], strict=False):
            assert after.from_state is before.to_state
            assert after.at >= before.at

    @invariant()
    def terminal_states_offer_nothing(self) -> None:
        if self.state is not None and self.state.is_terminal:
            assert allowed_actions(self.state, set(Role)) == set()

    @invariant()
    def overseer_is_offered_nothing(self) -> None:
        if self.state is not None:
            assert allowed_actions(self.state, {Role.PROVINCE_OVERSEER, Role.VILLAGE_TEAM}) == set()


DossierLifecycle.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestDossierLifecycle = DossierLifecycle.TestCase


@settings(max_examples=60, deadline=None)
@given(
    actions=st.lists(
        st.tuples(st.sampled_from(ACTIONS), st.sampled_from(OFFICIALS)), min_size=1, max_size=30
    ),
    data=st.data(),
)
def test_overseer_never_changes_anything_along_any_path(actions, data):
    """Walk a random path; at every state the overseer's every attempt fails."""
    state, _ = receive(Receive(actor=OFFICIALS[0], at=T0, due_at=T0 + 100 * H))
    overseer = OFFICIALS[7]
    clock = T0
    for action, actor in actions:
        clock += H
        command, _ = build(data, action, overseer, clock, state)
        try:
            apply(state, command)
        except TransitionError:
            pass
        else:  # pragma: no cover - the assertion below explains the failure
            raise AssertionError(f"overseer performed {action} in {state.status}")
        command, _ = build(data, action, actor, clock, state)
        try:
            state, _ = apply(state, command)
        except TransitionError:
            continue


def _reach(source: Status, action: Action) -> DossierState:
    """A dossier in ``source`` that passes the state guards of ``action``, handled by spec1."""
    clerk, spec = OFFICIALS[0], OFFICIALS[2]
    state, _ = receive(Receive(actor=clerk, at=T0, due_at=T0 + 200 * H))
    if source is Status.RECEIVED and action not in {Action.START, Action.REASSIGN}:
        return state
    state, _ = apply(
        state,
        Route(
            actor=clerk,
            at=T0 + H,
            steps=("Thẩm định", "Dự thảo"),
            handler="spec1",
            signature_required=source is not Status.RESULT_READY
            and action is not Action.MARK_RESULT_READY,
        ),
    )
    if source is Status.RECEIVED:
        return state
    state, _ = apply(state, Start(actor=spec, at=T0 + 2 * H))
    follow: dict[Status, Command] = {
        Status.WAITING_SUPPLEMENT: RequestSupplement(
            actor=spec, at=T0 + 3 * H, missing_items=("Tờ khai",)
        ),
        Status.WAITING_SIGNATURE: SubmitForSignature(actor=spec, at=T0 + 3 * H),
        Status.RESULT_READY: MarkResultReady(actor=spec, at=T0 + 3 * H),
        Status.TRANSFERRED: Transfer(actor=spec, at=T0 + 3 * H, to_agency="000.00.12.H26"),
    }
    if source in follow:
        state, _ = apply(state, follow[source])
    assert state.status is source
    return state


@pytest.mark.parametrize(
    "transition", TRANSITIONS, ids=lambda t: f"{t.source.value}-{t.action.value}"
)
@settings(max_examples=5, deadline=None)
@given(data=st.data())
def test_every_transition_of_the_table_works_for_every_role_it_names(transition, data):
    state = _reach(transition.source, transition.action)
    for role in sorted(transition.roles):
        user = state.handler if role in transition.handler_bound else f"other-{role}"
        actor = Actor(user or "nobody", frozenset({role}))
        assert transition.action in allowed_actions(state, actor.roles, actor.user_id)
        command, ok = build(data, transition.action, actor, T0 + 4 * H, state, may_break=False)
        assert ok
        new, event = apply(state, command)
        assert new.status is (transition.target or state.resume_status)
        assert event.from_state is transition.source and event.to_state is new.status
        assert event.payload["as_role"] == role.value
        if transition.action not in {Action.APOLOGIZE, Action.RECEIVE_SUPPLEMENT}:
            assert (new.due_at, new.apologies) == (state.due_at, state.apologies)
        for stranger in set(Role) - transition.roles:
            other = Actor("stranger", frozenset({stranger}))
            assert transition.action not in allowed_actions(state, other.roles, other.user_id)
            with pytest.raises(TransitionError) as err:
                apply(state, build(data, transition.action, other, T0 + 4 * H, state)[0])
            assert err.value.code == "dossier.forbidden"
