"""What the slips print: plain, immutable view models that the dossier services fill.

The slips (Phụ lục I, Thông tư 03/2025/TT-VPCP) are rendered from these values only, never
from ORM rows, so that the layout can be tested and changed without a database. Times must be
timezone-aware; they are printed in Asia/Ho_Chi_Minh whatever zone they carry.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from enum import StrEnum

from motcua.dossiers.domain.states import Channel


class DocumentForm(StrEnum):
    """In what form a paper of the dossier was handed in."""

    ORIGINAL = "original"  # bản chính
    COPY = "copy"  # bản sao
    CERTIFIED_COPY = "certified_copy"  # bản sao có chứng thực
    ELECTRONIC = "electronic"  # bản điện tử


DOCUMENT_FORM_LABELS: dict[DocumentForm, str] = {
    DocumentForm.ORIGINAL: "Bản chính",
    DocumentForm.COPY: "Bản sao",
    DocumentForm.CERTIFIED_COPY: "Bản sao chứng thực",
    DocumentForm.ELECTRONIC: "Bản điện tử",
}


class Timeliness(StrEnum):
    """Result of one step on the control slip (kết quả giải quyết hồ sơ)."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


TIMELINESS_LABELS: dict[Timeliness, str] = {
    Timeliness.EARLY: "Trước hạn",
    Timeliness.ON_TIME: "Đúng hạn",
    Timeliness.LATE: "Quá hạn",
}

CHANNEL_LABELS: dict[Channel, str] = {
    Channel.IN_PERSON: "Trực tiếp",
    Channel.ONLINE: "Trực tuyến",
    Channel.POST: "Qua dịch vụ bưu chính",
}


def _require_aware(owner: object) -> None:
    """Naive datetimes would print in whatever zone the server runs in: refuse them."""
    for f in fields(owner):  # type: ignore[arg-type]
        value = getattr(owner, f.name)
        if isinstance(value, datetime) and value.utcoffset() is None:
            raise ValueError(f"{type(owner).__name__}.{f.name} must be timezone-aware")


@dataclass(frozen=True, slots=True)
class AgencyHeader:
    """The issuing body as it appears top left of every slip.

    ``parent_agency`` and ``agency`` are printed upper-case on two lines (tên cơ quan chủ
    quản, tên cơ quan); ``full_name`` is how the body names itself in sentences ("Trung tâm
    Phục vụ hành chính công xã Bình Lư"); ``place`` starts the date line ("Bình Lư, ngày …").
    """

    parent_agency: str
    agency: str
    place: str
    full_name: str = ""
    phone: str = ""
    address: str = ""

    @property
    def name_in_text(self) -> str:
        return self.full_name or self.agency


@dataclass(frozen=True, slots=True)
class Signer:
    """Who signs a letter: the title lines ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC") and the name."""

    title_lines: tuple[str, ...]
    name: str = ""


@dataclass(frozen=True, slots=True)
class Applicant:
    """Người nộp hồ sơ: a person or an organisation."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    personal_id: str = ""  # số định danh cá nhân, or the tax code of an organisation


@dataclass(frozen=True, slots=True)
class DocumentLine:
    """One paper of the dossier (thành phần hồ sơ) with its number of copies."""

    name: str
    copies: int = 1
    form: DocumentForm = DocumentForm.ORIGINAL

    @property
    def form_label(self) -> str:
        return DOCUMENT_FORM_LABELS[self.form]


@dataclass(frozen=True, slots=True)
class MissingItem:
    """What the applicant must add or correct, and why (Phiếu yêu cầu bổ sung)."""

    item: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class HandOver:
    """One hand-over of the paper dossier between two desks (Phiếu kiểm soát).

    ``result`` is the verdict of the step that ends with this hand-over; None while unknown.
    """

    from_agency: str
    to_agency: str
    given_at: datetime
    from_person: str = ""
    to_person: str = ""
    received_at: datetime | None = None
    result: Timeliness | None = None
    note: str = ""

    def __post_init__(self) -> None:
        _require_aware(self)

    @property
    def result_label(self) -> str:
        return TIMELINESS_LABELS[self.result] if self.result else ""


@dataclass(frozen=True, slots=True)
class SlipDossier:
    """Everything any of the six per-dossier slips prints.

    Only the fields a given slip uses need filling: ``refusal_reason`` for the refusal,
    ``missing_items`` for the supplement request, ``apology_reason`` and ``new_due_at`` for
    the apology letter, ``stop_reason`` for the stop notice, ``handovers`` for the control
    slip. ``issued_at`` dates the slip (defaults to the time of rendering); ``number`` is the
    letter's number and symbol ("15/TB-TTPVHCC") for the two letters (forms 04, 05).
    """

    code: str
    procedure_name: str
    applicant: Applicant
    agency: AgencyHeader
    received_at: datetime
    due_at: datetime
    statutory_limit: str = ""  # "05 ngày làm việc": printed as is, the catalog owns the words
    documents: tuple[DocumentLine, ...] = ()
    dossier_sets: int = 1  # số lượng hồ sơ (bộ)
    request_summary: str = ""  # nội dung yêu cầu giải quyết; defaults to the procedure
    channel: Channel = Channel.IN_PERSON
    return_place: str = ""
    fees: str = ""
    register_book: str = ""  # quyển số
    register_entry: str = ""  # số thứ tự
    receiving_official: str = ""
    handling_agency: str = ""  # cơ quan (bộ phận) giải quyết hồ sơ
    coordinating_agencies: str = ""  # cơ quan phối hợp giải quyết
    missing_items: tuple[MissingItem, ...] = ()
    guidance_contact: str = ""  # người hướng dẫn bổ sung
    guidance_phone: str = ""
    refusal_reason: str = ""
    apology_reason: str = ""
    new_due_at: datetime | None = None
    stop_reason: str = ""
    stopped_at: datetime | None = None
    handovers: tuple[HandOver, ...] = ()
    issued_at: datetime | None = None
    number: str = ""
    signer: Signer | None = None

    def __post_init__(self) -> None:
        _require_aware(self)

    @property
    def request_text(self) -> str:
        return self.request_summary or self.procedure_name

    @property
    def channel_label(self) -> str:
        return CHANNEL_LABELS[self.channel]


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """One line of the dossier register (Sổ theo dõi hồ sơ, Mẫu số 07)."""

    code: str
    procedure_name: str
    applicant_name: str
    received_at: datetime
    due_at: datetime
    dossier_sets: int = 1
    applicant_address: str = ""
    applicant_phone: str = ""
    handling_agency: str = ""
    sent_at: datetime | None = None  # chuyển hồ sơ đến cơ quan giải quyết
    result_received_at: datetime | None = None  # nhận kết quả từ cơ quan giải quyết
    returned_at: datetime | None = None  # trả kết quả cho cá nhân, tổ chức
    note: str = ""

    def __post_init__(self) -> None:
        _require_aware(self)


@dataclass(frozen=True, slots=True)
class Register:
    """A register extract: the rows of one book or one period, oldest first."""

    agency: AgencyHeader
    rows: tuple[RegisterRow, ...]
    book: str = ""  # quyển số
    period: str = ""  # "Từ ngày 01/02/2026 đến ngày 28/02/2026"
