"""Reads of dossiers shared by the counter and worklist screens, the API and the reports.

Everything an official reads goes through ``visible_dossiers``: a dossier out of their
scope does not exist for them (``NotFound``), so its existence does not leak.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.accounts.domain import Role
from motcua.accounts.models import Official
from motcua.dossiers.domain import STATUS_LABELS, Status, allowed_actions
from motcua.dossiers.labels import ADD_NOTE, ATTACH, event_label
from motcua.dossiers.models import (
    Dossier,
    DossierAttachment,
    DossierDocument,
    DossierEvent,
    DossierPause,
)
from motcua.dossiers.permissions import (
    WORKING_ROLES,
    can_view,
    may_act,
    not_found,
    visibility_filter,
)
from motcua.dossiers.services.core import normalize_code
from motcua.dossiers.services.state import state_of
from motcua.errors import InvalidInput
from motcua.workdays.domain import VN_TZ
from motcua.workdays.selectors import clock_for

# The clock runs in these (REFERENCE §3); due_soon and overdue look only at them.
RUNNING = (
    Status.RECEIVED.value, Status.IN_PROCESSING.value, Status.WAITING_SIGNATURE.value,
    Status.TRANSFERRED.value,
)
OPEN = (*RUNNING, Status.WAITING_SUPPLEMENT.value)

WORKLIST_KINDS: dict[str, str] = {
    "new": "Hồ sơ mới tiếp nhận",
    "due_soon": "Sắp đến hạn (trong 01 ngày làm việc)",
    "overdue": "Quá hạn",
    "waiting_supplement": "Chờ bổ sung",
    "waiting_my_signature": "Chờ tôi ký duyệt",
    "mine": "Tôi đang xử lý",
    "result_ready": "Có kết quả, chờ trả",
    "all": "Tất cả hồ sơ",
}
SIGNING_ROLES = frozenset({Role.LEADER, Role.DIVISION_HEAD})
# Roles that look after a whole commune's lists; an official holding none of them (a
# specialist) sees the worklists of the dossiers they hold.
OVERSIGHT_ROLES = frozenset(
    {Role.CLERK, Role.DIVISION_HEAD, Role.LEADER, Role.CENTER_DIRECTOR, Role.PROVINCE_OVERSEER,
     Role.ADMIN}
)


def visible_dossiers(official: Official) -> QuerySet[Dossier]:
    """Every dossier ``official`` may see: their commune's (competent or receiving), their
    province's for the overseer and the administrator, their own submissions for the
    village digital team."""
    return Dossier.objects.filter(visibility_filter(official))


def _personal(official: Official) -> bool:
    return not (official.role_set & OVERSIGHT_ROLES)


def due_soon_limit(official: Official, now: dt.datetime) -> dt.datetime:
    """The end of the next working day: "due within one working day"."""
    clock = clock_for(official.province_code or "")
    today = now.astimezone(VN_TZ).date()
    return clock.day_end(clock.calendar.next_working_day(today))


def worklist(official: Official, kind: str, *, now: dt.datetime | None = None) -> QuerySet[Dossier]:
    """One of ``WORKLIST_KINDS``, in the order to work on it (earliest due first;
    ``all``: latest received first)."""
    if kind not in WORKLIST_KINDS:
        raise InvalidInput(
            f"Không có danh sách «{kind}».", code="worklist.unknown",
            details={"field": "kind", "allowed": list(WORKLIST_KINDS)},
        )
    now = now or timezone.now()
    qs = visible_dossiers(official).select_related("procedure", "handler")
    mine = Q(handler=official)
    if kind == "all":
        return qs.order_by("-received_at", "-id")
    if kind == "new":
        qs = qs.filter(state=Status.RECEIVED)
    elif kind == "due_soon":
        qs = qs.filter(state__in=RUNNING, due_at__gte=now,
                       due_at__lte=due_soon_limit(official, now))
    elif kind == "overdue":
        qs = qs.filter(state__in=RUNNING, due_at__lt=now)
    elif kind == "waiting_supplement":
        qs = qs.filter(state=Status.WAITING_SUPPLEMENT)
    elif kind == "waiting_my_signature":
        if not (official.role_set & SIGNING_ROLES):
            return qs.none()
        qs = qs.filter(state=Status.WAITING_SIGNATURE)
    elif kind == "mine":
        qs = qs.filter(mine, state__in=OPEN)
    elif kind == "result_ready":
        qs = qs.filter(state=Status.RESULT_READY)
    if _personal(official) and kind != "mine":
        qs = qs.filter(mine)
    return qs.order_by("due_at", "id")


def worklist_counts(official: Official, *, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {k: worklist(official, k, now=now).count() for k in WORKLIST_KINDS if k != "all"}


def get_dossier(official: Official, code: str) -> Dossier:
    """The dossier, if ``official`` may see it; ``NotFound`` otherwise (also for another
    commune's dossier)."""
    wanted = normalize_code(code)
    dossier = (
        visible_dossiers(official)
        .select_related("procedure", "handler", "competent_agency", "receiving_agency",
                        "transferred_to", "received_by")
        .filter(code=wanted)
        .first()
    )
    if dossier is None:
        raise not_found(wanted)
    return dossier


@dataclass(frozen=True)
class TimelineEntry:
    seq: int
    at: dt.datetime
    action: str
    label: str
    from_state: str
    from_label: str
    to_state: str
    to_label: str
    actor_name: str
    note: str
    payload: dict[str, Any]

    @property
    def changes_state(self) -> bool:
        return self.from_state != self.to_state


def _state_label(value: str) -> str:
    return STATUS_LABELS[Status(value)] if value else ""


def timeline(dossier: Dossier) -> list[TimelineEntry]:
    """The dossier's events, oldest first, with Vietnamese labels (for the dossier page)."""
    return [
        TimelineEntry(
            seq=e.seq, at=e.at, action=e.action, label=event_label(e.action),
            from_state=e.from_state, from_label=_state_label(e.from_state),
            to_state=e.to_state, to_label=_state_label(e.to_state),
            actor_name=e.actor_name, note=e.note, payload=e.payload,
        )
        for e in DossierEvent.objects.filter(dossier=dossier).order_by("seq")
    ]


def actions_for(official: Official, dossier: Dossier,
                pauses: list[DossierPause] | None = None) -> list[str]:
    """What ``official`` may do to ``dossier`` now (for buttons): the state machine's
    answer, limited by the commune rules, plus notes and attachments."""
    if pauses is None:
        pauses = list(DossierPause.objects.filter(dossier=dossier).order_by("started_at", "id"))
    state = state_of(dossier, pauses)
    names = sorted(
        a.value for a in allowed_actions(state, official.role_set, str(official.pk))
        if may_act(official, dossier, a.value)
    )
    if official.role_set & WORKING_ROLES:
        if may_act(official, dossier, ADD_NOTE):
            names.append(ADD_NOTE)
        if may_act(official, dossier, ATTACH):
            names.append(ATTACH)
    return names


@dataclass(frozen=True)
class DossierDetail:
    dossier: Dossier
    documents: list[DossierDocument]
    pauses: list[DossierPause]
    attachments: list[DossierAttachment]
    events: list[TimelineEntry]
    allowed_actions: list[str]
    members: list[Dossier] = field(default_factory=list)


def dossier_detail(official: Official, code: str) -> DossierDetail:
    dossier = get_dossier(official, code)
    pauses = list(DossierPause.objects.filter(dossier=dossier).order_by("started_at", "id"))
    linked: list[Dossier] = []
    if dossier.group_id is not None:
        linked = [
            m for m in Dossier.objects.select_related("procedure")
            .filter(group_id=dossier.group_id).exclude(pk=dossier.pk).order_by("code")
            if can_view(official, m)
        ]
    return DossierDetail(
        dossier=dossier,
        documents=list(DossierDocument.objects.filter(dossier=dossier).order_by("order", "id")),
        pauses=pauses,
        attachments=list(
            DossierAttachment.objects.filter(dossier=dossier).select_related("uploaded_by")
        ),
        events=timeline(dossier),
        allowed_actions=actions_for(official, dossier, pauses),
        members=linked,
    )


def get_attachment(official: Official, code: str, attachment_id: int) -> DossierAttachment:
    dossier = get_dossier(official, code)
    attachment = DossierAttachment.objects.filter(dossier=dossier, pk=attachment_id).first()
    if attachment is None:
        raise not_found(f"{dossier.code}/{attachment_id}")
    return attachment


@dataclass(frozen=True)
class RegisterRow:
    """One line of the dossier register (Sổ theo dõi hồ sơ, form 7 of Circular 03/2025)."""

    entry: int | None
    code: str
    received_at: dt.datetime
    applicant_name: str
    applicant_address: str
    procedure_code: str
    procedure_name: str
    documents: list[str]
    competent_agency: str
    due_at: dt.datetime
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    collected_by: str
    state: str
    state_label: str
    outcome: str  # early / on_time / late, "" while processing
    note: str


def _local_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=VN_TZ)


