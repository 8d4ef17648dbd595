"""One service per action of the state machine. Each is one transaction that locks the
dossier, checks the commune (``permissions``), lets the machine check role, state and data,
and writes exactly one hash-chained event.

Common keyword arguments: ``note`` (free text kept in the event), ``at`` (the time of the
action, default now; for imports and the demo history) and ``expected_version`` (the
``version`` the caller last saw: a different one raises ``Conflict`` ``dossier.stale``).
Every service returns the updated ``Dossier``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from motcua.accounts.models import Official
from motcua.dossiers import domain as d
from motcua.dossiers.domain import Action, DossierState
from motcua.dossiers.domain.events import to_utc
from motcua.dossiers.models import AttachmentKind, Dossier, DossierAttachment
from motcua.dossiers.planning import plan_from_steps, step_dict
from motcua.dossiers.services.core import (
    DossierRef,
    actor_of,
    check_version,
    lock,
    moment,
    prepare,
    run,
)
from motcua.dossiers.services.routing import handler_for, resolve_agency
from motcua.errors import InvalidInput, MotcuaError
from motcua.workdays.domain import VN_TZ, Limit
from motcua.workdays.selectors import clock_for

Accept = Callable[[DossierState], Mapping[str, Any] | None]


def _act(
    official: Official,
    ref: DossierRef,
    action: Action,
    make: Callable[[Dossier, d.Actor, datetime], d.Command],
    *,
    at: datetime | None,
    expected_version: int | None,
    accept: Callable[[Dossier], Accept | None] | None = None,
) -> Dossier:
    with transaction.atomic():
        dossier = lock(official, ref, action.value)
        check_version(dossier, expected_version)
        when = moment(dossier, at)
        prepared = prepare(dossier)
        command = make(dossier, actor_of(official), when)
        run(official, dossier, command, accept=accept(dossier) if accept else None,
            prepared=prepared)
    return dossier


class _Deferred:
    """A lookup whose error is raised only after the machine accepted the action, so that
    a wrong role or state is reported before a wrong handler name."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self.value: Any = None
        self.error: MotcuaError | None = None
        try:
            self.value = fn()
        except MotcuaError as exc:
            self.error = exc

    @property
    def ref(self) -> str:
        return str(self.value.pk) if self.value is not None else "?"

    def get(self) -> Any:
        if self.error is not None:
            raise self.error
        return self.value


def _handler(ref: Official | int | str, dossier: Dossier, field: str = "handler") -> _Deferred:
    return _Deferred(lambda: handler_for(ref, dossier.commune_code, field))


def _iso(value: datetime | None) -> str | None:
    return to_utc(value).isoformat() if value is not None else None


def step_due(dossier: Dossier, index: int, start: datetime) -> datetime | None:
    """When step ``index`` of the plan should be done if it starts at ``start``: its
    duration from the catalog, in working time of the dossier's province."""
    step = dossier.steps[index]
    value = step.get("duration_value")
    if not value:
        return None
    amount = Decimal(str(value))
    clock = clock_for(dossier.province_code)
    if step.get("duration_unit") == "hours":
        delta = timedelta(minutes=int(amount * 60))
    else:
        per_day = clock.hours.rule_on(start.astimezone(VN_TZ).date()).daily_duration
        delta = timedelta(seconds=int(Decimal(int(per_day.total_seconds())) * amount))
    return clock.add_working_time(start, delta)


def _limit(dossier: Dossier) -> Limit:
    return Limit(dossier.procedure.limit_value, dossier.procedure.limit_unit)


# -- assignment and processing ---------------------------------------------------------


def assign(official: Official, dossier: DossierRef, *, handler: Official | int | str,
           note: str = "", at: datetime | None = None,
           expected_version: int | None = None) -> Dossier:
    """Phân công: give the dossier the catalog's processing plan and its first handler."""
    holder: dict[str, _Deferred] = {}

    def make(row: Dossier, actor: d.Actor, when: datetime) -> d.Command:
        holder["h"] = _handler(handler, row)
        steps = [step_dict(s.name, s.role, s.duration_value, s.duration_unit, s.performer)
                 for s in row.procedure.steps.all()]
        holder["plan"] = plan = plan_from_steps(steps)  # type: ignore[assignment]
        return d.Route(actor=actor, at=when, note=note, handler=holder["h"].ref,
                       steps=tuple(s["name"] for s in plan.steps),
                       signature_required=plan.signature_required)

    def accept(row: Dossier) -> Accept:
        def check(state: DossierState) -> dict[str, Any]:
            holder["h"].get()
            row.steps = list(holder["plan"].steps)  # type: ignore[attr-defined]
            row.step_due_at = None
            return {"handler_name": str(holder["h"].value)}
        return check

    return _act(official, dossier, Action.ROUTE, make, at=at,
                expected_version=expected_version, accept=accept)


