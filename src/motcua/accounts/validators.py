"""Password rules beyond Django's own (length, common, numeric, similarity)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from motcua.accounts.domain import has_letter_and_digit


class LetterAndDigitValidator:
    """A password must mix letters and digits."""

    message = "Mật khẩu phải có ít nhất một chữ cái và một chữ số."

    def validate(self, password: str, user: object = None) -> None:
        if not has_letter_and_digit(password):
            raise ValidationError(self.message, code="password_no_letter_or_digit")

    def get_help_text(self) -> str:
        return self.message
