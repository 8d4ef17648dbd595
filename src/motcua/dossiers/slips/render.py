"""The seven forms of Appendix I, Circular 03/2025/TT-VPCP, as PDF bytes.

One function per form. Each takes the view models of ``data.py`` and returns a complete PDF;
none touches the database. Forms 01–06 concern one dossier; form 07 is the register.
A form whose specific data is missing (a refusal without a reason, …) raises ``InvalidInput``
with a Vietnamese message rather than printing an official paper with a hole in it.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any, Literal

from django.conf import settings
from django.utils.safestring import mark_safe

from motcua.errors import InvalidInput

from . import formats, qr
from .data import Register, SlipDossier
from .pdf import A4, PAGE_SETUPS, LocalFileFetcher, PageSetup, html_to_pdf, render_html

PageSize = Literal["A4", "A5"]

# Circular 01/2018 form 01 note, kept by the 2025 form: one copy stays with the control slip
# at the counter, one goes to the applicant.
RECEIPT_COPY_LABELS: tuple[str, ...] = (
    "Liên 1: Lưu tại Bộ phận Một cửa, kèm Phiếu kiểm soát",
    "Liên 2: Giao người nộp hồ sơ",
)

FORM_NUMBERS = {
    "receipt": "Mẫu số 01",
    "supplement": "Mẫu số 02",
    "refusal": "Mẫu số 03",
    "apology": "Mẫu số 04",
    "stop": "Mẫu số 05",
    "control": "Mẫu số 06",
}


def _page(page_size: str) -> PageSetup:
    try:
        return PAGE_SETUPS[page_size]
    except KeyError:
        raise InvalidInput(
            f"Khổ giấy «{page_size}» không được hỗ trợ; chọn A4 hoặc A5.",
            details={"page_size": page_size},
        ) from None


def _require(value: object, message: str, field: str) -> None:
    if not value:
        raise InvalidInput(message, details={"field": field})


def _context(d: SlipDossier, kind: str, **extra: Any) -> dict[str, Any]:
    issued = d.issued_at or datetime.now(UTC)
    return {
        "d": d,
        "agency": d.agency,
        "number": d.number,
        "form_no": FORM_NUMBERS[kind],
        "date_line": formats.place_date(d.agency.place, issued),
        "issued_at": issued,
        **extra,
    }


def _pdf(
    template: str, context: dict[str, Any], page: PageSetup, fetcher: LocalFileFetcher | None
) -> bytes:
    return html_to_pdf(render_html(template, context, page), fetcher=fetcher)


def receipt_pdf(
    d: SlipDossier,
    *,
    page_size: PageSize = "A4",
    copies: int = 2,
    fetcher: LocalFileFetcher | None = None,
) -> bytes:
    """Mẫu số 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả, with a QR code of the code.

    ``copies=2`` prints both copies (liên), one per page; ``copies=1`` prints the applicant's
    copy only (e.g. the electronic receipt of an online dossier).
    """
    _require(d.code, "Chưa có mã hồ sơ để in Giấy tiếp nhận.", "code")
    if copies not in (1, 2):
        raise InvalidInput("Giấy tiếp nhận in 1 hoặc 2 liên.", details={"copies": copies})
    labels = RECEIPT_COPY_LABELS if copies == 2 else RECEIPT_COPY_LABELS[1:]
    context = _context(
        d,
        "receipt",
        title=f"Giấy tiếp nhận hồ sơ {d.code}",
        copies=labels,
        qr_svg=mark_safe(qr.qr_svg(qr.lookup_payload(d.code, public_url()))),  # noqa: S308
    )
    return _pdf("slips/receipt.html", context, _page(page_size), fetcher)


def public_url() -> str:
    """The portal's public address (``MOTCUA_PUBLIC_URL``, shared with the notifications)."""
    return str(getattr(settings, "MOTCUA_PUBLIC_URL", "")
               or os.environ.get("MOTCUA_PUBLIC_URL", ""))


def supplement_request_pdf(d: SlipDossier, *, fetcher: LocalFileFetcher | None = None) -> bytes:
    """Mẫu số 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (``d.missing_items``)."""
    _require(
        d.missing_items,
        "Phiếu yêu cầu bổ sung phải nêu ít nhất một nội dung cần bổ sung, hoàn thiện.",
        "missing_items",
    )
    context = _context(d, "supplement", title=f"Phiếu yêu cầu bổ sung hồ sơ {d.code}")
    return _pdf("slips/supplement.html", context, A4, fetcher)


def refusal_pdf(d: SlipDossier, *, fetcher: LocalFileFetcher | None = None) -> bytes:
    """Mẫu số 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ (``d.refusal_reason``)."""
    _require(d.refusal_reason, "Phiếu từ chối phải ghi rõ lý do từ chối.", "refusal_reason")
    context = _context(d, "refusal", title=f"Phiếu từ chối tiếp nhận hồ sơ {d.code}")
    return _pdf("slips/refusal.html", context, A4, fetcher)


def apology_pdf(d: SlipDossier, *, fetcher: LocalFileFetcher | None = None) -> bytes:
    """Mẫu số 04 — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết.

    Prints ``d.apology_reason`` and the new date ``d.new_due_at``; signed by ``d.signer``.
    """
    _require(d.apology_reason, "Văn bản xin lỗi phải ghi rõ lý do chậm.", "apology_reason")
    _require(d.new_due_at, "Văn bản xin lỗi phải hẹn lại ngày trả kết quả.", "new_due_at")
    assert d.new_due_at is not None
    if d.new_due_at <= d.due_at:
        raise InvalidInput(
            "Ngày hẹn trả mới phải sau ngày hẹn trả cũ.", details={"field": "new_due_at"}
        )
    context = _context(d, "apology", title=f"Văn bản xin lỗi, hồ sơ {d.code}")
    return _pdf("slips/apology.html", context, A4, fetcher)


def stop_notice_pdf(d: SlipDossier, *, fetcher: LocalFileFetcher | None = None) -> bytes:
    """Mẫu số 05 — Thông báo dừng giải quyết hồ sơ (``d.stop_reason``, ``d.stopped_at``)."""
    _require(d.stop_reason, "Thông báo dừng giải quyết phải ghi rõ lý do.", "stop_reason")
    context = _context(
        d,
        "stop",
        title=f"Thông báo dừng giải quyết hồ sơ {d.code}",
        stopped_at=d.stopped_at or d.issued_at,
    )
    return _pdf("slips/stop.html", context, A4, fetcher)


def control_slip_pdf(
    d: SlipDossier, *, blank_rows: int = 2, fetcher: LocalFileFetcher | None = None
) -> bytes:
    """Mẫu số 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ.

    One row per ``d.handovers`` entry, then ``blank_rows`` empty rows for the hand-overs
    still to come (the paper travels with the dossier and is filled by hand).
    """
    context = _context(
        d,
        "control",
        title=f"Phiếu kiểm soát hồ sơ {d.code}",
        blank_rows=range(max(0, blank_rows)),
        first_step=len(d.handovers) + 1,
        qr_svg=mark_safe(qr.qr_svg(d.code)) if d.code else "",  # noqa: S308
    )
    return _pdf("slips/control.html", context, A4, fetcher)


def register_pdf(register: Register, *, issued_at: datetime | None = None) -> bytes:
    """Mẫu số 07 — Sổ theo dõi hồ sơ: landscape A4, the header rows repeated on each page,
    "Trang n/N" at the foot. Drawn with ReportLab for speed (see ``reportlab_register``)."""
    from .reportlab_register import register_pdf_bytes

    return register_pdf_bytes(register, issued_at or datetime.now(UTC))
