"""Rules of personal data protection (Decree 13/2023/NĐ-CP, Law on Personal Data Protection
2025) that need no database: what an access is, the citizen key under which accesses are
listed, who must say why they open a dossier, how addresses are masked, and the retention
periods of each kind of record. Pure Python."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from motcua.accounts.domain import Role
from motcua.dossiers.domain import mask_email, mask_phone
from motcua.errors import InvalidInput


class AccessAction(StrEnum):
    """What an official did with a citizen's data."""

    VIEW = "view"  # opened the dossier page
    PRINT = "print"  # printed a slip (PDF)
    EXPORT = "export"  # exported a list (register PDF/XLSX) holding the dossier
    DOWNLOAD = "download"  # downloaded an attachment of the dossier
    API_READ = "api_read"  # read the dossier through the API
    LOOKUP = "lookup"  # looked up the access log of the person


ACTION_LABELS: dict[AccessAction, str] = {
    AccessAction.VIEW: "Xem hồ sơ",
    AccessAction.PRINT: "In phiếu",
    AccessAction.EXPORT: "Xuất danh sách",
    AccessAction.DOWNLOAD: "Tải tệp đính kèm",
    AccessAction.API_READ: "Đọc qua API",
    AccessAction.LOOKUP: "Tra cứu nhật ký truy cập",
}

# --- the citizen key ---------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s.\-]+")
_KEY_CONTEXT = b"motcua.privacy.citizen-key:"


def normalise_personal_id(text: str) -> str:
    """The number as stored everywhere: separators dropped, letters upper case (a passport
    number may hold letters)."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text or "")).upper()


def citizen_key(personal_id: str, secret: str) -> str:
    """A keyed hash (HMAC-SHA-256) of the normalised number: equal numbers give equal keys,
    so accesses can be listed per person, but the log does not hold the number, and without
    the secret nobody can test guesses against it (12 digits are only 10¹² guesses)."""
    number = normalise_personal_id(personal_id)
    if not number:
        return ""
    return hmac.new(secret.encode(), _KEY_CONTEXT + number.encode(), hashlib.sha256).hexdigest()


# --- "why, if asked" ----------------------------------------------------------------------

DEFAULT_REASON_ROLES: frozenset[Role] = frozenset({Role.PROVINCE_OVERSEER, Role.ADMIN})
REASON_MAX_LENGTH = 300


def parse_roles(text: str | Iterable[str]) -> frozenset[Role]:
    """``"province_overseer, admin"`` → the roles; an unknown name is an error."""
    names = text.split(",") if isinstance(text, str) else list(text)
    roles = set()
    for raw in names:
        name = raw.strip()
        if not name:
            continue
        try:
            roles.add(Role(name))
        except ValueError:
            known = ", ".join(r.value for r in Role)
            raise InvalidInput(f"Vai trò «{name}» không có; các vai trò: {known}.",
                               code="privacy.role") from None
    return frozenset(roles)


def reason_required(roles: Iterable[Role], asked_roles: frozenset[Role], *,
                    own_desk: bool) -> bool:
    """An official holding one of ``asked_roles`` gives a reason before opening a dossier,
    unless it is their own desk's work (``is_own_desk``)."""
    return bool(asked_roles & set(roles)) and not own_desk


def is_own_desk(official_commune: str, dossier_commune: str, receiving_commune: str) -> bool:
    """The official belongs to the commune deciding the dossier or to the one whose counter
    received it."""
    return bool(official_commune) and official_commune in (dossier_commune, receiving_commune)


