"""What each action does to a dossier's state, and the data it checks.

Each function takes the state, the command and the (UTC) time of the action, and returns
the new state and the event payload; ``machine.apply`` has already checked the state, the
roles and the time. They raise ``TransitionError`` with code ``dossier.invalid_data``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

from motcua.text import nfc

from . import commands as cmd
from .commands import Action, Command
from .errors import TransitionError
from .events import to_utc
from .states import Apology, DossierState, Pause, Status

Payload = dict[str, Any]
Outcome = tuple[DossierState, Payload]
Effect = Callable[[DossierState, Command, datetime], Outcome]
C = TypeVar("C", bound=Command)


def fail(
    message: str, code: str, command: Command, state: Status | None, field: str | None = None
) -> TransitionError:
    return TransitionError(message, code=code, action=command.action, from_state=state, field=field)


def moment(command: Command, state: DossierState | None, value: datetime, field: str) -> datetime:
    try:
        return to_utc(value)
    except ValueError:
        raise fail(
            "Thời điểm phải có múi giờ.",
            "dossier.invalid_data",
            command,
            state.status if state else None,
            field,
        ) from None


def text(command: Command, state: DossierState, value: str | None, field: str, what: str) -> str:
    cleaned = nfc(value)
    if not cleaned:
        raise fail(f"Chưa nhập {what}.", "dossier.invalid_data", command, state.status, field)
    return cleaned


def _as(command: Command, kind: type[C]) -> C:
    assert isinstance(command, kind)
    return command


def _close_pause(state: DossierState, at: datetime) -> DossierState:
    pause = state.open_pause
    if pause is None:
        return state
    pauses = state.pauses[:-1] + (replace(pause, ended_at=at),)
    return replace(state, pauses=pauses, resume_status=None, missing_items=())


def _route(state: DossierState, command: Command, at: datetime) -> Outcome:
    c = _as(command, cmd.Route)
    steps = tuple(nfc(s) for s in c.steps)
    if not steps or not all(steps):
        raise fail(
            "Quy trình xử lý phải có ít nhất một bước, mỗi bước có tên.",
            "dossier.invalid_data",
            c,
            state.status,
            "steps",
        )
    handler = text(c, state, c.handler, "handler", "người xử lý")
    new = replace(
        state,
        steps=steps,
        handler=handler,
        step_index=None,
        signature_required=c.signature_required,
    )
    payload = {"steps": steps, "handler": handler, "signature_required": c.signature_required}
    return new, payload


def _start(state: DossierState, command: Command, at: datetime) -> Outcome:
    new = replace(state, status=Status.IN_PROCESSING, step_index=0)
    return new, {"step_index": 0, "step": state.steps[0], "handler": state.handler}


def _forward(state: DossierState, command: Command, at: datetime) -> Outcome:
    c = _as(command, cmd.Forward)
    handler = text(c, state, c.handler, "handler", "người xử lý bước tiếp theo")
    assert state.step_index is not None
    index = state.step_index + 1
    new = replace(state, step_index=index, handler=handler)
    return new, {
        "step_index": index,
        "step": state.steps[index],
        "previous_handler": state.handler,
        "handler": handler,
    }


def _request_supplement(state: DossierState, command: Command, at: datetime) -> Outcome:
    c = _as(command, cmd.RequestSupplement)
    items = tuple(nfc(i) for i in c.missing_items)
    if not items or not all(items):
        raise fail(
            "Phiếu yêu cầu bổ sung phải liệt kê ít nhất một giấy tờ cần bổ sung.",
            "dossier.invalid_data",
            c,
            state.status,
            "missing_items",
        )
    rounds = state.supplement_rounds + 1
    new = replace(
        state,
        status=Status.WAITING_SUPPLEMENT,
        resume_status=state.status,
        missing_items=items,
        supplement_rounds=rounds,
        pauses=state.pauses + (Pause(started_at=at),),
    )
    return new, {"missing_items": items, "round": rounds}


def _receive_supplement(state: DossierState, command: Command, at: datetime) -> Outcome:
    c = _as(command, cmd.ReceiveSupplement)
    due = state.due_at
    if c.new_due_at is not None:
        due = moment(c, state, c.new_due_at, "new_due_at")
        if due < state.due_at:
            raise fail(
                "Ngày hẹn trả mới không được sớm hơn ngày hẹn đã hẹn.",
                "dossier.invalid_data",
                c,
                state.status,
                "new_due_at",
            )
    resume = state.resume_status
    assert resume is not None
    pause = state.open_pause
    assert pause is not None
    new = replace(_close_pause(state, at), status=resume, due_at=due)
    return new, {
        "paused_from": pause.started_at,
        "paused_until": at,
        "previous_due_at": state.due_at,
        "due_at": due,
    }


def _submit_for_signature(state: DossierState, command: Command, at: datetime) -> Outcome:
    return replace(state, status=Status.WAITING_SIGNATURE), {"step": state.current_step}


def _approve(state: DossierState, command: Command, at: datetime) -> Outcome:
    c = _as(command, cmd.Approve)
    new = replace(
        state,
        status=Status.RESULT_READY,
        signed=True,
        settled_at=at,
        electronic_result=c.electronic_result,
    )
    return new, {"electronic_result": c.electronic_result}


def _reason(state: DossierState, command: Command, what: str = "lý do") -> str:
    value = getattr(command, "reason", None)
    return text(command, state, value, "reason", what)


def _reject(state: DossierState, command: Command, at: datetime) -> Outcome:
    reason = _reason(state, command, "lý do trả lại")
    return replace(state, status=Status.IN_PROCESSING), {"reason": reason}


def _mark_result_ready(state: DossierState, command: Command, at: datetime) -> Outcome:
    c = _as(command, cmd.MarkResultReady)
    new = replace(
        state, status=Status.RESULT_READY, settled_at=at, electronic_result=c.electronic_result
    )
    return new, {"electronic_result": c.electronic_result}


def _return_result(state: DossierState, command: Command, at: datetime) -> Outcome:
    c = _as(command, cmd.ReturnResult)
    who = text(c, state, c.collected_by, "collected_by", "người nhận kết quả")
    new = replace(state, status=Status.RETURNED, returned_at=at)
    return new, {"collected_by": who, "channel": c.channel}


def _end(target: Status) -> Effect:
    def end(state: DossierState, command: Command, at: datetime) -> Outcome:
        if isinstance(command, cmd.Withdraw):
            payload: Payload = {
                "requested_by": text(
                    command, state, command.requested_by, "requested_by", "người đề nghị rút"
                )
            }
        else:
            payload = {"reason": _reason(state, command)}
        closed = _close_pause(state, at)
        new = replace(closed, status=target, settled_at=at, transferred_to=None)
        return new, payload

    return end


def _transfer(state: DossierState, command: Command, at: datetime) -> Outcome:
    c = _as(command, cmd.Transfer)
    agency = text(c, state, c.to_agency, "to_agency", "cơ quan nhận liên thông")
    new = replace(
        state,
        status=Status.TRANSFERRED,
        transferred_to=agency,
        transfer_count=state.transfer_count + 1,
    )
    return new, {"to_agency": agency}


def _receive_back(state: DossierState, command: Command, at: datetime) -> Outcome:
    c = _as(command, cmd.ReceiveBack)
    handler = state.handler
    if c.handler is not None:
        handler = text(c, state, c.handler, "handler", "người xử lý")
    new = replace(state, status=Status.IN_PROCESSING, transferred_to=None, handler=handler)
    return new, {"from_agency": state.transferred_to, "handler": handler}


def _apologize(state: DossierState, command: Command, at: datetime) -> Outcome:
    c = _as(command, cmd.ApologizeAndReschedule)
    reason = _reason(state, c, "lý do chậm trễ")
    new_due = moment(c, state, c.new_due_at, "new_due_at")
    if new_due <= state.due_at:
        raise fail(
            "Ngày hẹn mới phải sau ngày hẹn trả hiện tại.",
            "dossier.invalid_data",
            c,
            state.status,
            "new_due_at",
        )
    if at >= state.due_at or not c.notice_in_time:
        raise fail(
            "Văn bản xin lỗi và hẹn lại phải được gửi chậm nhất 01 ngày làm việc "
            "trước ngày hẹn trả kết quả.",
            "dossier.invalid_data",
            c,
            state.status,
            "at",
        )
    apology = Apology(at=at, reason=reason, previous_due_at=state.due_at, new_due_at=new_due)
    new = replace(state, due_at=new_due, apologies=state.apologies + (apology,))
    return new, {"reason": reason, "previous_due_at": state.due_at, "due_at": new_due}


def _reassign(state: DossierState, command: Command, at: datetime) -> Outcome:
    c = _as(command, cmd.Reassign)
    handler = text(c, state, c.handler, "handler", "người xử lý mới")
    if handler == state.handler:
        raise fail(
            "Người xử lý mới trùng với người đang xử lý.",
            "dossier.invalid_data",
            c,
            state.status,
            "handler",
        )
    new = replace(state, handler=handler)
    return new, {"previous_handler": state.handler, "handler": handler}


EFFECTS: dict[Action, Effect] = {
    Action.ROUTE: _route,
    Action.START: _start,
    Action.FORWARD: _forward,
    Action.REQUEST_SUPPLEMENT: _request_supplement,
    Action.RECEIVE_SUPPLEMENT: _receive_supplement,
    Action.SUBMIT_FOR_SIGNATURE: _submit_for_signature,
    Action.APPROVE: _approve,
    Action.REJECT: _reject,
    Action.MARK_RESULT_READY: _mark_result_ready,
    Action.RETURN_RESULT: _return_result,
    Action.REFUSE: _end(Status.REFUSED),
    Action.WITHDRAW: _end(Status.WITHDRAWN),
    Action.STOP: _end(Status.STOPPED),
    Action.TRANSFER: _transfer,
    Action.RECEIVE_BACK: _receive_back,
    Action.APOLOGIZE: _apologize,
    Action.REASSIGN: _reassign,
}