def register_rows(commune_code: str, date_from: dt.date, date_to: dt.date) -> list[RegisterRow]:
    """Dossiers received at ``commune_code``'s counter from ``date_from`` to ``date_to``
    (local dates, both included), in register order. The caller scopes it: only officials
    of that commune (or the province) may ask."""
    if date_to < date_from:
        raise InvalidInput("Ngày kết thúc phải sau ngày bắt đầu.", code="register.range")
    qs = (
        Dossier.objects.filter(
            receiving_commune_code=commune_code,
            received_at__gte=_local_start(date_from),
            received_at__lt=_local_start(date_to + dt.timedelta(days=1)),
        )
        .select_related("procedure", "competent_agency")
        .order_by("received_at", "register_entry", "id")
    )
    dossiers = list(qs)
    names: dict[int, list[str]] = {}
    for dossier_id, name in (
        DossierDocument.objects.filter(dossier__in=[d.pk for d in dossiers])
        .order_by("dossier_id", "order", "id").values_list("dossier_id", "name")
    ):
        names.setdefault(dossier_id, []).append(name)
    rows = []
    for d in dossiers:
        outcome = ""
        if d.finished_at is not None:
            outcome = clock_for(d.province_code).classify(d.finished_at, d.due_at)
            if d.late_by_supplements:
                outcome = "late"
        rows.append(RegisterRow(
            entry=d.register_entry, code=d.code, received_at=d.received_at,
            applicant_name=d.applicant_name, applicant_address=d.applicant_address,
            procedure_code=d.procedure.code, procedure_name=d.procedure.name,
            documents=names.get(d.pk, []), competent_agency=d.competent_agency.name,
            due_at=d.due_at, finished_at=d.finished_at, returned_at=d.returned_at,
            collected_by=d.collected_by, state=d.state, state_label=d.state_label,
            outcome=outcome, note=d.note,
        ))
    return rows
