"""The submission form, generated from the catalog's required documents: one upload per
document (mandatory ones required unless taken from data held), the applicant, the commune;
for an assisted submission also the citizen's number and consent."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from motcua.catalog.models import Procedure, RequiredDocument
from motcua.dossiers.domain import validate_personal_id
from motcua.dossiers.services.intake import normalize_phone
from motcua.errors import InvalidInput
from motcua.text import nfc
from motcua.units.models import Unit
from motcua.uploads import DOCUMENT_KINDS, IMAGE_KINDS, CheckedFile, check_total, check_upload
from motcua.workdays.domain import VN_TZ

ONLINE = "online"
ASSISTED = "assisted"
ACCEPT = ".pdf,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp"


def doc_key(doc: RequiredDocument) -> str:
    return f"giay_to_{doc.pk}"


def held_key(doc: RequiredDocument) -> str:
    return f"du_lieu_{doc.pk}"


def drop_key(key: str) -> str:
    return f"bo_{key}"


class SubmissionForm(forms.Form):
    applicant_name = forms.CharField(label="Họ và tên người nộp", max_length=200)
    applicant_phone = forms.CharField(label="Số điện thoại", max_length=20)
    applicant_email = forms.EmailField(label="Thư điện tử (không bắt buộc)", required=False)
    applicant_address = forms.CharField(label="Địa chỉ nơi ở", max_length=500,
                                        widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, procedure: Procedure, mode: str,
                 communes: list[Unit] | None = None, kept: dict[str, Any] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.procedure = procedure
        self.mode = mode
        # Files already received and checked in an earlier attempt (see drafts.py).
        self.kept: dict[str, Any] = dict(kept or {})
        self.dropped: list[str] = []
        self.documents = list(procedure.documents.all())
        self.checked: dict[str, CheckedFile] = {}
        for name in ("applicant_name", "applicant_phone", "applicant_address"):
            self.fields[name].widget.attrs["autocomplete"] = {
                "applicant_name": "name", "applicant_phone": "tel",
                "applicant_address": "street-address"}[name]
        self.fields["applicant_phone"].widget.input_type = "tel"
        if mode == ASSISTED:
            self.fields["applicant_personal_id"] = forms.CharField(
                label="Số định danh cá nhân (CCCD) của người dân", max_length=20,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}))
        else:
            self.fields["commune_code"] = forms.ChoiceField(
                label="Nộp tại xã, phường (nơi giải quyết)",
                choices=[("", "— Chọn xã, phường —")]
                + [(u.code, f"{u.full_name}, {u.province.full_name}") for u in communes or []])
        for doc in self.documents:
            label = doc.name + (" (bắt buộc)" if doc.requirement == "mandatory" else
                                " (nếu có)")
            field = forms.FileField(label=label, required=False,
                                    widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))
            field.help_text = doc.condition or ""
            self.fields[doc_key(doc)] = field
            if doc.reusable_from_data:
                self.fields[held_key(doc)] = forms.BooleanField(
                    label="Dùng dữ liệu đã có (không cần tải lên)", required=False)
        if mode == ASSISTED:
            self.fields["consent"] = forms.BooleanField(
                label="Người dân đã đồng ý cho tôi nộp hộ hồ sơ này", required=True,
                error_messages={"required": "Phải có sự đồng ý của người dân: hãy hỏi và đánh "
                                            "dấu ô này."})
            self.fields["consent_photo"] = forms.FileField(
                label="Ảnh giấy đồng ý có chữ ký (không bắt buộc; JPEG hoặc PNG)",
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp",
                                                       "capture": "environment"}))
            self.fields["consent_note"] = forms.CharField(
                label="Ghi chú (không bắt buộc)", required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}))

        self._add_drop_fields()

    def _add_drop_fields(self) -> None:
        for key in self.kept:
            label = "Bỏ ảnh đã gửi" if key == "consent_photo" else "Bỏ tệp đã gửi"
            self.fields.setdefault(drop_key(key), forms.BooleanField(label=label,
                                                                     required=False))

    def show_kept(self, kept: dict[str, Any]) -> None:
        """After the draft took this attempt's files: show them as held."""
        self.kept = dict(kept)
        self._add_drop_fields()

    def _bound(self, name: str) -> Any:
        return self[name] if name in self.fields else None

    def document_rows(self) -> list[dict[str, Any]]:
        return [{"doc": doc, "upload": self[doc_key(doc)], "held": self._bound(held_key(doc)),
                 "kept": self.kept.get(doc_key(doc)),
                 "drop": self._bound(drop_key(doc_key(doc)))}
                for doc in self.documents]

    def consent_photo_row(self) -> dict[str, Any]:
        return {"kept": self.kept.get("consent_photo"),
                "drop": self._bound(drop_key("consent_photo"))}

    def _has_kept(self, data: dict[str, Any], key: str) -> bool:
        if key not in self.kept:
            return False
        if data.get(drop_key(key)):
            self.dropped.append(key)
            return False
        return True

    def clean_applicant_name(self) -> str:
        return nfc(self.cleaned_data["applicant_name"])

    def clean_applicant_address(self) -> str:
        return nfc(self.cleaned_data["applicant_address"])

    def clean_applicant_phone(self) -> str:
        try:
            return normalize_phone(self.cleaned_data["applicant_phone"])
        except InvalidInput as exc:
            raise forms.ValidationError(exc.message) from None

    def clean_applicant_personal_id(self) -> str:
        today = timezone.now().astimezone(VN_TZ).date()
        try:
            return validate_personal_id(self.cleaned_data["applicant_personal_id"],
                                        today=today).number
        except InvalidInput as exc:
            raise forms.ValidationError(exc.message) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for doc in self.documents:
            key = doc_key(doc)
            upload = self.files.get(key) if self.files else None
            if upload:
                try:
                    self.checked[key] = check_upload(upload, label=doc.name,
                                                     allowed=DOCUMENT_KINDS, field=key)
                except InvalidInput as exc:
                    self.add_error(key, exc.message)
                continue
            if self._has_kept(data, key):
                continue
            held = bool(data.get(held_key(doc)))
            if doc.requirement == "mandatory" and not held:
                hint = (" hoặc đánh dấu «Dùng dữ liệu đã có»" if doc.reusable_from_data else "")
                self.add_error(key, f"Chưa có tệp cho «{doc.name}»: hãy chụp ảnh hoặc quét giấy "
                                    f"tờ rồi chọn tệp (PDF, JPEG, PNG){hint}.")
        photo = self.files.get("consent_photo") if self.files else None
        if self.mode == ASSISTED and not photo:
            self._has_kept(data, "consent_photo")
        if self.mode == ASSISTED and photo:
            try:
                self.checked["consent_photo"] = check_upload(
                    photo, label="Ảnh giấy đồng ý", allowed=IMAGE_KINDS, field="consent_photo")
            except InvalidInput as exc:
                self.add_error("consent_photo", exc.message)
        self._check_total()
        return data

    def _check_total(self) -> None:
        """The files of one submission together (new ones and those the draft holds) stay
        under the total limit; if not, none of this attempt's files is kept."""
        kept = sum(int(meta.get("size", 0)) for key, meta in self.kept.items()
                   if key not in self.checked)
        try:
            check_total(list(self.checked.values()), max_total_bytes=None, already=kept)
        except InvalidInput as exc:
            self.checked.clear()
            self.add_error(None, exc.message)

    def stored_fields(self) -> dict[str, Any]:
        """The cleaned values to keep for the review step (JSON)."""
        return {k: v for k, v in self.cleaned_data.items()
                if not k.startswith(("giay_to_", "bo_")) and k != "consent_photo"}
