"""Reads of dossiers shared by the counter and worklist screens, the API and the reports.

Everything an official reads goes through ``visible_dossiers``: a dossier out of their
scope does not exist for them (``NotFound``), so its existence does not leak.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from motcua.accounts.domain import Role
from motcua.accounts.models import Official
from motcua.catalog.selectors import procedure_by_id
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
from motcua.dossiers.services.routing import agency_by_id, official_by_id
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


def _kind_filter(official: Official, kind: str, now: dt.datetime) -> Q | None:
    """What a worklist keeps of the visible dossiers (``None``: nothing)."""
    if kind not in WORKLIST_KINDS:
        raise InvalidInput(
            f"Không có danh sách «{kind}».", code="worklist.unknown",
            details={"field": "kind", "allowed": list(WORKLIST_KINDS)},
        )
    mine = Q(handler=official)
    if kind == "all":
        return Q()
    if kind == "new":
        f = Q(state=Status.RECEIVED)
    elif kind == "due_soon":
        f = Q(state__in=RUNNING, due_at__gte=now, due_at__lte=due_soon_limit(official, now))
    elif kind == "overdue":
        f = Q(state__in=RUNNING, due_at__lt=now)
    elif kind == "waiting_supplement":
        f = Q(state=Status.WAITING_SUPPLEMENT)
    elif kind == "waiting_my_signature":
        if not (official.role_set & SIGNING_ROLES):
            return None
        f = Q(state=Status.WAITING_SIGNATURE)
    elif kind == "mine":
        f = mine & Q(state__in=OPEN)
    else:  # result_ready
        f = Q(state=Status.RESULT_READY)
    if _personal(official) and kind != "mine":
        f &= mine
    return f


def _order(kind: str) -> tuple[str, str]:
    return ("-received_at", "-id") if kind == "all" else ("due_at", "id")


def worklist(official: Official, kind: str, *, now: dt.datetime | None = None) -> QuerySet[Dossier]:
    """One of ``WORKLIST_KINDS``, in the order to work on it (earliest due first;
    ``all``: latest received first)."""
    f = _kind_filter(official, kind, now or timezone.now())
    qs = visible_dossiers(official).select_related("procedure", "handler")
    if f is None:
        return qs.none()
    return qs.filter(f).order_by(*_order(kind))


class MergedWorklist:
    """A worklist as a sliceable sequence with ``count()`` (what ``Paginator`` and the API
    need), read branch by branch.

    ``visible_dossiers`` is an OR of scopes (the commune's own dossiers, those it received
    for another commune); ordering that OR makes the database collect and sort every
    matching row on every page. Here each scope is a disjoint branch that an index returns
    already in order (``dossier_worklist`` / ``dossier_recent`` for the commune's own,
    the partial ``dossier_receiving_worklist`` / ``dossier_received_for_other`` for the
    few received for others), read only as far as the page needs, then merged."""

    def __init__(self, branches: list[QuerySet[Dossier]], order: tuple[str, str],
                 columns: tuple[str, ...] = ()) -> None:
        self._raw, self._order = branches, order
        self._reverse = order[0].startswith("-")
        self._fields = tuple(f.lstrip("-") for f in order)
        self._branches = [
            b.order_by(*order).only(*columns) if columns
            else b.select_related("procedure", "handler").order_by(*order)
            for b in branches
        ]
        self._count: int | None = None

    def only(self, *columns: str) -> MergedWorklist:
        """The same list reading only ``columns`` (and no joins)."""
        return MergedWorklist(self._raw, self._order, columns)

    def count(self) -> int:
        if self._count is None:
            self._count = sum(b.count() for b in self._branches)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice | int) -> Any:
        if isinstance(index, int):
            return self[index:index + 1][0]
        start, stop = index.start or 0, index.stop
        if stop is None:
            stop = self.count()
        rows: list[Dossier] = []
        for branch in self._branches:
            rows.extend(branch[:stop])
        rows.sort(key=lambda d: tuple(getattr(d, f) for f in self._fields),
                  reverse=self._reverse)
        return rows[start:stop]


def fast_worklist(
    official: Official, kind: str, *, now: dt.datetime | None = None
) -> MergedWorklist | QuerySet[Dossier]:
    """``worklist(official, kind)`` — same rows, same order — read as disjoint branches
    where the official's scope is a commune or a province (every screen and API list)."""
    now = now or timezone.now()
    scopes = _branch_scopes(official)
    f = _kind_filter(official, kind, now)
    if scopes is None or f is None:
        return worklist(official, kind, now=now)
    branches = [Dossier.objects.filter(scope).filter(f) for scope in scopes]
    return MergedWorklist(branches, _order(kind))


