"""The six per-dossier slips (Mẫu số 01–06): rendered, then read back as a person would.

Each PDF is rendered once per module (WeasyPrint takes ~0.3–1 s a document) and read with
poppler's ``pdftotext -layout`` and ``pdfinfo``; the receipt's QR code is rasterised with
``pdftoppm`` and decoded with ``zbarimg`` (scripts/system-deps.sh installs both).
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import unicodedata
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from motcua.dossiers.domain.states import Channel
from motcua.dossiers.slips import (
    AgencyHeader,
    Applicant,
    DocumentForm,
    DocumentLine,
    HandOver,
    MissingItem,
    Signer,
    SlipDossier,
    Timeliness,
    render,
)
from motcua.dossiers.slips.pdf import FONTS_DIR, LocalFileFetcher, html_to_pdf
from motcua.errors import InvalidInput

VN = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = ZoneInfo("UTC")
CODE = "000.00.12.H26-260213-0001"
A4_PTS = (595, 842)
A5_PTS = (420, 595)


def at(day: int, hour: int, minute: int, month: int = 2) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VN)


AGENCY = AgencyHeader(
    parent_agency="UBND XÃ BÌNH LƯ",
    agency="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
    place="Bình Lư",
    full_name="Trung tâm Phục vụ hành chính công xã Bình Lư",
    phone="0213 3875 123",
    address="Bản Bình Lư, xã Bình Lư, tỉnh Lai Châu",
)

DOSSIER = SlipDossier(
    code=CODE,
    procedure_name="Đăng ký khai sinh",
    applicant=Applicant(
        name="Lò Thị Mai",
        address="Bản Nà Khum, xã Bình Lư, tỉnh Lai Châu",
        phone="0912 345 678",
        email="lothimai@example.vn",
        personal_id="012190012345",
    ),
    agency=AGENCY,
    # 03:05 UTC is 10:05 in Hà Nội: the slips must convert, not print the stored zone.
    received_at=datetime(2026, 2, 13, 3, 5, tzinfo=UTC),
    due_at=at(16, 16, 0),
    statutory_limit="01 ngày làm việc",
    documents=(
        DocumentLine("Tờ khai đăng ký khai sinh"),
        DocumentLine("Giấy chứng sinh", 1),
        DocumentLine("Căn cước của người cha", 2, DocumentForm.CERTIFIED_COPY),
    ),
    channel=Channel.IN_PERSON,
    return_place="Trung tâm Phục vụ hành chính công xã Bình Lư",
    register_book="01/2026",
    register_entry="0123",
    receiving_official="Nguyễn Văn Hùng",
    handling_agency="Phòng Văn hóa - Xã hội",
    missing_items=(
        MissingItem("Giấy chứng sinh bản chính", "Bản đã nộp là bản chụp, không đọc được"),
        MissingItem("Văn bản ủy quyền", "Người nộp không phải cha, mẹ của trẻ"),
    ),
    guidance_contact="Nguyễn Văn Hùng",
    guidance_phone="0213 3875 123",
    refusal_reason="Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã.",
    apology_reason="Phải xác minh nơi cư trú của người mẹ tại Công an xã Sơn Bình.",
    new_due_at=at(18, 16, 30),
    stop_reason="Người nộp hồ sơ có đơn xin dừng giải quyết ngày 15/02/2026.",
    stopped_at=at(16, 9, 30),
    handovers=(
        HandOver(
            "Bộ phận Một cửa",
            "Phòng Văn hóa - Xã hội",
            at(13, 10, 30),
            from_person="Nguyễn Văn Hùng",
            to_person="Lường Văn Sơn",
            result=Timeliness.EARLY,
        ),
        HandOver(
            "Phòng Văn hóa - Xã hội",
            "Lãnh đạo UBND xã",
            at(14, 8, 0),
            from_person="Lường Văn Sơn",
            to_person="Tẩn Láo Tả",
            result=Timeliness.ON_TIME,
            note="Trình ký",
        ),
    ),
    issued_at=at(13, 10, 6),
    number="15/TB-TTPVHCC",
    signer=Signer(("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), "Vàng Thị Dung"),
)


def pdf_text(pdf: bytes, tmp: Path, *, first: int | None = None, last: int | None = None) -> str:
    """pdftotext -layout, whitespace collapsed: a sentence wrapped over two lines, or stretched
    by justification, still reads as one."""
    src = tmp / "doc.pdf"
    src.write_bytes(pdf)
    cmd = ["pdftotext", "-layout", "-enc", "UTF-8"]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    out = subprocess.run([*cmd, str(src), "-"], check=True, capture_output=True, text=True)
    return " ".join(out.stdout.split())


def pdf_info(pdf: bytes, tmp: Path) -> dict[str, str]:
    src = tmp / "info.pdf"
    src.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(src)], check=True, capture_output=True, text=True)
    return dict(
        (key.strip(), value.strip())
        for key, value in (line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)
    )


def page_size(info: dict[str, str]) -> tuple[int, int]:
    w, h = re.match(r"([\d.]+) x ([\d.]+) pts", info["Page size"]).groups()  # type: ignore[union-attr]
    return round(float(w)), round(float(h))


def pdf_fonts(pdf: bytes, tmp: Path) -> list[str]:
    src = tmp / "fonts.pdf"
    src.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(src)], check=True, capture_output=True, text=True)
    return [line.split()[0] for line in out.stdout.splitlines()[2:] if line.strip()]


class Rendered:
    """One render of each form, shared by the tests of this module."""

    def __init__(self) -> None:
        self.fetchers: dict[str, LocalFileFetcher] = {}
        self.pdfs: dict[str, bytes] = {}
        for name, fn in (
            ("receipt", render.receipt_pdf),
            ("supplement", render.supplement_request_pdf),
            ("refusal", render.refusal_pdf),
            ("apology", render.apology_pdf),
            ("stop", render.stop_notice_pdf),
            ("control", render.control_slip_pdf),
        ):
            fetcher = LocalFileFetcher()
            self.pdfs[name] = fn(DOSSIER, fetcher=fetcher)
            self.fetchers[name] = fetcher


@pytest.fixture(scope="module")
def rendered() -> Rendered:
    return Rendered()


@pytest.fixture
def text_of(rendered: Rendered, tmp_path: Path):
    return lambda name, **kw: pdf_text(rendered.pdfs[name], tmp_path, **kw)


# Every slip names the applicant with diacritics and carries the national header.
@pytest.mark.parametrize(
    "name, title",
    [
        ("receipt", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
        ("supplement", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
        ("refusal", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
        ("apology", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"),
        ("stop", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"),
        ("control", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
    ],
)
def test_each_slip_has_title_header_code_and_applicant(text_of, rendered, tmp_path, name, title):
    text = text_of(name)
    assert title in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "UBND XÃ BÌNH LƯ" in text
    assert "TRUNG TÂM PHỤC VỤ HÀNH" in text and "CHÍNH CÔNG" in text  # two lines on the left
    assert "Bình Lư, ngày 13 tháng 02 năm 2026" in text
    assert CODE in text
    assert "Lò Thị Mai" in text
    assert page_size(pdf_info(rendered.pdfs[name], tmp_path)) == A4_PTS


def test_receipt_lists_times_documents_and_both_copies(text_of, rendered, tmp_path):
    text = text_of("receipt")
    assert pdf_info(rendered.pdfs["receipt"], tmp_path)["Pages"] == "2"
    page1, page2 = text_of("receipt", first=1, last=1), text_of("receipt", first=2, last=2)
    assert "Liên 1: Lưu tại Bộ phận Một cửa" in page1 and "Liên 2" not in page1
    assert "Liên 2: Giao người nộp hồ sơ" in page2 and CODE in page2
    # Stored in UTC, printed in Hà Nội time.
    assert "Thời gian nhận hồ sơ: 10 giờ 05 phút, ngày 13 tháng 02 năm 2026" in text
    assert "16 giờ 00 phút, ngày 16 tháng 02 năm 2026" in text
    assert "01 ngày làm việc" in text
    for doc in ("Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "Căn cước của người cha"):
        assert doc in text
    assert re.search(r"3 Căn cước của người cha Bản sao chứng (thực )?02", text)
    assert "Quyển số: 01/2026" in text and "Số thứ tự: 0123" in text
    assert "Nguyễn Văn Hùng" in text  # the receiving official signs
    assert "Hình thức nộp hồ sơ: Trực tiếp" in text


def test_receipt_qr_code_decodes_to_the_dossier_code(rendered, tmp_path):
    assert shutil.which("zbarimg"), "zbar-tools missing: run scripts/system-deps.sh"
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(rendered.pdfs["receipt"])
    for page in (1, 2):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "150",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(pdf),
                str(tmp_path / f"p{page}"),
            ],
            check=True,
        )
        out = subprocess.run(
            ["zbarimg", "--raw", "-q", str(tmp_path / f"p{page}.png")],
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.split() == [CODE]


def _qr_of_first_page(pdf_bytes: bytes, tmp_path) -> str:
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(pdf_bytes)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(tmp_path / "q")], check=True)
    out = subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "q.png")],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_receipt_qr_opens_the_status_lookup_when_the_public_address_is_known(
        tmp_path, settings):
    settings.MOTCUA_PUBLIC_URL = "https://dichvucong.laichau.gov.vn/"
    link = _qr_of_first_page(render.receipt_pdf(DOSSIER, copies=1), tmp_path)
    assert link == ("https://dichvucong.laichau.gov.vn/dich-vu-cong/tra-cuu/?ma="
                    + CODE.replace("/", "%2F"))
    settings.MOTCUA_PUBLIC_URL = ""
    assert _qr_of_first_page(render.receipt_pdf(DOSSIER, copies=1), tmp_path) == CODE


def test_receipt_a5_single_copy(tmp_path):
    pdf = render.receipt_pdf(DOSSIER, page_size="A5", copies=1)
    info = pdf_info(pdf, tmp_path)
    assert page_size(info) == A5_PTS
    assert info["Pages"] == "1"
    text = pdf_text(pdf, tmp_path)
    assert "Liên 2: Giao người nộp hồ sơ" in text and "Liên 1" not in text
    assert "Lò Thị Mai" in text


def test_receipt_rejects_unknown_paper_and_copies():
    with pytest.raises(InvalidInput, match="Khổ giấy"):
        render.receipt_pdf(DOSSIER, page_size="Letter")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="liên"):
        render.receipt_pdf(DOSSIER, copies=3)


def test_supplement_request_lists_items_with_reasons_and_contact(text_of):
    text = text_of("supplement")
    assert "1 Giấy chứng sinh bản chính Bản đã nộp là bản chụp, không đọc được" in text
    assert "2 Văn bản ủy quyền Người nộp không phải cha, mẹ của trẻ" in text
    assert "số điện thoại 0213 3875 123" in text
    assert "NGƯỜI HƯỚNG DẪN" in text
    assert "không tính vào thời hạn giải quyết" in text


def test_refusal_states_the_reason(text_of):
    text = text_of("refusal")
    assert "không thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã" in text
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in text and "Nguyễn Văn Hùng" in text


def test_apology_gives_reason_old_and_new_dates_and_signer(text_of):
    text = text_of("apology")
    assert "Số: 15/TB-TTPVHCC" in text
    assert "Kính gửi: Lò Thị Mai" in text
    assert "Công an xã Sơn Bình" in text
    assert "16 giờ 00 phút, ngày 16 tháng 02 năm 2026" in text  # the promise broken
    assert "16 giờ 30 phút, ngày 18 tháng 02 năm 2026" in text  # the new one
    assert "xin lỗi" in text
    assert "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text and "Vàng Thị Dung" in text


def test_stop_notice_gives_reason_and_time(text_of):
    text = text_of("stop")
    assert "dừng giải quyết hồ sơ nêu trên kể từ 09 giờ 30 phút, ngày 16 tháng 02 năm 2026" in text
    assert "đơn xin dừng giải quyết ngày 15/02/2026" in text
    assert "Nơi nhận:" in text


def test_control_slip_has_handover_table(text_of):
    text = text_of("control")
    for header in ("TÊN CƠ QUAN", "THỜI GIAN GIAO, NHẬN HỒ SƠ", "KẾT QUẢ GIẢI QUYẾT", "GHI CHÚ"):
        assert header in text
    # Table cells wrap and interleave in the text dump: check them piece by piece.
    assert "1. Giao: Bộ phận Một" in text and "Nhận: Phòng Văn" in text
    assert "2. Giao: Phòng Văn" in text and "Nhận: Lãnh đạo" in text
    assert "10 giờ 30 phút, ngày 13 tháng 02 năm" in text
    assert "Trước hạn" in text and "Đúng hạn" in text and "Trình ký" in text
    for person in ("Lường Văn Sơn", "Tẩn Láo Tả"):
        assert person in text
    assert "3. Giao:" in text and "4. Giao:" in text  # blank rows to fill by hand
    assert "Người giao" in text and "Người nhận" in text


@pytest.mark.parametrize(
    "fn, field, message",
    [
        (render.refusal_pdf, "refusal_reason", "lý do từ chối"),
        (render.supplement_request_pdf, "missing_items", "ít nhất một nội dung"),
        (render.apology_pdf, "apology_reason", "lý do chậm"),
        (render.apology_pdf, "new_due_at", "hẹn lại ngày"),
        (render.stop_notice_pdf, "stop_reason", "lý do"),
    ],
)
def test_a_slip_without_its_own_data_is_refused(fn, field, message):
    empty = () if field == "missing_items" else (None if field == "new_due_at" else "")
    with pytest.raises(InvalidInput, match=message) as err:
        fn(replace(DOSSIER, **{field: empty}))
    assert err.value.details["field"] == field


def test_apology_new_date_must_be_later():
    with pytest.raises(InvalidInput, match="phải sau"):
        render.apology_pdf(replace(DOSSIER, new_due_at=DOSSIER.due_at))


def test_only_shipped_fonts_are_embedded_and_nothing_remote_is_fetched(rendered, tmp_path):
    for name, pdf in rendered.pdfs.items():
        fonts = pdf_fonts(pdf, tmp_path)
        assert fonts and all("Slip-Serif" in f for f in fonts), (name, fonts)
        fetcher = rendered.fetchers[name]
        assert fetcher.refused == []
        assert fetcher.requested  # the fonts went through the fetcher…
        for url in fetcher.requested:  # …and they are the project's files
            assert url.startswith(FONTS_DIR.as_uri()), url


def test_fetcher_refuses_remote_and_foreign_files_without_touching_the_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("a slip tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    fetcher = LocalFileFetcher()
    html = (
        "<html><head><link rel='stylesheet' href='https://cdn.example.com/x.css'></head>"
        "<body><img src='http://198.51.100.7/logo.png'><img src='file:///etc/hostname'>"
        "<p>Xin chào</p></body></html>"
    )
    pdf = html_to_pdf(html, fetcher=fetcher)
    assert pdf.startswith(b"%PDF")
    assert set(fetcher.refused) == {
        "https://cdn.example.com/x.css",
        "http://198.51.100.7/logo.png",
        "file:///etc/hostname",
    }


def test_decomposed_input_prints_composed_letters(tmp_path):
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn Hùng")
    assert nfd != "Nguyễn Văn Hùng"
    d = replace(DOSSIER, applicant=replace(DOSSIER.applicant, name=nfd))
    text = pdf_text(render.refusal_pdf(d), tmp_path)
    assert "Nguyễn Văn Hùng" in text
    assert nfd not in text


def test_user_text_is_escaped_not_interpreted(tmp_path):
    d = replace(DOSSIER, refusal_reason="<b>Thiếu</b> giấy tờ & <script>x</script>")
    text = pdf_text(render.refusal_pdf(d), tmp_path)
    assert "<b>Thiếu</b> giấy tờ & <script>x</script>" in text


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        replace(DOSSIER, due_at=datetime(2026, 2, 16, 16, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        HandOver("A", "B", datetime(2026, 2, 13, 10, 0))
