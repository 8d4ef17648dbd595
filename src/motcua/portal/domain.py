"""Rules of the public side of the citizen portal (no login): who may see a dossier's
status, what of it is public, how a rating is checked. Pure Python, no Django.

The lookup key is the dossier code plus the last four digits of the applicant's phone or
personal identification number (số định danh cá nhân): the code is printed on the receipt
and in its QR code, the digits are something only the applicant knows.
"""

from __future__ import annotations

import hmac
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote

DIGITS = 4
CODE_MAX_LENGTH = 40
_NOT_DIGIT = re.compile(r"\D+")
_CODE_JUNK = re.compile(r"[\s\u200b]+")
_CODE_SHAPE = re.compile(r"^[0-9A-Z.\-]{4,40}$")
_LINK_CODE = re.compile(r"/tra-cuu/?\?(?:[^#]*&)?ma=([^&#\s]+)")


def normalize_code(text: str | None) -> str:
    """A dossier code as typed or scanned: spaces dropped, upper case, NFC; '' if it cannot
    be a code (so that a pasted address or a URL is never looked up)."""
    if not text:
        return ""
    # The whole link of the receipt's QR code pasted into the box: keep its code.
    found = _LINK_CODE.search(text)
    if found:
        text = unquote(found.group(1))
    code = _CODE_JUNK.sub("", unicodedata.normalize("NFC", text)).upper()
    return code if _CODE_SHAPE.match(code) else ""


def only_digits(text: str | None) -> str:
    return _NOT_DIGIT.sub("", text or "")


def last_digits_match(given: str, *, phone: str, personal_id: str) -> bool:
    """True when ``given`` (exactly four digits) ends the phone number or the personal id.

    Both comparisons always run, in constant time, so the answer time does not tell which
    of the two matched or how many digits did."""
    wanted = only_digits(given)
    if len(wanted) != DIGITS or len(given.strip()) != DIGITS:
        return False
    matched = False
    for source in (phone, personal_id):
        digits = only_digits(source)
        tail = digits[-DIGITS:] if len(digits) >= DIGITS else "\0" * DIGITS
        matched |= hmac.compare_digest(tail.encode(), wanted.encode())
    return matched


def mask(text: str | None, *, keep: int = 1) -> str:
    """"Lò Văn Minh" → "L* V** M***"; "0912345678" → "0*********". For the rare place where
    something personal must be hinted at; the lookup page itself shows none."""
    words = (text or "").split()
    return " ".join(w[:keep] + "*" * max(len(w) - keep, 0) for w in words)


# ---- the public timeline ---------------------------------------------------------------

# Steps a citizen is told about. Routing inside the office, re-assignments, notes,
# attachments and a leader sending a draft back are internal; the state they lead to is
# still shown as the current state.
PUBLIC_ACTIONS: frozenset[str] = frozenset({
    "receive", "start", "request_supplement", "receive_supplement", "submit_for_signature",
    "approve", "mark_result_ready", "return_result", "refuse", "withdraw", "stop",
    "transfer", "receive_back", "apologize_and_reschedule",
})

PUBLIC_STEP_LABELS: dict[str, str] = {
    "receive": "Đã tiếp nhận hồ sơ",
    "start": "Cơ quan chuyên môn bắt đầu xử lý",
    "request_supplement": "Yêu cầu bổ sung, hoàn thiện hồ sơ",
    "receive_supplement": "Đã nhận hồ sơ bổ sung, tiếp tục xử lý",
    "submit_for_signature": "Trình lãnh đạo ký duyệt",
    "approve": "Lãnh đạo đã ký duyệt",
    "mark_result_ready": "Đã có kết quả",
    "return_result": "Đã trả kết quả",
    "refuse": "Từ chối giải quyết (xem phiếu từ chối đã gửi người nộp)",
    "withdraw": "Người nộp đã rút hồ sơ",
    "stop": "Dừng giải quyết (xem thông báo đã gửi người nộp)",
    "transfer": "Chuyển liên thông sang cơ quan khác",
    "receive_back": "Nhận lại hồ sơ từ cơ quan liên thông",
    "apologize_and_reschedule": "Xin lỗi và hẹn lại ngày trả kết quả",
}


