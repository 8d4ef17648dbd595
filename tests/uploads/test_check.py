"""The one upload check against real hostile files: every refusal is an ``InvalidInput``
with an ``upload.*`` code and a Vietnamese sentence; what passes is safe to store."""

from __future__ import annotations

import ast
import io
import unicodedata
from pathlib import Path

import malicious as m
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from motcua.errors import InvalidInput
from motcua.uploads import check_bytes, check_total, check_upload
from motcua.uploads.rules import name_agrees, safe_name, sniff

REFUSED_PDFS = [
    (m.pdf_open_action_js, "upload.pdf_javascript", "JavaScript"),
    (m.pdf_names_js, "upload.pdf_javascript", "JavaScript"),
    (m.pdf_link_js, "upload.pdf_javascript", "JavaScript"),
    (m.pdf_embedded_file, "upload.pdf_embedded_file", "tệp khác nhúng bên trong"),
    (m.pdf_launch, "upload.pdf_launch", "lệnh mở chương trình"),
    (m.pdf_xfa, "upload.pdf_xfa", "biểu mẫu XFA"),
    (m.pdf_encrypted, "upload.pdf_encrypted", "mật khẩu"),
    (m.pdf_password, "upload.pdf_encrypted", "mật khẩu"),
    (m.pdf_truncated, "upload.pdf_damaged", "bị hỏng"),
    (lambda: m.clean_pdf(101), "upload.pdf_too_many_pages", "101 trang"),
    (m.pdf_many_objects, "upload.pdf_too_complex", "hơn 50.000 đối tượng"),
]


@pytest.mark.parametrize(("build", "code", "words"), REFUSED_PDFS)
def test_hostile_pdfs_are_refused_with_a_vietnamese_reason(build, code, words):
    with pytest.raises(InvalidInput) as exc:
        check_bytes(build(), name="to-khai.pdf", label="Tờ khai")
    assert exc.value.code == code and exc.value.status == 400
    assert exc.value.message.startswith("Tờ khai: tệp «to-khai.pdf»")
    assert words in exc.value.message
    assert unicodedata.is_normalized("NFC", exc.value.message)


def test_a_plain_pdf_is_kept_byte_for_byte_up_to_the_page_limit(settings):
    data = m.clean_pdf(100)
    assert check_bytes(data, name="ho-so.pdf").data == data
    settings.MOTCUA_UPLOAD_MAX_PDF_PAGES = 3
    with pytest.raises(InvalidInput, match="quá giới hạn 3 trang"):
        check_bytes(m.clean_pdf(4), name="ho-so.pdf")


@pytest.mark.parametrize(("data", "name"), [
    (m.EXE, "giay-chung-sinh.pdf"),
    (m.HTML, "giay-chung-sinh.pdf"),
    (m.HTML_WITH_PDF_MARKER, "giay-chung-sinh.pdf"),
    (b"PK\x03\x04" + b"\0" * 40, "to-khai.pdf"),
])
def test_a_pdf_name_on_something_else_is_refused(data, name):
    with pytest.raises(InvalidInput) as exc:
        check_bytes(data, name=name)
    assert exc.value.code == "upload.type" and "không phải PDF" in exc.value.message


def test_a_pdf_name_on_an_image_and_an_image_name_on_a_pdf_are_refused():
    with pytest.raises(InvalidInput) as exc:
        check_bytes(m.png(), name="to-khai.pdf")
    assert exc.value.code == "upload.extension_mismatch"
    assert "đuôi «.pdf» nhưng nội dung là PNG" in exc.value.message
    with pytest.raises(InvalidInput):
        check_bytes(m.clean_pdf(), name="anh.jpg")


def test_jpeg_loses_gps_and_comment_and_is_turned_upright():
    original = m.jpeg_with_gps(width=60, height=20, orientation=6)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # GPS really there
    checked = check_bytes(original, name="anh.jpg")
    assert checked.kind == "jpeg" and checked.data != original
    image = Image.open(io.BytesIO(checked.data))
    assert image.size == (20, 60)  # orientation 6 = rotate 90°: applied, not just dropped
    exif = image.getexif()
    assert not exif.get_ifd(0x8825) and 0x0112 not in exif and 0x010F not in exif
    assert "comment" not in image.info and b"secret comment" not in checked.data
    assert b"PhoneMaker" not in checked.data and b"Exif" not in checked.data


def test_a_png_polyglot_loses_what_follows_the_image():
    polyglot = m.png_polyglot()
    checked = check_bytes(polyglot, name="so-do.png")
    assert checked.kind == "png"
    assert b"<html" not in checked.data and b"PK\x03\x04" not in checked.data
    assert checked.data.endswith(b"IEND\xaeB`\x82")
    assert Image.open(io.BytesIO(checked.data)).size == (40, 30)


def test_png_text_chunks_are_dropped_and_transparency_kept():
    checked = check_bytes(m.png_with_text(), name="a.png")
    assert b"<script>" not in checked.data and b"tEXt" not in checked.data
    clear = check_bytes(m.png(mode="RGBA"), name="b.png")
    assert Image.open(io.BytesIO(clear.data)).mode == "RGBA"


def test_decompression_bombs_are_refused_before_decoding():
    bomb = m.png_bomb()
    assert len(bomb) < 100_000
    with pytest.raises(InvalidInput) as exc:
        check_bytes(bomb, name="bom.png")
    assert exc.value.code == "upload.image_pixels" and "điểm ảnh" in exc.value.message
    with pytest.raises(InvalidInput, match="9000×9000"):
        check_bytes(m.png_bomb(9000, 9000), name="bom.png")


