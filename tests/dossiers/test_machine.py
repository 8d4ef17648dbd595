"""The dossier state machine, by example: the paths officials walk every day and the guards
that stop the wrong ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from motcua.accounts.domain import Role
from motcua.dossiers.domain import (
    SETTLED,
    TERMINAL,
    TRANSITIONS,
    Action,
    Actor,
    ApologizeAndReschedule,
    Approve,
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
    invariant_violations,
    receive,
)
from motcua.errors import MotcuaError

T0 = datetime(2026, 2, 13, 1, 30, tzinfo=UTC)  # 08:30 in Hà Nội time
H = timedelta(hours=1)

CLERK = Actor("clerk", frozenset({Role.CLERK}))
SPEC = Actor("spec", frozenset({Role.SPECIALIST}))
SPEC2 = Actor("spec2", frozenset({Role.SPECIALIST}))
HEAD = Actor("head", frozenset({Role.DIVISION_HEAD}))
LEADER = Actor("leader", frozenset({Role.LEADER}))
DIRECTOR = Actor("director", frozenset({Role.CENTER_DIRECTOR}))
OVERSEER = Actor("overseer", frozenset({Role.PROVINCE_OVERSEER}))
ADMIN = Actor("admin", frozenset({Role.ADMIN}))


def received(due_days: int = 5) -> DossierState:
    state, _ = receive(Receive(actor=CLERK, at=T0, due_at=T0 + timedelta(days=due_days)))
    return state


def processing(steps: tuple[str, ...] = ("Thẩm định", "Trình ký"), **route: bool) -> DossierState:
    state, _ = apply(
        received(), Route(actor=CLERK, at=T0 + H, steps=steps, handler="spec", **route)
    )
    state, _ = apply(state, Start(actor=SPEC, at=T0 + 2 * H))
    return state


def test_receive_opens_a_dossier_with_one_event_without_origin():
    state, event = receive(
        Receive(actor=CLERK, at=T0, due_at=T0 + 5 * 24 * H, note=" Nộp  trực tiếp ")
    )
    assert state.status is Status.RECEIVED
    assert state.due_at == state.initial_due_at == T0 + 5 * 24 * H
    assert event.action is Action.RECEIVE
    assert event.from_state is None and event.to_state is Status.RECEIVED
    assert event.note == "Nộp trực tiếp"
    assert event.payload["as_role"] == "clerk"


def test_only_the_counter_receives_and_due_date_cannot_precede_reception():
    with pytest.raises(TransitionError) as err:
        receive(Receive(actor=SPEC, at=T0, due_at=T0 + H))
    assert err.value.code == "dossier.forbidden" and err.value.status == 403
    with pytest.raises(TransitionError) as err:
        receive(Receive(actor=CLERK, at=T0, due_at=T0 - H))
    assert err.value.code == "dossier.invalid_data"
    with pytest.raises(TransitionError):
        receive(Receive(actor=CLERK, at=datetime(2026, 2, 13, 8), due_at=T0))  # naive


def test_happy_path_to_returned_records_one_event_per_step():
    state = received()
    events = []
    steps = [
        Route(actor=CLERK, at=T0 + H, steps=("Thẩm định", "Dự thảo kết quả"), handler="spec"),
        Start(actor=SPEC, at=T0 + 2 * H),
        Forward(actor=SPEC, at=T0 + 3 * H, handler="spec2"),
        SubmitForSignature(actor=SPEC2, at=T0 + 4 * H),
        Approve(actor=LEADER, at=T0 + 5 * H, electronic_result=True),
        ReturnResult(actor=CLERK, at=T0 + 6 * H, collected_by="Lò Thị Mai"),
    ]
    for command in steps:
        before = state.status
        state, event = apply(state, command)
        assert event.from_state is before and event.to_state is state.status
        assert invariant_violations(state) == []
        events.append(event)
    assert [e.action for e in events] == [c.action for c in steps]
    assert state.status is Status.RETURNED and state.is_terminal
    assert state.settled_at == T0 + 5 * H and state.returned_at == T0 + 6 * H
    assert state.signed and state.electronic_result
    assert events[2].payload["previous_handler"] == "spec"
    assert events[2].payload["step"] == "Dự thảo kết quả"
    assert events[-1].payload["collected_by"] == "Lò Thị Mai"


def test_forward_stops_at_the_last_step():
    state = processing(steps=("Thẩm định",))
    assert Action.FORWARD not in allowed_actions(state, {Role.SPECIALIST}, "spec")
    with pytest.raises(TransitionError) as err:
        apply(state, Forward(actor=SPEC, at=T0 + 3 * H, handler="spec2"))
    assert err.value.code == "dossier.invalid_state"
    assert "bước cuối" in err.value.message


def test_specialist_acts_only_on_own_dossiers_division_head_on_any():
    state = processing()
    with pytest.raises(TransitionError) as err:
        apply(state, SubmitForSignature(actor=SPEC2, at=T0 + 3 * H))
    assert err.value.code == "dossier.not_handler"
    assert Action.SUBMIT_FOR_SIGNATURE not in allowed_actions(state, SPEC2.roles, "spec2")
    assert Action.SUBMIT_FOR_SIGNATURE in allowed_actions(state, SPEC.roles, "spec")
    new, event = apply(state, SubmitForSignature(actor=HEAD, at=T0 + 3 * H))
    assert new.status is Status.WAITING_SIGNATURE
    assert event.payload["as_role"] == "division_head"


def test_leader_rejects_back_to_processing_with_a_reason():
    state, _ = apply(processing(), SubmitForSignature(actor=SPEC, at=T0 + 3 * H))
    with pytest.raises(TransitionError) as err:
        apply(state, Reject(actor=LEADER, at=T0 + 4 * H, reason="   "))
    assert err.value.code == "dossier.invalid_data" and err.value.field == "reason"
    assert err.value.status == 400
    with pytest.raises(TransitionError) as err:
        apply(state, Approve(actor=SPEC, at=T0 + 4 * H))
    assert err.value.code == "dossier.forbidden"
    state, event = apply(state, Reject(actor=LEADER, at=T0 + 4 * H, reason="Sai họ tên"))
    assert state.status is Status.IN_PROCESSING and state.handler == "spec"
    assert event.payload["reason"] == "Sai họ tên"


def test_result_without_signature_only_when_the_plan_says_so():
    signed = processing()
    with pytest.raises(TransitionError) as err:
        apply(signed, MarkResultReady(actor=SPEC, at=T0 + 3 * H))
    assert err.value.code == "dossier.invalid_state"
    unsigned = processing(signature_required=False)
    state, _ = apply(unsigned, MarkResultReady(actor=SPEC, at=T0 + 3 * H))
    assert state.status is Status.RESULT_READY and state.is_settled and not state.is_terminal
    assert allowed_actions(state, set(Role)) == {Action.RETURN_RESULT}


def test_return_needs_who_collected_it():
    state, _ = apply(
        processing(signature_required=False), MarkResultReady(actor=SPEC, at=T0 + 3 * H)
    )
    with pytest.raises(TransitionError) as err:
        apply(state, ReturnResult(actor=CLERK, at=T0 + 4 * H, collected_by=" "))
    assert err.value.field == "collected_by"
    assert "người nhận kết quả" in err.value.message


def test_supplement_pauses_the_clock_and_resumes_where_it_was():
    state = processing()
    with pytest.raises(TransitionError) as err:
        apply(state, RequestSupplement(actor=SPEC, at=T0 + 3 * H, missing_items=()))
    assert err.value.field == "missing_items"
    state, event = apply(
        state,
        RequestSupplement(actor=SPEC, at=T0 + 3 * H, missing_items=("Bản sao giấy khai sinh",)),
    )
    assert state.status is Status.WAITING_SUPPLEMENT
    assert state.open_pause is not None and state.open_pause.started_at == T0 + 3 * H
    assert event.payload == {
        "missing_items": ("Bản sao giấy khai sinh",),
        "round": 1,
        "as_role": "specialist",
    }
    new_due = state.due_at + 24 * H
    state, event = apply(state, ReceiveSupplement(actor=CLERK, at=T0 + 27 * H, new_due_at=new_due))
    assert state.status is Status.IN_PROCESSING and state.step_index == 0
    assert state.open_pause is None
    assert state.pauses[0].started_at == T0 + 3 * H and state.pauses[0].ended_at == T0 + 27 * H
    assert state.due_at == new_due and state.supplement_rounds == 1
    assert not state.late_by_supplements
    # A second round is allowed but makes the dossier late in the service index.
    state, _ = apply(state, RequestSupplement(actor=SPEC, at=T0 + 28 * H, missing_items=("Ảnh",)))
    state, _ = apply(state, ReceiveSupplement(actor=SPEC, at=T0 + 29 * H))
    assert state.supplement_rounds == 2 and state.late_by_supplements
    assert invariant_violations(state) == []


def test_supplement_cannot_bring_the_due_date_forward():
    state, _ = apply(received(), RequestSupplement(actor=CLERK, at=T0 + H, missing_items=("Đơn",)))
    with pytest.raises(TransitionError) as err:
        apply(state, ReceiveSupplement(actor=CLERK, at=T0 + 2 * H, new_due_at=state.due_at - H))
    assert err.value.field == "new_due_at"
    state, _ = apply(state, ReceiveSupplement(actor=CLERK, at=T0 + 2 * H))
    assert state.status is Status.RECEIVED


@pytest.mark.parametrize(
    ("command", "target"),
    [
        (Withdraw(actor=CLERK, at=T0 + 5 * H, requested_by="Nguyễn Văn An"), Status.WITHDRAWN),
        (Stop(actor=HEAD, at=T0 + 5 * H, reason="Quá hạn bổ sung"), Status.STOPPED),
    ],
)
def test_leaving_a_supplement_wait_closes_the_pause(command, target):
    state, _ = apply(
        processing(), RequestSupplement(actor=SPEC, at=T0 + 3 * H, missing_items=("Đơn",))
    )
    state, _ = apply(state, command)
    assert state.status is target and state.is_terminal
    assert state.pauses[-1].ended_at == T0 + 5 * H
    assert state.settled_at == T0 + 5 * H
    assert invariant_violations(state) == []


@pytest.mark.parametrize("terminal", sorted(TERMINAL))
def test_terminal_states_accept_nothing(terminal):
    state = DossierState(
        status=terminal,
        received_at=T0,
        due_at=T0 + 24 * H,
        initial_due_at=T0 + 24 * H,
        updated_at=T0,
        settled_at=T0,
        returned_at=T0 if terminal is Status.RETURNED else None,
    )
    assert allowed_actions(state, set(Role)) == set()
    with pytest.raises(TransitionError) as err:
        apply(state, Refuse(actor=LEADER, at=T0 + H, reason="x"))
    assert err.value.code == "dossier.terminal" and err.value.status == 409


def test_refuse_needs_a_reason_and_the_right_role_for_the_state():
    state = received()
    with pytest.raises(TransitionError) as err:
        apply(state, Refuse(actor=CLERK, at=T0 + H, reason=""))
    assert err.value.code == "dossier.invalid_data"
    with pytest.raises(TransitionError) as err:
        apply(state, Refuse(actor=LEADER, at=T0 + H, reason="Không thuộc thẩm quyền"))
    assert err.value.code == "dossier.forbidden"
    state, event = apply(state, Refuse(actor=CLERK, at=T0 + H, reason="Không thuộc thẩm quyền"))
    assert state.status is Status.REFUSED and event.payload["reason"] == "Không thuộc thẩm quyền"


def test_transfer_and_receive_back():
    state = processing()
    with pytest.raises(TransitionError):
        apply(state, Transfer(actor=SPEC, at=T0 + 3 * H, to_agency=" "))
    state, event = apply(state, Transfer(actor=SPEC, at=T0 + 3 * H, to_agency="000.00.12.H26"))
    assert state.status is Status.TRANSFERRED and state.transferred_to == "000.00.12.H26"
    assert allowed_actions(state, {Role.CLERK}) == {Action.RECEIVE_BACK}
    state, event = apply(state, ReceiveBack(actor=CLERK, at=T0 + 30 * H, handler="spec2"))
    assert state.status is Status.IN_PROCESSING and state.handler == "spec2"
    assert state.transferred_to is None and state.transfer_count == 1
    assert event.payload["from_agency"] == "000.00.12.H26"


def test_apology_moves_the_due_date_only_in_time_and_only_later():
    state = processing()
    due = state.due_at
    later = due + 48 * H
    base = {"actor": HEAD, "reason": "Chờ xác minh", "new_due_at": later, "notice_in_time": True}
    with pytest.raises(TransitionError) as err:
        apply(state, ApologizeAndReschedule(at=T0 + 3 * H, **{**base, "notice_in_time": False}))
    assert "01 ngày làm việc" in err.value.message
    with pytest.raises(TransitionError):
        apply(state, ApologizeAndReschedule(at=due + H, **base))  # already late
    with pytest.raises(TransitionError):
        apply(state, ApologizeAndReschedule(at=T0 + 3 * H, **{**base, "new_due_at": due}))
    with pytest.raises(TransitionError):
        apply(state, ApologizeAndReschedule(at=T0 + 3 * H, **{**base, "reason": ""}))
    with pytest.raises(TransitionError) as err:
        apply(state, ApologizeAndReschedule(at=T0 + 3 * H, **{**base, "actor": SPEC}))
    assert err.value.code == "dossier.forbidden"
    state, event = apply(state, ApologizeAndReschedule(at=T0 + 3 * H, **base))
    assert state.status is Status.IN_PROCESSING
    assert state.due_at == later and state.initial_due_at == due
    assert (
        state.apologies[-1].previous_due_at == due and state.apologies[-1].reason == "Chờ xác minh"
    )
    assert event.from_state is event.to_state is Status.IN_PROCESSING
    assert event.payload["due_at"] == later.isoformat()


def test_reassign_changes_the_handler_and_admin_may_do_only_that():
    state = processing()
    assert allowed_actions(state, {Role.ADMIN}) == {Action.REASSIGN}
    with pytest.raises(TransitionError):
        apply(state, Reassign(actor=ADMIN, at=T0 + 3 * H, handler="spec"))  # same person
    state, event = apply(state, Reassign(actor=ADMIN, at=T0 + 3 * H, handler="spec2"))
    assert state.handler == "spec2" and event.payload["previous_handler"] == "spec"
    with pytest.raises(TransitionError) as err:
        apply(state, Forward(actor=SPEC, at=T0 + 4 * H, handler="spec"))
    assert err.value.code == "dossier.not_handler"


def test_overseer_can_do_nothing_anywhere():
    for state in (received(), processing()):
        assert allowed_actions(state, OVERSEER.roles) == set()
        for command in (
            Refuse(actor=OVERSEER, at=T0 + 3 * H, reason="x"),
            Reassign(actor=OVERSEER, at=T0 + 3 * H, handler="x"),
            Withdraw(actor=OVERSEER, at=T0 + 3 * H, requested_by="x"),
        ):
            with pytest.raises(TransitionError) as err:
                apply(state, command)
            assert err.value.code in {"dossier.forbidden", "dossier.invalid_state"}


def test_wrong_state_message_is_vietnamese_and_error_is_a_motcua_error():
    with pytest.raises(MotcuaError) as err:
        apply(received(), Approve(actor=LEADER, at=T0 + H))
    assert isinstance(err.value, TransitionError)
    assert err.value.code == "dossier.invalid_state"
    assert "ký duyệt" in err.value.message and "đã tiếp nhận" in err.value.message
    assert err.value.as_dict()["details"] == {"action": "approve", "state": "received"}


def test_time_never_runs_backwards():
    state = processing()
    with pytest.raises(TransitionError) as err:
        apply(state, SubmitForSignature(actor=SPEC, at=state.updated_at - timedelta(seconds=1)))
    assert err.value.field == "at"


def test_kiem_nhiem_official_uses_whichever_role_allows():
    both = Actor("spec", frozenset({Role.CLERK, Role.SPECIALIST}))
    state, _ = apply(received(), Route(actor=both, at=T0 + H, steps=("Thẩm định",), handler="spec"))
    state, event = apply(state, Start(actor=both, at=T0 + 2 * H))
    assert event.payload["as_role"] == "specialist"


def test_every_table_entry_is_reachable_in_state_space_and_settled_set():
    sources = {t.source for t in TRANSITIONS}
    assert not (sources & TERMINAL)
    assert SETTLED - TERMINAL == {Status.RESULT_READY}
    assert {t.action for t in TRANSITIONS} == set(Action) - {Action.RECEIVE}
    assert all(Role.PROVINCE_OVERSEER not in t.roles for t in TRANSITIONS)
