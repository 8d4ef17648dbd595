"""Forms of the officials' dossier screens. They only parse; the services validate the
business rules and their Vietnamese messages are put back on the fields
(``attach_error``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Procedure, RequiredDocument
from motcua.dossiers.domain import ReturnChannel
from motcua.dossiers.models import AttachmentKind, Channel
from motcua.dossiers.services import DocumentLine
from motcua.errors import MotcuaError
from motcua.workdays.domain import VN_TZ

RETURN_CHANNEL_LABELS = {
    ReturnChannel.COUNTER: _("Tại bộ phận một cửa"),
    ReturnChannel.POST: _("Qua dịch vụ bưu chính công ích"),
    ReturnChannel.ONLINE: _("Kết quả điện tử"),
}


# Errors that name no field in their details but belong to one.
CODE_FIELDS = {"personal_id.invalid": "applicant_personal_id"}


def attach_error(form: forms.Form, exc: MotcuaError) -> None:
    """Show the service's message on the field it names, or above the form."""
    field = exc.details.get("field") if isinstance(exc.details, dict) else None
    field = field or CODE_FIELDS.get(exc.code)
    if field and field in form.fields:
        form.add_error(field, exc.message)
    else:
        form.add_error(None, exc.message)


class VersionedForm(forms.Form):
    """Every action carries the version of the dossier the official saw, so that two
    officials acting on the same dossier cannot overwrite each other unknowingly."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class HandlerForm(VersionedForm):
    handler = forms.TypedChoiceField(label=_("Người xử lý"), coerce=int, choices=())

    def __init__(self, *args: Any, handlers: Sequence[tuple[Any, Any]] = (), required: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = list(handlers)
        if not required:
            choices = [("", _("Giữ người xử lý trước"))] + choices
            self.fields["handler"].empty_value = None
        self.fields["handler"].choices = choices
        self.fields["handler"].required = required


class SupplementForm(VersionedForm):
    missing_items = forms.CharField(
        label=_("Giấy tờ, nội dung cần bổ sung (mỗi dòng một mục)"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy ghi rõ giấy tờ, nội dung cần bổ sung.")},
    )

    def items(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["missing_items"].splitlines()
                if line.strip()]


class ReasonForm(VersionedForm):
    reason = forms.CharField(
        label=_("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy ghi rõ lý do.")},
    )


class ReturnForm(VersionedForm):
    collected_by = forms.CharField(label=_("Người nhận kết quả"), max_length=200,
                                   required=False)
    channel = forms.ChoiceField(label=_("Hình thức trả"),
                                choices=list(RETURN_CHANNEL_LABELS.items()),
                                initial=ReturnChannel.COUNTER)


class WithdrawForm(VersionedForm):
    requested_by = forms.CharField(label=_("Người đề nghị rút hồ sơ"), max_length=200,
                                   required=False)


class TransferForm(VersionedForm):
    to_agency = forms.ChoiceField(label=_("Chuyển đến cơ quan"), choices=())

    def __init__(self, *args: Any, agencies: Sequence[tuple[Any, Any]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].choices = list(agencies)


class ApologyForm(VersionedForm):
    reason = forms.CharField(label=_("Lý do chậm"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Hãy ghi rõ lý do chậm.")})
    new_due_at = forms.DateTimeField(
        label=_("Hẹn lại ngày trả kết quả"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("Hãy chọn ngày, giờ hẹn trả mới."),
                        "invalid": _("Ngày, giờ hẹn trả mới không hợp lệ.")},
    )

    def new_due(self) -> dt.datetime:
        value: dt.datetime = self.cleaned_data["new_due_at"]
        if value.tzinfo is None:
            value = value.replace(tzinfo=VN_TZ)
        return value


ATTACHMENT_KIND_LABELS = {
    AttachmentKind.RESULT.value: _("Kết quả giải quyết"),
    AttachmentKind.SCAN.value: _("Bản số hóa thành phần hồ sơ"),
    AttachmentKind.NOTE.value: _("Tài liệu khác"),
}


class AttachForm(VersionedForm):
    file = forms.FileField(label=_("Tệp"), error_messages={"required": _("Hãy chọn tệp.")})
    kind = forms.ChoiceField(label=_("Loại tệp"), choices=list(ATTACHMENT_KIND_LABELS.items()))
    electronic = forms.BooleanField(label=_("Kết quả điện tử (đã ký số)"), required=False)

    def __init__(self, *args: Any, kinds: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [(k, ATTACHMENT_KIND_LABELS[k]) for k in kinds]
            if AttachmentKind.RESULT.value not in kinds:
                del self.fields["electronic"]


class NoteForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label=_("Nội dung ghi chú"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": _("Chưa nhập nội dung ghi chú.")})
    file = forms.FileField(label=_("Tệp kèm theo (không bắt buộc)"), required=False)


# -- intake --------------------------------------------------------------------------------


class IntakeForm(forms.Form):
    """Tiếp nhận hồ sơ: the applicant, the channel and the checklist of ``procedure``.

    Unbound, the mandatory papers start ticked as received (and scanned) and the reusable
    mandatory ones as taken from data held: a routine dossier is complete, and the clerk
    unticks what is missing — the service then names it."""

    procedure_code = forms.CharField(widget=forms.HiddenInput)
    applicant_name = forms.CharField(
        label=_("Họ và tên người nộp"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}))
    applicant_personal_id = forms.CharField(
        label=_("Số định danh cá nhân (CCCD)"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                      "maxlength": 20}))
    applicant_phone = forms.CharField(
        label=_("Số điện thoại"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    applicant_email = forms.CharField(
        label=_("Thư điện tử"), max_length=254, required=False,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "off"}))
    applicant_address = forms.CharField(
        label=_("Địa chỉ (địa chỉ cũ được gợi ý đơn vị mới)"), max_length=500, required=False,
        widget=forms.TextInput(attrs={
            "autocomplete": "off",
            # htmx: the units app's hint partial, read from the field's own name.
            "hx-get": reverse_lazy("units:suggest"), "hx-vals": '{"field": "applicant_address"}',
            "hx-trigger": "keyup changed delay:400ms, change", "hx-target": "#address-hint",
            "hx-sync": "this:replace", "aria-describedby": "address-hint",
        }))
    # The model's labels, translated when rendered (listed in views/translations.py).
    channel = forms.ChoiceField(label=_("Hình thức nộp"),
                                choices=[(value, _(label)) for value, label in Channel.choices],
                                initial=Channel.COUNTER)
    assisted_by = forms.TypedChoiceField(label=_("Người nộp hộ (Tổ công nghệ số)"),
                                         coerce=int, required=False, empty_value=None,
                                         choices=())
    extra_documents = forms.CharField(
        label=_("Giấy tờ khác đã nhận (mỗi dòng một giấy tờ)"), required=False,
        max_length=4000, widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, procedure: Procedure,
                 helpers: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.required_documents: list[RequiredDocument] = list(
            procedure.documents.all().order_by("order", "id"))
        self.fields["procedure_code"].initial = procedure.code
        if helpers:
            self.fields["assisted_by"].choices = [("", "—")] + list(helpers)
        else:
            del self.fields["assisted_by"]
        for doc in self.required_documents:
            mandatory = doc.requirement == "mandatory"
            reuse = mandatory and doc.reusable_from_data
            self.fields[f"doc_{doc.pk}_provided"] = forms.BooleanField(
                label=_("đã nhận"), required=False, initial=mandatory and not reuse)
            if doc.reusable_from_data:
                self.fields[f"doc_{doc.pk}_data"] = forms.BooleanField(
                    label=_("dùng dữ liệu sẵn có"), required=False, initial=reuse)
            self.fields[f"doc_{doc.pk}_scanned"] = forms.BooleanField(
                label=_("đã số hóa"), required=False, initial=mandatory and not reuse)

    @property
    def has_field_errors(self) -> bool:
        return any(name != NON_FIELD_ERRORS for name in self.errors)

    def focus_first_error(self) -> bool:
        """Move the keyboard focus from the name to the first field in error; False when
        the errors concern no field (the page then focuses the error summary)."""
        for name, field in self.fields.items():
            if name in self.errors:
                self.fields["applicant_name"].widget.attrs.pop("autofocus", None)
                field.widget.attrs["autofocus"] = True
                field.widget.attrs["aria-invalid"] = "true"
                described = field.widget.attrs.get("aria-describedby", "")
                field.widget.attrs["aria-describedby"] = (
                    f"{described} {self[name].auto_id}-error".strip())
                return True
        if self.non_field_errors():
            self.fields["applicant_name"].widget.attrs.pop("autofocus", None)
        return False

    def checklist(self) -> list[dict[str, Any]]:
        """Rows for the template: the catalog document and its bound checkboxes."""
        rows = []
        for doc in self.required_documents:
            data_field = f"doc_{doc.pk}_data"
            rows.append({
                "doc": doc,
                "mandatory": doc.requirement == "mandatory",
                "provided": self[f"doc_{doc.pk}_provided"],
                "data": self[data_field] if data_field in self.fields else None,
                "scanned": self[f"doc_{doc.pk}_scanned"],
            })
        return rows

    def document_lines(self) -> list[DocumentLine]:
        data = self.cleaned_data
        lines = []
        for doc in self.required_documents:
            provided = bool(data.get(f"doc_{doc.pk}_provided"))
            from_data = bool(data.get(f"doc_{doc.pk}_data"))
            if not (provided or from_data):
                continue
            lines.append(DocumentLine(
                required_document_id=doc.pk, provided=provided and not from_data,
                from_data_held=from_data,
                scanned=bool(data.get(f"doc_{doc.pk}_scanned")) and not from_data,
            ))
        for name in (data.get("extra_documents") or "").splitlines():
            if name.strip():
                lines.append(DocumentLine(name=name.strip(), copies=1))
        return lines

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kwargs = {
            "procedure_code": self.procedure.code,
            "applicant_name": data["applicant_name"],
            "applicant_personal_id": data["applicant_personal_id"],
            "applicant_phone": data["applicant_phone"],
            "applicant_email": data["applicant_email"],
            "applicant_address": data["applicant_address"],
            "channel": data["channel"],
            "documents": self.document_lines(),
            "note": data["note"],
        }
        if data.get("assisted_by"):
            kwargs["assisted_by"] = data["assisted_by"]
        return kwargs
