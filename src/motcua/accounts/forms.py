from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator


class TokenForm(forms.Form):
    """The 6-digit code an authenticator app shows."""

    token = forms.CharField(
        label="Mã xác thực (6 chữ số)",
        max_length=7,
        validators=[RegexValidator(r"^\s*\d{3}\s?\d{3}\s*$",
                                   "Mã xác thực gồm 6 chữ số.")],
        widget=forms.TextInput(attrs={
            "inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True,
            "pattern": "[0-9 ]{6,7}", "maxlength": "7",
        }),
        error_messages={"required": "Hãy nhập mã xác thực."},
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].replace(" ", "").strip()


class DisableForm(forms.Form):
    """The reason an administrator gives for disabling accounts (admin action)."""

    reason = forms.CharField(label="Lý do vô hiệu hoá", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Cần ghi lý do vô hiệu hoá."})
