"""Rules of recommendations and feedback (kiến nghị, phản ánh) sent from the portal. Pure
Python, no Django. Complaints and denunciations have their own laws (REFERENCE §7) and
their own intake; the portal form takes only the two kinds below."""

from __future__ import annotations

import re
import secrets
from datetime import date
from enum import StrEnum


class FeedbackKind(StrEnum):
    """Stored values; never rename."""

    RECOMMENDATION = "recommendation"  # kiến nghị
    FEEDBACK = "feedback"  # phản ánh


KIND_LABELS: dict[FeedbackKind, str] = {
    FeedbackKind.RECOMMENDATION: "Kiến nghị",
    FeedbackKind.FEEDBACK: "Phản ánh",
}

TEXT_MIN, TEXT_MAX = 10, 5000
MAX_FILES = 3
DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024

# Files are checked by motcua.uploads (the project's one upload check).


# Crockford's base32 alphabet: no I, L, O, U, so a reference read over the phone is not
# misheard or mistyped.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_RE = re.compile(r"^PA-\d{6}-[0-9A-HJKMNP-TV-Z]{6}$")


def new_reference(day: date, random_part: str | None = None) -> str:
    """"PA-261125-7F3K9Q": the day received and six random characters. Random rather than
    a counter, so that a reference tells nobody how many others were sent."""
    tail = random_part or "".join(secrets.choice(_ALPHABET) for _ in range(6))
    return f"PA-{day:%y%m%d}-{tail}"


_PHONE = re.compile(r"^\+?[0-9 .\-]{9,15}$")


def phone_ok(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    return bool(_PHONE.match(text)) and 9 <= len(digits) <= 12
