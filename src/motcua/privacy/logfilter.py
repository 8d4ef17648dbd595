"""Personal data kept out of the logs: identification numbers, phone numbers and email
addresses are replaced in each record's message and arguments before any handler formats
it. Attached to the console handler in settings.LOGGING."""

from __future__ import annotations

import logging
import re

# Vietnamese phone numbers: 0 or +84 / 84 and 9 digits after (mobile and fixed lines),
# optionally grouped by spaces, dots or hyphens; not a piece of a longer code (dossier
# codes, UUIDs), hence the look-around.
_SEP = r"[ .\-]?"
_PHONE = re.compile(
    r"(?<![\d+\-.])(?:\+?84|0)" + _SEP + r"\d{2,3}(?:" + _SEP + r"\d){6,7}(?!\d|[\-.]\d)")
# A 12-digit number (số định danh) written in groups of 3 or 4 digits with spaces or
# hyphens (not dots: "192.168.100.200" is an address, not a person).
_ID_GROUPED = re.compile(r"(?<![\d\-.])\d{3,4}(?:[ \-]\d{3,4}){2,3}(?!\d|-\d)")
# Any run of 9 digits or more: 12 (số định danh), 9 (old CMND), and longer runs, which may
# hold one glued to other digits. Short numbers (counts, codes, years) stay readable.
_LONG_DIGITS = re.compile(r"\d{9,}")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")

ID_MARK = "[số định danh]"
PHONE_MARK = "[số điện thoại]"
EMAIL_MARK = "[thư điện tử]"


def redact(text: str) -> str:
    """The text with personal identifiers replaced by a marker. Emails first (an address
    may hold digits), then IDs written in groups (before phones, which would take their
    first ten digits), phones, and any long run of digits."""
    if not text:
        return text
    text = _EMAIL.sub(EMAIL_MARK, text)
    if not any(ch.isdigit() for ch in text):
        return text
    text = _ID_GROUPED.sub(_grouped, text)
    text = _PHONE.sub(PHONE_MARK, text)
    return _LONG_DIGITS.sub(ID_MARK, text)


def _grouped(match: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in match.group(0))
    return ID_MARK if digits == 12 else match.group(0)


class PersonalDataFilter(logging.Filter):
    """Redacts, never drops: the record always passes. The message is merged with its
    arguments first (as the handler would) so that no argument type escapes the check."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed call: keep its parts, cleaned
            message = f"{record.msg} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            # The traceback's text is cached on the record, so the handler prints the
            # cleaned copy (exception messages often quote the input).
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