@dataclass(frozen=True, slots=True)
class RawEvent:
    action: str
    from_state: str
    to_state: str
    at: object  # a datetime; kept opaque so the rule needs no clock


@dataclass(frozen=True, slots=True)
class PublicStep:
    action: str
    label: str
    to_state: str
    at: object


def public_steps(events: Iterable[RawEvent]) -> list[PublicStep]:
    """The events a citizen sees, oldest first; "start" only the first time (a draft sent
    back for rework starts nothing new in the citizen's eyes)."""
    steps: list[PublicStep] = []
    started = False
    for e in events:
        if e.action not in PUBLIC_ACTIONS:
            continue
        if e.action == "start":
            if started:
                continue
            started = True
        steps.append(PublicStep(e.action, PUBLIC_STEP_LABELS[e.action], e.to_state, e.at))
    return steps


# ---- rating (đánh giá mức độ hài lòng) -----------------------------------------------------

SCORE_MIN, SCORE_MAX = 1, 5
COMMENT_MAX = 2000

SCORE_LABELS: dict[int, str] = {
    1: "Rất không hài lòng",
    2: "Không hài lòng",
    3: "Bình thường",
    4: "Hài lòng",
    5: "Rất hài lòng",
}


class Criterion(StrEnum):
    """What the citizen scores. The values are stored in ``Rating.criteria``; never rename.

    Worded after the satisfaction component of the service index (Decision 766/QĐ-TTg,
    REFERENCE §4): the procedure's publicity, the time taken, the officials' conduct and
    guidance, and the result. ``OVERALL`` is the one the index counts."""

    OVERALL = "overall"
    INFORMATION = "information"
    TIME = "time"
    ATTITUDE = "attitude"
    GUIDANCE = "guidance"
    RESULT = "result"


CRITERIA: dict[Criterion, str] = {
    Criterion.OVERALL: "Mức độ hài lòng chung về việc giải quyết hồ sơ",
    Criterion.INFORMATION: "Thông tin về thủ tục được công khai đầy đủ, dễ hiểu",
    Criterion.TIME: "Thời gian giải quyết (đúng hẹn, không phải đi lại nhiều lần)",
    Criterion.ATTITUDE: "Thái độ, tinh thần phục vụ của cán bộ, công chức",
    Criterion.GUIDANCE: "Hướng dẫn kê khai, bổ sung hồ sơ rõ ràng, một lần",
    Criterion.RESULT: "Kết quả giải quyết đúng quy định, chính xác",
}

# Only the overall score is required: a citizen in a hurry answers one question.
REQUIRED: frozenset[Criterion] = frozenset({Criterion.OVERALL})

# Below this the rating counts as "dissatisfied" in the service index's satisfaction formula.
SATISFIED_FROM = 3


class RatingError(ValueError):
    """A rating that cannot be stored; ``field`` names the criterion or input at fault."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def parse_score(value: object, field: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        score = int(str(value).strip())
    except ValueError:
        raise RatingError("Điểm phải là một số từ 1 đến 5.", field) from None
    if not SCORE_MIN <= score <= SCORE_MAX:
        raise RatingError("Điểm phải là một số từ 1 đến 5.", field)
    return score


def check_scores(raw: Mapping[str, object]) -> dict[str, int]:
    """Scores by criterion value, every one 1–5; unknown criteria refused; the required ones
    present. Raises RatingError naming the first criterion at fault."""
    unknown = sorted(set(raw) - {c.value for c in Criterion})
    if unknown:
        raise RatingError(f"Không có tiêu chí «{unknown[0]}».", unknown[0])
    scores: dict[str, int] = {}
    for criterion in Criterion:
        score = parse_score(raw.get(criterion.value), criterion.value)
        if score is None:
            if criterion in REQUIRED:
                raise RatingError(
                    f"Hãy chọn mức điểm cho «{CRITERIA[criterion]}».", criterion.value
                )
            continue
        scores[criterion.value] = score
    return scores


def is_dissatisfied(scores: Mapping[str, int]) -> bool:
    return scores.get(Criterion.OVERALL.value, SCORE_MAX) < SATISFIED_FROM


def may_rate(state: str) -> bool:
    """Only once the result is handed back (the service has been delivered)."""
    return state == "returned"

