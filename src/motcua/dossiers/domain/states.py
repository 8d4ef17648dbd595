"""States of a dossier (hồ sơ một cửa) and the value object that carries one.

Pure Python: the ORM layer maps these values to columns; nothing here knows about storage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Status(StrEnum):
    """Where a dossier is. The values are stored; never rename them."""

    RECEIVED = "received"  # đã tiếp nhận
    IN_PROCESSING = "in_processing"  # đang xử lý
    WAITING_SUPPLEMENT = "waiting_supplement"  # chờ bổ sung, hoàn thiện (đồng hồ dừng)
    WAITING_SIGNATURE = "waiting_signature"  # chờ ký duyệt
    RESULT_READY = "result_ready"  # đã có kết quả, chờ trả
    RETURNED = "returned"  # đã trả kết quả
    REFUSED = "refused"  # từ chối
    WITHDRAWN = "withdrawn"  # rút hồ sơ
    STOPPED = "stopped"  # dừng giải quyết
    TRANSFERRED = "transferred"  # chuyển liên thông sang cơ quan khác


STATUS_LABELS: dict[Status, str] = {
    Status.RECEIVED: "Đã tiếp nhận",
    Status.IN_PROCESSING: "Đang xử lý",
    Status.WAITING_SUPPLEMENT: "Chờ bổ sung, hoàn thiện hồ sơ",
    Status.WAITING_SIGNATURE: "Chờ ký duyệt",
    Status.RESULT_READY: "Đã có kết quả, chờ trả",
    Status.RETURNED: "Đã trả kết quả",
    Status.REFUSED: "Từ chối giải quyết",
    Status.WITHDRAWN: "Đã rút hồ sơ",
    Status.STOPPED: "Dừng giải quyết",
    Status.TRANSFERRED: "Đã chuyển liên thông",
}

# No action leaves these (REFERENCE §2: refused, stopped, returned, withdrawn end processing).
TERMINAL: frozenset[Status] = frozenset(
    {Status.RETURNED, Status.REFUSED, Status.WITHDRAWN, Status.STOPPED}
)

# Processing has ended ("settled" in the service index, REFERENCE §4): the on-time verdict is
# taken at the moment a dossier first enters one of these. RESULT_READY is settled but not
# terminal, because the result still has to be handed back.
SETTLED: frozenset[Status] = TERMINAL | {Status.RESULT_READY}

# The processing clock runs in these; it is paused in WAITING_SUPPLEMENT (REFERENCE §3).
CLOCK_RUNNING: frozenset[Status] = frozenset(
    {Status.RECEIVED, Status.IN_PROCESSING, Status.WAITING_SIGNATURE, Status.TRANSFERRED}
)


class Channel(StrEnum):
    """How the dossier was submitted (service index, REFERENCE §4: 1 in person, 2 online, 3 post)."""

    IN_PERSON = "in_person"
    ONLINE = "online"
    POST = "post"


class ReturnChannel(StrEnum):
    """How the result reached the applicant."""

    COUNTER = "counter"  # tại bộ phận một cửa
    POST = "post"  # qua dịch vụ bưu chính công ích
    ONLINE = "online"  # kết quả điện tử


@dataclass(frozen=True, slots=True)
class Pause:
    """One wait for a supplement. ``ended_at`` is None while the dossier still waits."""

    started_at: datetime
    ended_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True, slots=True)
class Apology:
    """One apology slip (Văn bản xin lỗi và hẹn lại ngày trả kết quả)."""

    at: datetime
    reason: str
    previous_due_at: datetime
    new_due_at: datetime


@dataclass(frozen=True, slots=True)
class DossierState:
    """Everything the state machine needs to decide the next step, and nothing more.

    ``steps`` is the processing plan copied from the procedure when the dossier is routed;
    ``step_index`` points into it while the dossier is processed. ``handler`` is the id of the
    official who holds the dossier now. ``resume_status`` is where a supplement wait returns.
    """

    status: Status
    received_at: datetime
    due_at: datetime
    initial_due_at: datetime
    updated_at: datetime
    channel: Channel = Channel.IN_PERSON
    steps: tuple[str, ...] = ()
    step_index: int | None = None
    handler: str | None = None
    signature_required: bool = True
    signed: bool = False
    supplement_rounds: int = 0
    pauses: tuple[Pause, ...] = ()
    resume_status: Status | None = None
    missing_items: tuple[str, ...] = ()
    apologies: tuple[Apology, ...] = ()
    transferred_to: str | None = None
    transfer_count: int = 0
    settled_at: datetime | None = None
    returned_at: datetime | None = None
    electronic_result: bool | None = None

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL

    @property
    def is_settled(self) -> bool:
        return self.status in SETTLED

    @property
    def open_pause(self) -> Pause | None:
        if self.pauses and self.pauses[-1].is_open:
            return self.pauses[-1]
        return None

    @property
    def current_step(self) -> str | None:
        if self.step_index is None or not self.steps:
            return None
        return self.steps[self.step_index]

    @property
    def is_last_step(self) -> bool:
        return self.step_index is not None and self.step_index == len(self.steps) - 1

    @property
    def late_by_supplements(self) -> bool:
        """More than one supplement request counts as late in the service index (REFERENCE §2, §4)."""
        return self.supplement_rounds > 1


def invariant_violations(state: DossierState) -> list[str]:
    """What is inconsistent in ``state`` (empty when it is sound).

    Services can run this on a state rebuilt from the database; the tests run it after
    every step of random action sequences.
    """
    problems: list[str] = []
    s = state.status
    if s not in Status:
        problems.append(f"unknown status {s!r}")
    if state.due_at < state.received_at:
        problems.append("due_at before received_at")
    if state.updated_at < state.received_at:
        problems.append("updated_at before received_at")
    if state.step_index is not None and not (0 <= state.step_index < len(state.steps)):
        problems.append("step_index outside the plan")
    if s in {Status.IN_PROCESSING, Status.WAITING_SIGNATURE, Status.TRANSFERRED}:
        if state.step_index is None or not state.handler:
            problems.append(f"{s} without a step or a handler")
    if s is Status.WAITING_SUPPLEMENT:
        if state.open_pause is None:
            problems.append("waiting_supplement without an open pause")
        if state.resume_status not in {Status.RECEIVED, Status.IN_PROCESSING}:
            problems.append("waiting_supplement without a status to resume")
        if not state.missing_items:
            problems.append("waiting_supplement without missing items")
    else:
        if state.open_pause is not None:
            problems.append(f"open pause while {s}")
        if state.resume_status is not None:
            problems.append(f"resume_status set while {s}")
    if sum(1 for p in state.pauses if p.is_open) > 1:
        problems.append("more than one open pause")
    previous_end: datetime | None = None
    for pause in state.pauses:
        if previous_end is not None and pause.started_at < previous_end:
            problems.append("pauses overlap")
        if pause.ended_at is not None and pause.ended_at < pause.started_at:
            problems.append("pause ends before it starts")
        previous_end = pause.ended_at if pause.ended_at is not None else pause.started_at
    if len(state.pauses) != state.supplement_rounds:
        problems.append("supplement_rounds does not match pauses")
    if (s is Status.TRANSFERRED) != (state.transferred_to is not None):
        problems.append("transferred_to does not match status")
    if (s in SETTLED) != (state.settled_at is not None):
        problems.append("settled_at does not match status")
    if (s is Status.RETURNED) != (state.returned_at is not None):
        problems.append("returned_at does not match status")
    if state.due_at < state.initial_due_at:
        problems.append("due_at moved earlier than the first promise")
    return problems