def _branch_scopes(official: Official) -> list[Q] | None:
    """``visibility_filter`` as disjoint scopes, or None where it cannot be split (the
    village team's own submissions may overlap any scope; they are few anyway)."""
    roles = official.role_set - {Role.VILLAGE_TEAM}
    if not official.is_active or Role.VILLAGE_TEAM in official.role_set or not roles:
        return None
    if roles & {Role.PROVINCE_OVERSEER, Role.ADMIN}:
        return [Q(province_code=official.province_code)] if official.province_code else None
    if official.commune_code:
        c = official.commune_code
        return [Q(commune_code=c),
                Q(receiving_commune_code=c) & ~Q(commune_code=F("receiving_commune_code"))]
    return None


# What a row of a list needs (``schemas.DossierSummaryOut``); the procedure and the handler
# come from the per-process memos.
SUMMARY_COLUMNS = ("id", "code", "state", "procedure_id", "applicant_name", "received_at",
                   "due_at", "handler_id", "steps", "step_index", "version")


def worklist_summaries(official: Official, kind: str, *, limit: int, offset: int,
                       now: dt.datetime | None = None) -> tuple[list[Dossier], int]:
    """One page of a worklist for the API, lean: the rows (only ``SUMMARY_COLUMNS``, with
    ``procedure`` and ``handler`` attached) and the list's size."""
    qs = fast_worklist(official, kind, now=now)
    lean = qs.only(*SUMMARY_COLUMNS) if isinstance(qs, MergedWorklist) else (
        qs.select_related(None).only(*SUMMARY_COLUMNS))
    rows = list(lean[offset:offset + limit])
    for d in rows:
        d.procedure = procedure_by_id(d.procedure_id)
        d.handler = official_by_id(d.handler_id) if d.handler_id is not None else None
    return rows, qs.count()


def worklist_counts(official: Official, *, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {k: fast_worklist(official, k, now=now).count() for k in WORKLIST_KINDS
            if k != "all"}


def get_dossier(official: Official, code: str) -> Dossier:
    """The dossier, if ``official`` may see it; ``NotFound`` otherwise (also for another
    commune's dossier).

    One indexed read by the unique code, the scope checked in Python by the same rule as
    ``visible_dossiers`` (``permissions.can_view``); the agencies come from the per-process
    memo rather than three joins (status lookups are the API's most frequent call)."""
    wanted = normalize_code(code)
    dossier = _by_code(wanted)
    if dossier is None or not can_view(official, dossier):
        raise not_found(wanted)
    _attach_reference_rows(dossier)
    if dossier.handler_id is not None:
        dossier.handler = official_by_id(dossier.handler_id)
    return dossier


def _by_code(code: str) -> Dossier | None:
    # The API's most frequent read: a raw statement on the unique code skips building and
    # compiling a query each time (measured 0.59 → 0.22 ms); Django still converts the
    # columns (dates, JSON) as for any query.
    qn = connection.ops.quote_name
    sql = f"SELECT * FROM {qn(Dossier._meta.db_table)} WHERE {qn('code')} = %s"
    found = list(Dossier.objects.raw(sql, [code]))
    return found[0] if found else None


def _attach_reference_rows(dossier: Dossier) -> None:
    """Agencies and the procedure from the per-process memos (shared, read-only rows)."""
    for name in ("receiving_agency", "competent_agency", "transferred_to"):
        agency_id = getattr(dossier, f"{name}_id")
        if agency_id is not None:
            setattr(dossier, name, agency_by_id(agency_id))
    dossier.procedure = procedure_by_id(dossier.procedure_id)


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


def dossier_detail(official: Official, code: str, *, with_events: bool = True) -> DossierDetail:
    """Everything the dossier page shows; the API leaves out the timeline (it has its own
    endpoint) with ``with_events=False``."""
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
            .order_by("uploaded_at", "id")
        ),
        events=timeline(dossier) if with_events else [],
        allowed_actions=actions_for(official, dossier, pauses),
        members=linked,
    )


def received_detail(official: Official, dossier: Dossier) -> DossierDetail:
    """The detail of a dossier this request has just received (``services.receive_dossier``
    leaves its documents and linked members on it): nothing to read back."""
    members = [m for m in getattr(dossier, "received_members", []) if can_view(official, m)]
    return DossierDetail(
        dossier=dossier,
        documents=list(getattr(dossier, "received_documents", [])),
        pauses=[],
        attachments=[],
        events=[],
        allowed_actions=actions_for(official, dossier, []),
        members=members,
    )


def get_attachment(official: Official, code: str, attachment_id: int) -> DossierAttachment:
    dossier = get_dossier(official, code)
    attachment = DossierAttachment.objects.filter(dossier=dossier, pk=attachment_id).first()
    if attachment is None:
        raise not_found(f"{dossier.code}/{attachment_id}")
    # The caller records the access (motcua.privacy) from the dossier: no second read.
    attachment.dossier = dossier
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