def _step_started(row: Dossier) -> Accept:
    def check(state: DossierState) -> dict[str, Any]:
        assert state.step_index is not None
        row.step_due_at = step_due(row, state.step_index, state.updated_at)
        return {"step_due_at": _iso(row.step_due_at)}
    return check


def start(official: Official, dossier: DossierRef, *, note: str = "",
          at: datetime | None = None, expected_version: int | None = None) -> Dossier:
    """Nhận xử lý: the handler starts the first step."""
    return _act(official, dossier, Action.START,
                lambda row, actor, when: d.Start(actor=actor, at=when, note=note),
                at=at, expected_version=expected_version, accept=_step_started)


def forward(official: Official, dossier: DossierRef, *, handler: Official | int | str,
            note: str = "", at: datetime | None = None,
            expected_version: int | None = None) -> Dossier:
    """Chuyển bước: hand the dossier to the next step of the plan and to ``handler``."""
    holder: dict[str, _Deferred] = {}

    def make(row: Dossier, actor: d.Actor, when: datetime) -> d.Command:
        holder["h"] = _handler(handler, row)
        return d.Forward(actor=actor, at=when, note=note, handler=holder["h"].ref)

    def accept(row: Dossier) -> Accept:
        started = _step_started(row)

        def check(state: DossierState) -> Mapping[str, Any] | None:
            holder["h"].get()
            return {**(started(state) or {}), "handler_name": str(holder["h"].value)}
        return check

    return _act(official, dossier, Action.FORWARD, make, at=at,
                expected_version=expected_version, accept=accept)


def reassign(official: Official, dossier: DossierRef, *, handler: Official | int | str,
             note: str = "", at: datetime | None = None,
             expected_version: int | None = None) -> Dossier:
    """Đổi người xử lý."""
    holder: dict[str, _Deferred] = {}

    def make(row: Dossier, actor: d.Actor, when: datetime) -> d.Command:
        holder["h"] = _handler(handler, row)
        return d.Reassign(actor=actor, at=when, note=note, handler=holder["h"].ref)

    def accept(row: Dossier) -> Accept:
        return lambda state: {"handler_name": str(holder["h"].get())}

    return _act(official, dossier, Action.REASSIGN, make, at=at,
                expected_version=expected_version, accept=accept)


# -- supplements -------------------------------------------------------------------------


def request_supplement(official: Official, dossier: DossierRef, *,
                       missing_items: Sequence[str], note: str = "",
                       at: datetime | None = None,
                       expected_version: int | None = None) -> Dossier:
    """Yêu cầu bổ sung, hoàn thiện: the clock stops until the supplement arrives."""
    if isinstance(missing_items, str):
        missing_items = [missing_items]
    return _act(official, dossier, Action.REQUEST_SUPPLEMENT,
                lambda row, actor, when: d.RequestSupplement(
                    actor=actor, at=when, note=note, missing_items=tuple(missing_items)),
                at=at, expected_version=expected_version)


def resumed_due(dossier: Dossier, pauses: Sequence[tuple[datetime, datetime]]) -> datetime:
    """The promise after a supplement wait: the paused working time does not count.

    Without an apology the statutory limit is recomputed with every pause (the calendar's
    own rule); after an apology the new promise is the base and the last wait's working
    time before it is added."""
    clock = clock_for(dossier.province_code)
    if not dossier.apologies:
        new_due = clock.due_with_pauses(dossier.received_at, _limit(dossier), pauses)
    else:
        started, ended = pauses[-1]
        new_due = dossier.due_at
        if started < dossier.due_at:
            new_due = clock.add_working_time(ended, clock.working_time(started, dossier.due_at))
    return max(new_due, dossier.due_at)


def receive_supplement(official: Official, dossier: DossierRef, *, note: str = "",
                       at: datetime | None = None,
                       expected_version: int | None = None) -> Dossier:
    """Nhận hồ sơ bổ sung: the clock restarts and the promise moves by the paused time."""

    def make(row: Dossier, actor: d.Actor, when: datetime) -> d.Command:
        from motcua.dossiers.models import DossierPause

        pauses = [
            (p.started_at, p.ended_at or when)
            for p in DossierPause.objects.filter(dossier=row).order_by("started_at", "id")
        ]
        new_due = resumed_due(row, pauses) if pauses and pauses[-1][0] <= when else None
        return d.ReceiveSupplement(actor=actor, at=when, note=note, new_due_at=new_due)

    return _act(official, dossier, Action.RECEIVE_SUPPLEMENT, make, at=at,
                expected_version=expected_version)


