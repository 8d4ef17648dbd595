"""The small forms of the dossier page, one per action ``selectors.actions_for`` offers,
and how each calls its service. Every POST → form → service → redirect; the view
(``detail.act``) shows a refusal on the form it came from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Official
from motcua.dossiers import services
from motcua.dossiers.domain import ACTION_LABELS, TERMINAL, Action
from motcua.dossiers.forms import (
    ApologyForm,
    AttachForm,
    HandlerForm,
    NoteForm,
    ReasonForm,
    ReturnForm,
    SupplementForm,
    TransferForm,
    VersionedForm,
    WithdrawForm,
)
from motcua.dossiers.labels import ADD_NOTE, ANNOTATION_LABELS, ATTACH
from motcua.dossiers.models import AttachmentKind, Dossier
from motcua.dossiers.planning import plan_from_steps, step_dict
from motcua.dossiers.services.annotations import RESULT_STATES
from motcua.dossiers.views.common import handler_choices, transfer_choices

Call = Callable[[Official, Dossier, Any], Any]


def _v(form: forms.Form) -> dict[str, Any]:
    return {"expected_version": form.cleaned_data.get("expected_version")}


def _n(form: forms.Form) -> dict[str, Any]:
    return {"note": form.cleaned_data.get("note", ""), **_v(form)}


def _first_step_role(dossier: Dossier) -> str | None:
    steps = [step_dict(s.name, s.role, s.duration_value, s.duration_unit, s.performer)
             for s in dossier.procedure.steps.all()]
    plan = plan_from_steps(steps)
    return str(plan.steps[0]["role"]) if plan.steps else None


def _step_role(dossier: Dossier, offset: int) -> str | None:
    if dossier.step_index is None or not dossier.steps:
        return _first_step_role(dossier)
    index = dossier.step_index + offset
    if 0 <= index < len(dossier.steps):
        return str(dossier.steps[index]["role"])
    return None


def _handlers(role_of: Callable[[Dossier], str | None],
              required: bool = True) -> Callable[[Dossier], dict[str, Any]]:
    return lambda d: {"handlers": handler_choices(d, role_of(d)), "required": required}


def attachment_kinds(dossier: Dossier) -> list[str]:
    """The kinds of file the service takes in the dossier's state (a result while it is
    prepared, signed or waiting; only documents once it is closed)."""
    if dossier.status in TERMINAL:
        return [AttachmentKind.NOTE.value]
    kinds = [AttachmentKind.SCAN.value, AttachmentKind.NOTE.value]
    if dossier.status in RESULT_STATES:
        kinds.insert(0, AttachmentKind.RESULT.value)
    return kinds


@dataclass(frozen=True)
class ActionSpec:
    name: str
    form_class: type[forms.Form]
    call: Call
    style: str = ""  # "primary" for the step forward, "danger" for the ends
    form_kwargs: Callable[[Dossier], dict[str, Any]] = field(default=lambda d: {})
    initial: Callable[[Dossier], dict[str, Any]] = field(default=lambda d: {})
    button: str = ""
    multipart: bool = False

    @property
    def label(self) -> str:
        try:
            return ACTION_LABELS[Action(self.name)]
        except ValueError:
            return ANNOTATION_LABELS[self.name]

    def make_form(self, dossier: Dossier, data: Any = None, files: Any = None) -> forms.Form:
        initial = {"expected_version": dossier.version, **self.initial(dossier)}
        return self.form_class(data, files, initial=initial, prefix=self.name,
                               **self.form_kwargs(dossier))


def _specs() -> dict[str, ActionSpec]:
    A = Action
    specs = [
        ActionSpec(A.ROUTE, HandlerForm, style="primary",
                   call=lambda o, d, f: services.assign(
                       o, d, handler=f.cleaned_data["handler"], **_n(f)),
                   form_kwargs=_handlers(_first_step_role), button=_("Phân công")),
        ActionSpec(A.START, VersionedForm, style="primary",
                   call=lambda o, d, f: services.start(o, d, **_n(f))),
        ActionSpec(A.FORWARD, HandlerForm, style="primary",
                   call=lambda o, d, f: services.forward(
                       o, d, handler=f.cleaned_data["handler"], **_n(f)),
                   form_kwargs=_handlers(lambda d: _step_role(d, 1)), button=_("Chuyển")),
        ActionSpec(A.SUBMIT_FOR_SIGNATURE, VersionedForm, style="primary",
                   call=lambda o, d, f: services.submit_for_signature(o, d, **_n(f))),
        ActionSpec(A.APPROVE, VersionedForm, style="primary",
                   call=lambda o, d, f: services.approve(o, d, **_n(f))),
        ActionSpec(A.MARK_RESULT_READY, VersionedForm, style="primary",
                   call=lambda o, d, f: services.mark_result_ready(o, d, **_n(f))),
        ActionSpec(A.RETURN_RESULT, ReturnForm, style="primary",
                   call=lambda o, d, f: services.return_result(
                       o, d, collected_by=f.cleaned_data["collected_by"],
                       channel=f.cleaned_data["channel"], **_n(f)),
                   initial=lambda d: {"collected_by": d.applicant_name}),
        ActionSpec(A.RECEIVE_SUPPLEMENT, VersionedForm, style="primary",
                   call=lambda o, d, f: services.receive_supplement(o, d, **_n(f))),
        ActionSpec(A.RECEIVE_BACK, HandlerForm, style="primary",
                   call=lambda o, d, f: services.receive_back(
                       o, d, handler=f.cleaned_data["handler"], **_n(f)),
                   form_kwargs=_handlers(lambda d: _step_role(d, 0), required=False)),
        ActionSpec(A.REQUEST_SUPPLEMENT, SupplementForm,
                   call=lambda o, d, f: services.request_supplement(
                       o, d, missing_items=f.items(), **_n(f))),
        ActionSpec(A.REJECT, ReasonForm,
                   call=lambda o, d, f: services.reject(
                       o, d, reason=f.cleaned_data["reason"], **_n(f))),
        ActionSpec(A.REASSIGN, HandlerForm,
                   call=lambda o, d, f: services.reassign(
                       o, d, handler=f.cleaned_data["handler"], **_n(f)),
                   form_kwargs=_handlers(lambda d: _step_role(d, 0))),
        ActionSpec(A.TRANSFER, TransferForm,
                   call=lambda o, d, f: services.transfer(
                       o, d, to_agency=f.cleaned_data["to_agency"], **_n(f)),
                   form_kwargs=lambda d: {"agencies": transfer_choices(d)}),
        ActionSpec(A.APOLOGIZE, ApologyForm,
                   call=lambda o, d, f: services.apologize(
                       o, d, reason=f.cleaned_data["reason"], new_due_at=f.new_due(), **_n(f))),
        ActionSpec(A.REFUSE, ReasonForm, style="danger",
                   call=lambda o, d, f: services.refuse(
                       o, d, reason=f.cleaned_data["reason"], **_n(f))),
        ActionSpec(A.STOP, ReasonForm, style="danger",
                   call=lambda o, d, f: services.stop(
                       o, d, reason=f.cleaned_data["reason"], **_n(f))),
        ActionSpec(A.WITHDRAW, WithdrawForm, style="danger",
                   call=lambda o, d, f: services.withdraw(
                       o, d, requested_by=f.cleaned_data["requested_by"], **_n(f)),
                   initial=lambda d: {"requested_by": d.applicant_name}),
        ActionSpec(ATTACH, AttachForm, multipart=True,
                   form_kwargs=lambda d: {"kinds": attachment_kinds(d)},
                   call=lambda o, d, f: services.add_attachment(
                       o, d, file=f.cleaned_data["file"], kind=f.cleaned_data["kind"],
                       electronic=bool(f.cleaned_data.get("electronic")),
                       note=f.cleaned_data.get("note", ""), **_v(f)),
                   button=_("Tải lên")),
        ActionSpec(ADD_NOTE, NoteForm, multipart=True,
                   call=lambda o, d, f: services.add_note(
                       o, d, text=f.cleaned_data["text"], file=f.cleaned_data.get("file"),
                       **_v(f)),
                   button=_("Ghi")),
    ]
    return {str(s.name): s for s in specs}


ACTION_SPECS: dict[str, ActionSpec] = _specs()
# The order of the forms on the page: the next step first, the ends last.
ORDER = list(ACTION_SPECS)
