"""Danh sách hồ sơ: the worklists of ``selectors.worklist`` as tabs with counts."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET

from motcua.accounts.domain import Role
from motcua.accounts.models import Official
from motcua.dossiers import selectors
from motcua.dossiers.domain import mask_personal_id
from motcua.dossiers.views.common import no_store, official_view
from motcua.errors import InvalidInput
from motcua.text import nfc

PER_PAGE = 50
# Tab labels where the worklist's own name is too long for a tab (the full name is the title).
SHORT_LABELS = {"due_soon": gettext_noop("Sắp đến hạn")}
TABS = ("new", "due_soon", "overdue", "waiting_supplement", "waiting_my_signature", "mine",
        "result_ready", "all")


def default_kind(official: Official) -> str:
    roles = official.role_set
    if roles & selectors.SIGNING_ROLES and Role.CLERK not in roles:
        return "waiting_my_signature"
    if Role.CLERK in roles or roles & {Role.CENTER_DIRECTOR, Role.PROVINCE_OVERSEER, Role.ADMIN}:
        return "new"
    return "mine"


def due_class(dossier, now, soon_limit) -> str:  # type: ignore[no-untyped-def]
    """CSS class of the due date: overdue or due within one working day (running clock)."""
    if dossier.state not in selectors.RUNNING:
        return ""
    if dossier.due_at < now:
        return "overdue"
    if dossier.due_at <= soon_limit:
        return "due-soon"
    return ""


@official_view
@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    official: Official = request.user  # type: ignore[assignment]
    kind = request.GET.get("ds") or default_kind(official)
    if kind not in selectors.WORKLIST_KINDS:
        raise InvalidInput(_("Không có danh sách «%(kind)s».") % {"kind": kind},
                           code="worklist.unknown")
    now = timezone.now()
    text = nfc(request.GET.get("q", ""))
    qs = (selectors.worklist(official, kind, now=now) if text
          else selectors.fast_worklist(official, kind, now=now))
    if text:
        qs = qs.filter(Q(code__icontains=text) | Q(applicant_name__icontains=text)
                       | Q(applicant_personal_id=text))
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("trang"))
    soon = selectors.due_soon_limit(official, now)
    rows = [
        {"d": d, "masked_id": mask_personal_id(d.applicant_personal_id)
         if d.applicant_personal_id else "", "due_class": due_class(d, now, soon)}
        for d in page.object_list
    ]
    counts = selectors.worklist_counts(official, now=now)
    tabs = [
        {"kind": k, "label": _(SHORT_LABELS.get(k, selectors.WORKLIST_KINDS[k])),
         "title": _(selectors.WORKLIST_KINDS[k]) if k in SHORT_LABELS else "",
         "count": counts.get(k), "current": k == kind}
        for k in TABS
    ]
    return no_store(render(request, "dossiers/worklist.html", {
        "kind": kind, "kind_label": _(selectors.WORKLIST_KINDS[kind]), "tabs": tabs,
        "page": page, "rows": rows, "q": text, "is_clerk": Role.CLERK in official.role_set,
    }))