# -- signature and result ----------------------------------------------------------------


def submit_for_signature(official: Official, dossier: DossierRef, *, note: str = "",
                         at: datetime | None = None,
                         expected_version: int | None = None) -> Dossier:
    """Trình ký."""
    return _act(official, dossier, Action.SUBMIT_FOR_SIGNATURE,
                lambda row, actor, when: d.SubmitForSignature(actor=actor, at=when, note=note),
                at=at, expected_version=expected_version)


def _has_electronic_result(row: Dossier) -> bool:
    return DossierAttachment.objects.filter(
        dossier=row, kind=AttachmentKind.RESULT, electronic=True).exists()


def approve(official: Official, dossier: DossierRef, *, electronic_result: bool | None = None,
            note: str = "", at: datetime | None = None,
            expected_version: int | None = None) -> Dossier:
    """Ký duyệt. ``electronic_result`` defaults to whether an electronic result is attached."""
    return _act(official, dossier, Action.APPROVE,
                lambda row, actor, when: d.Approve(
                    actor=actor, at=when, note=note,
                    electronic_result=(_has_electronic_result(row)
                                       if electronic_result is None else electronic_result)),
                at=at, expected_version=expected_version)


def reject(official: Official, dossier: DossierRef, *, reason: str, note: str = "",
           at: datetime | None = None, expected_version: int | None = None) -> Dossier:
    """Trả lại để xử lý lại (the signer sends the draft back)."""
    return _act(official, dossier, Action.REJECT,
                lambda row, actor, when: d.Reject(actor=actor, at=when, note=note, reason=reason),
                at=at, expected_version=expected_version)


def mark_result_ready(official: Official, dossier: DossierRef, *,
                      electronic_result: bool | None = None, note: str = "",
                      at: datetime | None = None,
                      expected_version: int | None = None) -> Dossier:
    """Xác nhận có kết quả, for procedures whose plan has no signature."""
    return _act(official, dossier, Action.MARK_RESULT_READY,
                lambda row, actor, when: d.MarkResultReady(
                    actor=actor, at=when, note=note,
                    electronic_result=(_has_electronic_result(row)
                                       if electronic_result is None else electronic_result)),
                at=at, expected_version=expected_version)


def return_result(official: Official, dossier: DossierRef, *, collected_by: str,
                  channel: str = d.ReturnChannel.COUNTER, note: str = "",
                  at: datetime | None = None, expected_version: int | None = None) -> Dossier:
    """Trả kết quả: records who collected the result and how it was handed back."""
    try:
        return_channel = d.ReturnChannel(channel)
    except ValueError:
        raise InvalidInput(f"Hình thức trả kết quả «{channel}» không hợp lệ.",
                           code="return_channel.invalid",
                           details={"field": "channel",
                                    "allowed": [c.value for c in d.ReturnChannel]}) from None

    def accept(row: Dossier) -> Accept:
        def check(state: DossierState) -> None:
            row.collected_by = " ".join((collected_by or "").split())
            row.return_channel = return_channel.value
        return check

    return _act(official, dossier, Action.RETURN_RESULT,
                lambda row, actor, when: d.ReturnResult(
                    actor=actor, at=when, note=note, collected_by=collected_by,
                    channel=return_channel),
                at=at, expected_version=expected_version, accept=accept)


# -- ending early ------------------------------------------------------------------------


def _reason_kept(text: str) -> Callable[[Dossier], Accept]:
    def accept(row: Dossier) -> Accept:
        def check(state: DossierState) -> None:
            row.outcome_reason = " ".join((text or "").split())
        return check
    return accept


def refuse(official: Official, dossier: DossierRef, *, reason: str, note: str = "",
           at: datetime | None = None, expected_version: int | None = None) -> Dossier:
    """Từ chối giải quyết (Phiếu từ chối, form 3)."""
    return _act(official, dossier, Action.REFUSE,
                lambda row, actor, when: d.Refuse(actor=actor, at=when, note=note, reason=reason),
                at=at, expected_version=expected_version, accept=_reason_kept(reason))


