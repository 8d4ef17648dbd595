"""What an official asks the state machine to do: one immutable command per action.

A command carries who acts (``actor``), when (``at``, timezone-aware), a free ``note`` and the
data its action needs. The machine validates the data; constructing a command never fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import ClassVar

from motcua.accounts.domain import Role

from .states import Channel, ReturnChannel


class Action(StrEnum):
    """Actions on a dossier. The values are stored in events; never rename them."""

    RECEIVE = "receive"  # tiếp nhận
    ROUTE = "route"  # phân công, chuyển xử lý
    START = "start"  # nhận xử lý
    FORWARD = "forward"  # chuyển bước tiếp theo
    REQUEST_SUPPLEMENT = "request_supplement"  # yêu cầu bổ sung, hoàn thiện
    RECEIVE_SUPPLEMENT = "receive_supplement"  # nhận hồ sơ bổ sung
    SUBMIT_FOR_SIGNATURE = "submit_for_signature"  # trình ký
    APPROVE = "approve"  # ký duyệt
    REJECT = "reject"  # trả lại để xử lý lại
    MARK_RESULT_READY = "mark_result_ready"  # có kết quả (không cần ký)
    RETURN_RESULT = "return_result"  # trả kết quả
    REFUSE = "refuse"  # từ chối
    WITHDRAW = "withdraw"  # rút hồ sơ
    STOP = "stop"  # dừng giải quyết
    TRANSFER = "transfer"  # chuyển liên thông
    RECEIVE_BACK = "receive_back"  # nhận lại từ cơ quan liên thông
    APOLOGIZE = "apologize_and_reschedule"  # xin lỗi, hẹn lại ngày trả
    REASSIGN = "reassign"  # đổi người xử lý


ACTION_LABELS: dict[Action, str] = {
    Action.RECEIVE: "Tiếp nhận hồ sơ",
    Action.ROUTE: "Phân công xử lý",
    Action.START: "Nhận xử lý",
    Action.FORWARD: "Chuyển bước tiếp theo",
    Action.REQUEST_SUPPLEMENT: "Yêu cầu bổ sung, hoàn thiện hồ sơ",
    Action.RECEIVE_SUPPLEMENT: "Nhận hồ sơ bổ sung",
    Action.SUBMIT_FOR_SIGNATURE: "Trình ký",
    Action.APPROVE: "Ký duyệt",
    Action.REJECT: "Trả lại để xử lý lại",
    Action.MARK_RESULT_READY: "Xác nhận đã có kết quả",
    Action.RETURN_RESULT: "Trả kết quả",
    Action.REFUSE: "Từ chối giải quyết",
    Action.WITHDRAW: "Rút hồ sơ",
    Action.STOP: "Dừng giải quyết",
    Action.TRANSFER: "Chuyển liên thông",
    Action.RECEIVE_BACK: "Nhận lại hồ sơ liên thông",
    Action.APOLOGIZE: "Xin lỗi và hẹn lại ngày trả kết quả",
    Action.REASSIGN: "Đổi người xử lý",
}


@dataclass(frozen=True, slots=True)
class Actor:
    """The official who acts: an id (stored in events) and the roles held right now."""

    user_id: str
    roles: frozenset[Role]


@dataclass(frozen=True, slots=True, kw_only=True)
class Command:
    action: ClassVar[Action]
    actor: Actor
    at: datetime
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Receive(Command):
    """Open a dossier. ``due_at`` is the promised return time computed by the calendar."""

    action: ClassVar[Action] = Action.RECEIVE
    due_at: datetime
    channel: Channel = Channel.IN_PERSON


@dataclass(frozen=True, slots=True, kw_only=True)
class Route(Command):
    """Give the dossier its processing plan (from the procedure) and its first handler."""

    action: ClassVar[Action] = Action.ROUTE
    steps: tuple[str, ...]
    handler: str
    signature_required: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Start(Command):
    action: ClassVar[Action] = Action.START


@dataclass(frozen=True, slots=True, kw_only=True)
class Forward(Command):
    """Hand the dossier to the next step of the plan and to ``handler``."""

    action: ClassVar[Action] = Action.FORWARD
    handler: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestSupplement(Command):
    action: ClassVar[Action] = Action.REQUEST_SUPPLEMENT
    missing_items: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiveSupplement(Command):
    """The supplement arrived. ``new_due_at`` is the promise pushed back by the paused working
    time, computed by the calendar; None keeps the promise."""

    action: ClassVar[Action] = Action.RECEIVE_SUPPLEMENT
    new_due_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmitForSignature(Command):
    action: ClassVar[Action] = Action.SUBMIT_FOR_SIGNATURE


@dataclass(frozen=True, slots=True, kw_only=True)
class Approve(Command):
    action: ClassVar[Action] = Action.APPROVE
    electronic_result: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Reject(Command):
    action: ClassVar[Action] = Action.REJECT
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkResultReady(Command):
    action: ClassVar[Action] = Action.MARK_RESULT_READY
    electronic_result: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnResult(Command):
    """Hand the result back; ``collected_by`` names who took it (the applicant or a proxy)."""

    action: ClassVar[Action] = Action.RETURN_RESULT
    collected_by: str
    channel: ReturnChannel = ReturnChannel.COUNTER


@dataclass(frozen=True, slots=True, kw_only=True)
class Refuse(Command):
    action: ClassVar[Action] = Action.REFUSE
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Withdraw(Command):
    """The applicant withdraws; ``requested_by`` names who asked (in writing)."""

    action: ClassVar[Action] = Action.WITHDRAW
    requested_by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Stop(Command):
    """Thông báo dừng giải quyết hồ sơ (form 5 of Circular 03/2025)."""

    action: ClassVar[Action] = Action.STOP
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Transfer(Command):
    """Send the dossier to another agency (liên thông); ``to_agency`` is its identifier."""

    action: ClassVar[Action] = Action.TRANSFER
    to_agency: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiveBack(Command):
    """The other agency sent the dossier back; ``handler`` None keeps the previous handler."""

    action: ClassVar[Action] = Action.RECEIVE_BACK
    handler: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ApologizeAndReschedule(Command):
    """Apology slip with a new promised date.

    ``notice_in_time`` says whether ``at`` is at least one working day before the current due
    date; the caller computes it with the working-day calendar so this module stays
    calendar-free.
    """

    action: ClassVar[Action] = Action.APOLOGIZE
    reason: str
    new_due_at: datetime
    notice_in_time: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Reassign(Command):
    action: ClassVar[Action] = Action.REASSIGN
    handler: str


COMMAND_TYPES: dict[Action, type[Command]] = {
    cls.action: cls
    for cls in (
        Receive,
        Route,
        Start,
        Forward,
        RequestSupplement,
        ReceiveSupplement,
        SubmitForSignature,
        Approve,
        Reject,
        MarkResultReady,
        ReturnResult,
        Refuse,
        Withdraw,
        Stop,
        Transfer,
        ReceiveBack,
        ApologizeAndReschedule,
        Reassign,
    )
}