def test_pixel_limit_from_settings(settings):
    settings.MOTCUA_UPLOAD_MAX_IMAGE_PIXELS = 1000
    check_bytes(m.png(40, 25), name="a.png")
    with pytest.raises(InvalidInput, match="40×26"):
        check_bytes(m.png(40, 26), name="a.png")


def test_a_truncated_image_is_refused():
    data = m.jpeg_with_gps(200, 200)
    with pytest.raises(InvalidInput) as exc:
        check_bytes(data[: len(data) // 2], name="anh.jpg")
    assert exc.value.code == "upload.image_damaged"


def test_webp_from_a_phone_becomes_jpeg_and_heic_is_explained():
    out = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(out, format="WEBP")
    checked = check_bytes(out.getvalue(), name="anh.webp")
    assert checked.kind == "jpeg" and checked.stored_name("x") == "x.jpg"
    heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 64
    with pytest.raises(InvalidInput) as exc:
        check_bytes(heic, name="IMG_0001.HEIC")
    assert exc.value.code == "upload.heic" and "Tương thích nhất" in exc.value.message


def test_size_is_refused_before_reading_and_totals_are_bounded(settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 500

    class Huge(io.BytesIO):
        size = 10**9

        def read(self, *a):  # pragma: no cover - must not be called
            raise AssertionError("read a file already known to be too large")

    with pytest.raises(InvalidInput) as exc:
        check_upload(Huge(), label="Tờ khai")
    assert exc.value.code == "upload.too_large"
    settings.MOTCUA_UPLOAD_MAX_TOTAL_BYTES = 150
    small = check_bytes(m.png(2, 2), name="a.png")
    check_total([small])
    with pytest.raises(InvalidInput) as exc:
        check_total([small, small])
    assert exc.value.code == "upload.total_too_large" and "tổng cộng" in exc.value.message


def test_names_are_made_safe():
    nfd = m.NFD_TRAVERSAL_NAME
    assert safe_name(nfd) == unicodedata.normalize("NFC", "Giáy chưng sinh.pdf")
    assert safe_name("C:\\Users\\an\\..\\scan.pdf") == "scan.pdf"
    assert safe_name("../../") == "tệp" and safe_name("") == "tệp"
    assert safe_name("a\u202egnp.exe") == "a_gnp.exe"  # no right-to-left override
    assert safe_name('x"; filename=evil.html\r\n.pdf') == "x_; filename=evil.html__.pdf"
    long = safe_name("a" * 500 + ".pdf")
    assert len(long) == 150 and long.endswith(".pdf")
    checked = check_bytes(m.clean_pdf(), name=nfd)
    assert checked.name == unicodedata.normalize("NFC", "Giáy chưng sinh.pdf")


@given(st.text(max_size=300))
def test_safe_names_are_nfc_without_paths_or_controls(name):
    out = safe_name(name)
    assert out and unicodedata.is_normalized("NFC", out) and len(out) <= 150
    assert not set(out) & set('/\\"<>:|?*\x00\r\n\t')
    assert not out.startswith(".")


_PREFIXES = [b"", b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0",
             b"RIFF\0\0\0\0WEBPVP8 ", b"\0\0\0\x18ftypheic", m.clean_pdf()[:200],
             m.png()[:40]]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_PREFIXES), st.binary(max_size=4096), st.sampled_from(
    ["a.pdf", "a.png", "a.jpg", "x", "../b.webp"]))
def test_random_bytes_never_crash_the_check(prefix, body, name):
    try:
        checked = check_bytes(prefix + body, name=name)
    except InvalidInput as exc:
        assert exc.code.startswith("upload.") and exc.message
        return
    assert checked.kind in ("pdf", "jpeg", "png")
    assert sniff(checked.data) == checked.kind  # what is stored is what it says


_SEEDS = [m.clean_pdf(2), m.pdf_open_action_js(), m.pdf_embedded_file(), m.png(8, 8),
          m.jpeg_with_gps(16, 8)]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(len(_SEEDS))), st.lists(
    st.tuples(st.integers(min_value=0, max_value=5000), st.integers(0, 255)), max_size=8),
    st.integers(min_value=0, max_value=5000))
def test_damaged_real_files_never_crash_the_check(seed, flips, cut):
    data = bytearray(_SEEDS[seed])
    for at, value in flips:
        data[at % len(data)] = value
    data = bytes(data[: max(1, len(data) - cut % len(data))])
    try:
        checked = check_bytes(data, name="x")
    except InvalidInput as exc:
        assert exc.code.startswith("upload.")
        return
    assert sniff(checked.data) == checked.kind


@given(st.binary(max_size=64), st.sampled_from(["pdf", "jpeg", "png", "webp"]))
def test_names_without_extension_agree_with_anything(data, kind):
    assert name_agrees("giay-to", kind)
    assert name_agrees("x.PDF", kind) == (kind == "pdf")


def test_the_rules_and_the_inspection_import_no_django():
    package = Path(__file__).resolve().parents[2] / "src" / "motcua" / "uploads"
    for module in ("rules.py", "inspect.py"):
        tree = ast.parse((package / module).read_text(encoding="utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not [n for n in names if n.startswith("django")], module