def withdraw(official: Official, dossier: DossierRef, *, requested_by: str = "",
             note: str = "", at: datetime | None = None,
             expected_version: int | None = None) -> Dossier:
    """Rút hồ sơ at the applicant's written request (``requested_by`` defaults to the
    applicant)."""
    holder: dict[str, str] = {}

    def make(row: Dossier, actor: d.Actor, when: datetime) -> d.Command:
        holder["who"] = requested_by or row.applicant_name
        return d.Withdraw(actor=actor, at=when, note=note, requested_by=holder["who"])

    def accept(row: Dossier) -> Accept:
        return _reason_kept(holder["who"])(row)

    return _act(official, dossier, Action.WITHDRAW, make, at=at,
                expected_version=expected_version, accept=accept)


def stop(official: Official, dossier: DossierRef, *, reason: str, note: str = "",
         at: datetime | None = None, expected_version: int | None = None) -> Dossier:
    """Dừng giải quyết (Thông báo dừng, form 5)."""
    return _act(official, dossier, Action.STOP,
                lambda row, actor, when: d.Stop(actor=actor, at=when, note=note, reason=reason),
                at=at, expected_version=expected_version, accept=_reason_kept(reason))


# -- inter-agency transfer ---------------------------------------------------------------


def transfer(official: Official, dossier: DossierRef, *, to_agency: Any, note: str = "",
             at: datetime | None = None, expected_version: int | None = None) -> Dossier:
    """Chuyển liên thông to another agency (given as an Agency, its code or identifier)."""
    holder: dict[str, _Deferred] = {}

    def make(row: Dossier, actor: d.Actor, when: datetime) -> d.Command:
        holder["a"] = target = _Deferred(lambda: resolve_agency(to_agency))
        eid = target.value.electronic_id if target.value is not None else str(to_agency)
        return d.Transfer(actor=actor, at=when, note=note, to_agency=eid)

    def accept(row: Dossier) -> Accept:
        def check(state: DossierState) -> dict[str, Any]:
            agency = holder["a"].get()
            if agency.pk == row.competent_agency_id:
                raise InvalidInput("Không thể chuyển liên thông cho chính cơ quan đang giải "
                                   "quyết.", code="agency.same", details={"field": "to_agency"})
            row.transferred_to = agency
            return {"to_agency_name": agency.name}
        return check

    return _act(official, dossier, Action.TRANSFER, make, at=at,
                expected_version=expected_version, accept=accept)


def receive_back(official: Official, dossier: DossierRef, *,
                 handler: Official | int | str | None = None, note: str = "",
                 at: datetime | None = None, expected_version: int | None = None) -> Dossier:
    """Nhận lại hồ sơ liên thông; ``handler`` None keeps the previous handler."""
    holder: dict[str, _Deferred] = {}

    def make(row: Dossier, actor: d.Actor, when: datetime) -> d.Command:
        ref = None
        if handler is not None:
            holder["h"] = _handler(handler, row)
            ref = holder["h"].ref
        return d.ReceiveBack(actor=actor, at=when, note=note, handler=ref)

    def accept(row: Dossier) -> Accept:
        def check(state: DossierState) -> None:
            if "h" in holder:
                holder["h"].get()
            row.transferred_to = None
        return check

    return _act(official, dossier, Action.RECEIVE_BACK, make, at=at,
                expected_version=expected_version, accept=accept)


# -- apology -----------------------------------------------------------------------------


def notice_in_time(dossier: Dossier, when: datetime) -> bool:
    """Whether an apology at ``when`` is at least one working day before the promise:
    it must be sent on or before the working day that precedes the due date."""
    calendar = clock_for(dossier.province_code).calendar
    due_day = dossier.due_at.astimezone(VN_TZ).date()
    last_day = due_day - timedelta(days=1)
    for _ in range(400):
        if calendar.is_working_day(last_day):
            break
        last_day -= timedelta(days=1)
    return when.astimezone(VN_TZ).date() <= last_day


def apologize(official: Official, dossier: DossierRef, *, reason: str, new_due_at: datetime,
              note: str = "", at: datetime | None = None,
              expected_version: int | None = None) -> Dossier:
    """Văn bản xin lỗi và hẹn lại ngày trả kết quả (form 4): only when sent at least one
    working day before the current promise; ``new_due_at`` must be later than it."""
    if new_due_at.tzinfo is None:
        raise InvalidInput("Ngày hẹn mới phải có múi giờ.", code="invalid_datetime",
                           details={"field": "new_due_at"})
    return _act(official, dossier, Action.APOLOGIZE,
                lambda row, actor, when: d.ApologizeAndReschedule(
                    actor=actor, at=when, note=note, reason=reason, new_due_at=new_due_at,
                    notice_in_time=notice_in_time(row, when)),
                at=at, expected_version=expected_version)
