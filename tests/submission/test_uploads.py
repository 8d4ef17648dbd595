"""motcua.uploads: the type is read from the bytes, never from the name; size bounded."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from submission_helpers import pdf_bytes, png_bytes

from motcua.errors import InvalidInput
from motcua.uploads import check_bytes, check_upload, sniff


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 6), (10, 20, 30)).save(out, format="JPEG")
    return out.getvalue()


JPEG = _jpeg()


def test_real_files_are_recognised_by_content_and_the_name_must_agree():
    assert check_bytes(pdf_bytes(), name="to-khai.pdf").kind == "pdf"
    assert check_bytes(png_bytes(), name="anh.jpg").kind == "png"  # images among themselves
    assert check_bytes(JPEG, name="x").kind == "jpeg"
    assert check_bytes(png_bytes(), name="a").stored_name("s") == "s.png"
    for data, name in ((pdf_bytes(), "anh.png"), (png_bytes(), "giay.pdf")):
        with pytest.raises(InvalidInput) as exc:
            check_bytes(data, name=name)
        assert exc.value.code == "upload.extension_mismatch"


def test_a_disguised_file_is_refused_with_what_to_do():
    with pytest.raises(InvalidInput) as exc:
        check_bytes(b"MZ\x90\x00 not a scan", name="giay-chung-sinh.pdf", label="Giấy chứng sinh")
    assert exc.value.code == "upload.type"
    assert "Giấy chứng sinh" in exc.value.message and "giay-chung-sinh.pdf" in exc.value.message
    assert "PDF, JPEG, PNG" in exc.value.message


def test_images_only_where_a_photo_is_asked():
    with pytest.raises(InvalidInput) as exc:
        check_bytes(pdf_bytes(), name="dong-y.pdf", allowed=("jpeg", "png"))
    assert "(tệp này là PDF)" in exc.value.message


def test_size_limit_from_settings(settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 1000
    check_bytes(png_bytes(), name="a.png")
    with pytest.raises(InvalidInput) as exc:
        check_upload(io.BytesIO(b"%PDF-1.4" + b"0" * 2000), label="Tờ khai")
    assert exc.value.code == "upload.too_large"
    assert exc.value.details["limit"] == 1000


def test_the_default_limit_is_ten_megabytes(settings):
    del settings.MOTCUA_UPLOAD_MAX_BYTES  # may not exist; the fixture restores
    limit = 10 * 1024 * 1024
    with pytest.raises(InvalidInput) as exc:
        check_bytes(_pdf_of_size(limit + 1), name="to.pdf")
    assert "10 MB" in exc.value.message
    assert check_bytes(_pdf_of_size(limit), name="to.pdf").kind == "pdf"


def _pdf_of_size(size: int) -> bytes:
    """A valid PDF of exactly ``size`` bytes (a page whose content is mostly blanks)."""
    import pikepdf

    def build(blanks: int) -> bytes:
        pdf, out = pikepdf.new(), io.BytesIO()
        pdf.add_blank_page()
        pdf.pages[0].Contents = pdf.make_stream(b" " * blanks)
        pdf.save(out, compress_streams=False, deterministic_id=True)
        return out.getvalue()

    blanks = size
    for _ in range(3):
        data = build(blanks)
        blanks += size - len(data)
    assert len(data) == size
    return data


def test_an_empty_file_is_refused():
    with pytest.raises(InvalidInput) as exc:
        check_bytes(b"", name="rong.png")
    assert exc.value.code == "upload.empty"


@given(st.binary(min_size=1, max_size=2048))
def test_sniff_accepts_only_what_starts_like_the_format(data):
    kind = sniff(data)
    if kind == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    elif kind == "jpeg":
        assert data.startswith(b"\xff\xd8\xff")
    elif kind == "pdf":
        assert b"%PDF-" in data[:1024]
    else:
        assert kind is None


@given(st.binary(max_size=512))
def test_any_tail_after_a_signature_keeps_the_kind(tail):
    assert sniff(b"\x89PNG\r\n\x1a\n" + tail) == "png"
    assert sniff(b"%PDF-1.7\n" + tail) == "pdf"
