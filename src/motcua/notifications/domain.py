"""What the applicant is told when a dossier changes, and how the text is shaped for each
channel. Pure Python: no Django, no database.

``kind_of`` reads a change (action, state before, state after) and answers which message it
calls for, if any; ``messages_for`` writes the email and the SMS of that kind from
``Facts`` (only what the applicant already knows: code, procedure, dates, what is missing,
the official reason). The applicant's name, identification number and address never appear:
an address typed wrong must not leak them to a stranger.

SMS texts are written without diacritics in the GSM 7-bit alphabet, as Vietnamese operators
deliver most service messages: one SMS then holds 160 characters, against 70 with
diacritics (UCS-2). Every SMS built here fits in one SMS (``SMS_LIMIT``); the optional
parts (a link, the list of missing papers) are shortened or dropped to make it fit.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import StrEnum

# One SMS in the GSM 7-bit alphabet (3GPP TS 23.038): 160 septets.
SMS_LIMIT = 160
VN_TZ = timezone(timedelta(hours=7))  # Vietnam has no daylight saving time
LOOKUP_PATH = "/dich-vu-cong/tra-cuu/"

_GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENSION = "^{}\\[~]|€\f"
_GSM = frozenset(_GSM_BASIC)
_GSM_EXT = frozenset(_GSM_EXTENSION)


class Kind(StrEnum):
    """What a message is about; stored, never rename."""

    RECEIVED = "received"  # đã tiếp nhận (kèm giấy tiếp nhận và hẹn trả kết quả)
    SUPPLEMENT = "supplement"  # yêu cầu bổ sung, hoàn thiện hồ sơ
    APOLOGY = "apology"  # xin lỗi và hẹn lại ngày trả kết quả
    RESULT_READY = "result_ready"  # đã có kết quả
    REFUSED = "refused"  # từ chối giải quyết
    STOPPED = "stopped"  # dừng giải quyết
    RETURNED = "returned"  # đã trả kết quả: mời đánh giá


KIND_LABELS: dict[Kind, str] = {
    Kind.RECEIVED: "Đã tiếp nhận",
    Kind.SUPPLEMENT: "Yêu cầu bổ sung",
    Kind.APOLOGY: "Xin lỗi, hẹn lại",
    Kind.RESULT_READY: "Đã có kết quả",
    Kind.REFUSED: "Từ chối giải quyết",
    Kind.STOPPED: "Dừng giải quyết",
    Kind.RETURNED: "Đã trả kết quả, mời đánh giá",
}


class MessageChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


RECEIPT = "receipt"  # the attachment kind: form 1, rendered when the email is sent


@dataclass(frozen=True, slots=True)
class Facts:
    """What a message may say about a dossier. ``due_at`` is the promised return time
    (aware); ``missing_items`` the papers asked for; ``reason`` the official reason of a
    refusal, a stop or an apology; ``online`` whether the applicant submitted without coming
    to the counter (online or through the village digital team), so that the receipt has
    to reach them by email."""

    code: str
    procedure_name: str
    agency_name: str
    received_at: datetime
    due_at: datetime
    online: bool = False
    missing_items: tuple[str, ...] = ()
    reason: str = ""
    electronic_result: bool = False


@dataclass(frozen=True, slots=True)
class Message:
    kind: Kind
    channel: MessageChannel
    subject: str
    body: str
    attachment: str = ""


def kind_of(action: str, before_state: str | None, state: str) -> Kind | None:
    """The message a change calls for, or None (internal steps say nothing to the applicant).

    The result is ready when the dossier enters ``result_ready``, whichever action led
    there (a leader's approval, or ``mark_result_ready`` for procedures without signature).
    """
    if action == "receive" and before_state is None:
        return Kind.RECEIVED
    if action == "request_supplement" and state == "waiting_supplement":
        return Kind.SUPPLEMENT
    if action == "apologize_and_reschedule":
        return Kind.APOLOGY
    if state == before_state:
        return None
    return {
        "result_ready": Kind.RESULT_READY,
        "refused": Kind.REFUSED,
        "stopped": Kind.STOPPED,
        "returned": Kind.RETURNED,
    }.get(state)


def local(moment: datetime) -> str:
    """"16:00 02/12/2025" in Vietnam's time."""
    return moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")


def local_day(moment: datetime) -> str:
    return moment.astimezone(VN_TZ).strftime("%d/%m/%Y")


def lookup_url(base_url: str, code: str) -> str:
    """The public status page of the dossier (rating is offered there once returned)."""
    return f"{base_url.rstrip('/')}{LOOKUP_PATH}?ma={code}"


# ---- the SMS alphabet ------------------------------------------------------------------


def unaccent(text: str) -> str:
    """Vietnamese without diacritics, case and punctuation kept ("Hồ sơ Đã" → "Ho so Da");
    any other character outside the GSM alphabet becomes "?". Unlike ``motcua.text.fold``
    (a matching key: lower case, punctuation dropped), the dossier code and the dates must
    survive as written."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.category(ch) == "Mn":
            continue
        if ch == "đ":
            ch = "d"
        elif ch == "Đ":
            ch = "D"
        elif ch in "\t\n\r":
            ch = " "
        elif ch not in _GSM:
            ch = "?"
        out.append(ch)
    return "".join(out)


def gsm7_length(text: str) -> int | None:
    """Septets ``text`` takes in the GSM 7-bit alphabet (extension characters take two);
    None when a character is outside it (the message would go as UCS-2)."""
    total = 0
    for ch in text:
        if ch in _GSM:
            total += 1
        elif ch in _GSM_EXT:
            total += 2
        else:
            return None
    return total


def fits_one_sms(text: str) -> bool:
    length = gsm7_length(text)
    return length is not None and length <= SMS_LIMIT


def _shorten(text: str, room: int) -> str:
    if room <= 0:
        return ""
    if len(text) <= room:
        return text
    if room <= 3:
        return ""
    return text[: room - 3].rstrip(" ,;.") + "..."


def _sms(head: str, *, middle: str = "", tail: str = "", link: str = "") -> str:
    """``head`` + ``middle`` (shortened to fit) + ``tail``, then `` link`` if room is left.

    Everything is unaccented first. ``head`` and ``tail`` are short by construction (a code
    is at most 40 characters); should they still overflow, the text is cut hard, so the law
    "one SMS" holds whatever the input."""
    head, middle, tail = unaccent(head), unaccent(middle), unaccent(tail)
    room = SMS_LIMIT - len(head) - len(tail)
    text = head + _shorten(middle, room) + tail
    if link:
        # Phones turn a bare host name into a link too; the scheme is the first thing to go.
        for shown in (link, link.removeprefix("https://").removeprefix("http://")):
            candidate = f"{text} {unaccent(shown)}"
            if len(candidate) <= SMS_LIMIT:
                return candidate
    return text[:SMS_LIMIT]


# ---- the messages ----------------------------------------------------------------------


def _signature(facts: Facts, url: str) -> str:
    return (
        f"\n\nTra cứu tình trạng hồ sơ: {url}\n"
        f"Cần hỗ trợ, xin liên hệ bộ phận một cửa của {facts.agency_name}.\n\n"
        "Thư này được gửi tự động, xin đừng trả lời."
    )


def _items(items: Sequence[str]) -> str:
    return "\n".join(f"  {i}. {item}" for i, item in enumerate(items, start=1))


def _email(kind: Kind, f: Facts, url: str) -> tuple[str, str, str]:
    """(subject, body, attachment) of the email of ``kind``."""
    intro = f"Hồ sơ {f.code} — thủ tục «{f.procedure_name}»"
    due = local(f.due_at)
    if kind is Kind.RECEIVED:
        attachment = RECEIPT if f.online else ""
        paper = (
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả được đính kèm thư này."
            if f.online else "Xin giữ Giấy tiếp nhận hồ sơ và hẹn trả kết quả đã nhận."
        )
        body = (
            f"{intro} đã được tiếp nhận lúc {local(f.received_at)}.\n"
            f"Ngày hẹn trả kết quả: {due}.\n{paper}"
        )
        return f"Đã tiếp nhận hồ sơ {f.code}", body, attachment
    if kind is Kind.SUPPLEMENT:
        body = (
            f"{intro} cần bổ sung, hoàn thiện các giấy tờ sau:\n{_items(f.missing_items)}\n"
            + (f"Ghi chú của cơ quan: {f.reason}\n" if f.reason else "")
            + "Thời gian chờ bổ sung không tính vào thời hạn giải quyết. Xin nộp bổ sung tại "
            "bộ phận một cửa hoặc trên Cổng dịch vụ công."
        )
        return f"Hồ sơ {f.code} cần bổ sung giấy tờ", body, ""
    if kind is Kind.APOLOGY:
        body = (
            f"{intro} chưa giải quyết được đúng hẹn. Cơ quan giải quyết xin lỗi ông/bà "
            f"vì sự chậm trễ này.\n"
            + (f"Lý do: {f.reason}\n" if f.reason else "")
            + f"Ngày hẹn trả kết quả mới: {due}."
        )
        return f"Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {f.code}", body, ""
    if kind is Kind.RESULT_READY:
        where = (
            "Kết quả điện tử có thể tải về tại trang tra cứu bên dưới; bản giấy nhận tại bộ "
            "phận một cửa."
            if f.electronic_result
            else "Xin mang Giấy tiếp nhận hồ sơ và hẹn trả kết quả đến bộ phận một cửa để nhận "
            "kết quả."
        )
        body = f"{intro} đã có kết quả.\n{where}"
        return f"Hồ sơ {f.code} đã có kết quả", body, ""
    if kind in (Kind.REFUSED, Kind.STOPPED):
        verb = "bị từ chối giải quyết" if kind is Kind.REFUSED else "đã dừng giải quyết"
        body = (
            f"{intro} {verb}.\n"
            + (f"Lý do: {f.reason}\n" if f.reason else "")
            + "Văn bản thông báo có lý do chi tiết được trả tại bộ phận một cửa."
        )
        label = "bị từ chối giải quyết" if kind is Kind.REFUSED else "dừng giải quyết"
        return f"Hồ sơ {f.code} {label}", body, ""
    body = (
        f"{intro} đã được trả kết quả. Cảm ơn ông/bà đã sử dụng dịch vụ.\n"
        "Xin dành một phút đánh giá mức độ hài lòng với việc giải quyết hồ sơ tại:\n"
        f"{url}"
    )
    return f"Mời đánh giá việc giải quyết hồ sơ {f.code}", body, ""


def sms_text(kind: Kind, f: Facts, url: str) -> str:
    """The one-SMS text of ``kind`` (GSM 7-bit, no diacritics)."""
    due = local(f.due_at)
    code = f.code
    if kind is Kind.RECEIVED:
        return _sms(f"Ho so {code} da duoc tiep nhan. Hen tra ket qua {due}.", link=url)
    if kind is Kind.SUPPLEMENT:
        return _sms(f"Ho so {code} can bo sung: ", middle="; ".join(f.missing_items),
                    tail=". Lien he bo phan mot cua.")
    if kind is Kind.APOLOGY:
        return _sms(f"Xin loi, ho so {code} bi cham. Hen tra ket qua moi: {due}.", link=url)
    if kind is Kind.RESULT_READY:
        how = "Tai ket qua dien tu tai cong DVC." if f.electronic_result else (
            "Moi den bo phan mot cua nhan ket qua.")
        return _sms(f"Ho so {code} da co ket qua. {how}", link=url)
    if kind is Kind.REFUSED:
        return _sms(f"Ho so {code} bi tu choi giai quyet. Lien he bo phan mot cua de biet ly do.")
    if kind is Kind.STOPPED:
        return _sms(f"Ho so {code} da dung giai quyet. Lien he bo phan mot cua de biet ly do.")
    return _sms(f"Ho so {code} da tra ket qua. Moi danh gia:", link=url)


def messages_for(
    kind: Kind, facts: Facts, *, base_url: str, email: bool, sms: bool
) -> list[Message]:
    """The messages of ``kind`` for the channels the applicant can be reached on."""
    url = lookup_url(base_url, facts.code) if base_url else ""
    out: list[Message] = []
    if email:
        # Without the portal's address a bare path would be useless in a mail client.
        shown = url or "Cổng dịch vụ công, mục «Tra cứu hồ sơ»"
        subject, body, attachment = _email(kind, facts, shown)
        body = unicodedata.normalize("NFC", body + _signature(facts, shown))
        out.append(Message(kind, MessageChannel.EMAIL, unicodedata.normalize("NFC", subject),
                           body, attachment))
    if sms:
        out.append(Message(kind, MessageChannel.SMS, "", sms_text(kind, facts, url)))
    return out


# ---- retries ---------------------------------------------------------------------------

# Minutes to wait after the n-th failed attempt (n = 1, 2, ...): a mail server restarting,
# a gateway briefly down, an outage of an afternoon.
BACKOFF_MINUTES: tuple[int, ...] = (1, 5, 15, 60, 180, 720)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after ``attempts`` failed attempts (≥ 1) before the next one."""
    index = min(max(attempts, 1), len(BACKOFF_MINUTES)) - 1
    return timedelta(minutes=BACKOFF_MINUTES[index])


def gives_up(attempts: int, max_attempts: int) -> bool:
    return attempts >= max_attempts


def is_mobile(phone: str) -> bool:
    """Whether a stored number (national form) can receive an SMS: Vietnamese mobiles have
    10 digits and start with 03, 05, 07, 08 or 09; landlines (02x) cannot."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return len(digits) == 10 and digits[:2] in {"03", "05", "07", "08", "09"}