def clean_reason(text: str) -> str:
    reason = " ".join(unicodedata.normalize("NFC", text or "").split())
    if len(reason) < 5:
        raise InvalidInput("Hãy ghi rõ lý do xem hồ sơ (ít nhất 5 ký tự).", code="privacy.reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInput(f"Lý do dài quá {REASON_MAX_LENGTH} ký tự.", code="privacy.reason")
    return reason


# --- masking of addresses -------------------------------------------------------------------

# Parts of an address naming an administrative unit: these stay, the rest (house number,
# street, hamlet) is hidden. Both the units before and after the 2025 reorganisation.
_UNIT_WORDS = ("xã", "phường", "thị trấn", "đặc khu", "huyện", "quận", "thị xã", "thành phố",
               "tỉnh", "tp", "tp.")
ADDRESS_MARK = "***"


def _is_unit(part: str) -> bool:
    lowered = part.casefold()
    return any(lowered == w or lowered.startswith(w + " ") for w in _UNIT_WORDS)


def mask_address(text: str) -> str:
    """``"số 12 đường Lê Lợi, bản Nà Khum, xã Bình Lư, tỉnh Lai Châu"`` →
    ``"***, xã Bình Lư, tỉnh Lai Châu"``: the commune and province stay, what places the
    person inside them goes. An address without any administrative unit is hidden whole."""
    value = unicodedata.normalize("NFC", (text or "").strip())
    if not value:
        return ""
    parts = [p.strip() for p in value.split(",") if p.strip()]
    first_unit = next((i for i, p in enumerate(parts) if _is_unit(p)), None)
    if first_unit is None:
        return ADDRESS_MARK
    kept = [p for p in parts[first_unit:] if _is_unit(p)]
    return ", ".join([ADDRESS_MARK, *kept])


@dataclass(frozen=True, slots=True)
class Contact:
    phone: str
    email: str
    address: str
    masked: bool


def contact_for(phone: str, email: str, address: str, *, own_desk: bool) -> Contact:
    """How an official sees the applicant's contact details: whole at the desk that works
    on the dossier (the commune deciding it or the one that received it), masked for
    officials who only oversee it (province, administrators): they need to know that a
    phone or address is on file, not what it is."""
    if own_desk:
        return Contact(phone or "", email or "", address or "", masked=False)
    return Contact(mask_phone(phone) if phone else "", mask_email(email) if email else "",
                   mask_address(address), masked=True)



# --- retention ----------------------------------------------------------------------------

class RetentionKind(StrEnum):
    ACCESS_RECORDS = "access_records"
    NOTIFICATIONS = "notifications"
    PORTAL_DRAFTS = "portal_drafts"
    FEEDBACK_CONTACTS = "feedback_contacts"
    SESSIONS = "sessions"


RETENTION_LABELS: dict[RetentionKind, str] = {
    RetentionKind.ACCESS_RECORDS: "Nhật ký truy cập dữ liệu cá nhân",
    RetentionKind.NOTIFICATIONS: "Thông báo đã gửi / bỏ cuộc (thư, SMS)",
    RetentionKind.PORTAL_DRAFTS: "Tệp nộp trực tuyến dở dang",
    RetentionKind.FEEDBACK_CONTACTS: "Thông tin liên hệ của phản ánh, kiến nghị đã xong",
    RetentionKind.SESSIONS: "Phiên đăng nhập đã hết hạn",
}

_UNITS = {"d": "ngày", "w": "tuần", "m": "tháng", "y": "năm"}
_DURATION = re.compile(r"^(\d{1,4})\s*([dwmy])$")
FOREVER = ("never", "forever", "khong", "không")


@dataclass(frozen=True, slots=True)
class Duration:
    """A retention period: days and calendar months (years are 12 months). ``None`` in a
    policy means "keep forever"."""

    days: int = 0
    months: int = 0

    def __str__(self) -> str:
        if self.months:
            return f"{self.months // 12}y" if self.months % 12 == 0 else f"{self.months}m"
        return f"{self.days // 7}w" if self.days and self.days % 7 == 0 else f"{self.days}d"

    def cutoff(self, now: dt.datetime) -> dt.datetime:
        """The moment before which a record is expired."""
        moment = now - dt.timedelta(days=self.days)
        if self.months:
            total = moment.year * 12 + moment.month - 1 - self.months
            year, month = divmod(total, 12)
            month += 1
            day = min(moment.day, calendar.monthrange(year, month)[1])
            moment = moment.replace(year=year, month=month, day=day)
        return moment


def parse_duration(text: str) -> Duration | None:
    value = (text or "").strip().lower()
    if value in FOREVER:
        return None
    match = _DURATION.match(value)
    if match is None:
        raise InvalidInput(
            f"Thời hạn «{text}» không hợp lệ: viết số kèm đơn vị d (ngày), w (tuần), "
            "m (tháng), y (năm), ví dụ 30d, 5y; hoặc «never» để giữ mãi.",
            code="privacy.retention")
    number, unit = int(match.group(1)), match.group(2)
    if unit == "d":
        return Duration(days=number)
    if unit == "w":
        return Duration(days=7 * number)
    if unit == "m":
        return Duration(months=number)
    return Duration(months=12 * number)


RETENTION_DEFAULTS: Mapping[RetentionKind, Duration | None] = {
    RetentionKind.ACCESS_RECORDS: Duration(months=60),
    RetentionKind.NOTIFICATIONS: Duration(months=12),
    RetentionKind.PORTAL_DRAFTS: Duration(days=7),
    RetentionKind.FEEDBACK_CONTACTS: Duration(months=60),
    RetentionKind.SESSIONS: Duration(days=0),
}


def parse_retention(text: str) -> dict[RetentionKind, Duration | None]:
    """``"access_records=5y, notifications=1y"`` → the policy: the defaults, overridden by
    the kinds named. Errors (unknown kind, bad period, a kind twice) say what is wrong."""
    policy: dict[RetentionKind, Duration | None] = dict(RETENTION_DEFAULTS)
    seen: set[RetentionKind] = set()
    for raw in (text or "").split(","):
        item = raw.strip()
        if not item:
            continue
        name, sep, period = item.partition("=")
        if not sep:
            raise InvalidInput(f"Mục «{item}» thiếu dấu «=» (dạng loại=thời hạn, ví dụ "
                               "access_records=5y).", code="privacy.retention")
        if name.strip().lower() in ("rate_limit", "rate_limits"):
            raise InvalidInput("Bộ đếm giới hạn số lần thử (rate_limit) nằm trong bộ nhớ đệm "
                               "và tự hết hạn theo khung thời gian của nó; không đặt thời hạn "
                               "lưu trữ cho nó ở đây.", code="privacy.retention")
        try:
            kind = RetentionKind(name.strip().lower())
        except ValueError:
            known = ", ".join(k.value for k in RetentionKind)
            raise InvalidInput(f"Loại dữ liệu «{name.strip()}» không có; các loại: {known}.",
                               code="privacy.retention") from None
        if kind in seen:
            raise InvalidInput(f"Loại dữ liệu «{kind}» được ghi hai lần.",
                               code="privacy.retention")
        seen.add(kind)
        policy[kind] = parse_duration(period)
    return policy


def format_duration(duration: Duration | None) -> str:
    if duration is None:
        return "giữ mãi"
    if duration.months:
        if duration.months % 12 == 0:
            return f"{duration.months // 12} năm"
        return f"{duration.months} tháng"
    return f"{duration.days} ngày"
