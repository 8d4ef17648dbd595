"""Looking inside an upload, pure Python (pikepdf, Pillow; no Django): a PDF is opened and
refused if it is damaged, encrypted, too long or carries anything active (JavaScript,
launch actions, embedded files, XFA forms); an image is decoded within a pixel budget,
turned upright from its EXIF orientation and re-encoded into a fresh JPEG or PNG, so no
metadata (EXIF GPS position, comments) and no bytes hidden after the image (a polyglot
that is also HTML or ZIP) survive.

A PDF is kept byte for byte when it passes: rewriting it would break the digital
signature of an electronic result.

Every refusal is a :class:`Refusal` with a machine-readable code and the Vietnamese
sentence saying what is wrong and what to do; ``motcua.uploads`` adds the file's name.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Any

from motcua.uploads.rules import JPEG, PNG, WEBP


class Refusal(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# -- PDF ------------------------------------------------------------------------------------

_ACTIVE_MESSAGE = ("có {what}. Không nhận tệp PDF có nội dung chạy được hoặc tệp đính kèm "
                   "bên trong; hãy in lại ra PDF (In → Lưu dưới dạng PDF) hoặc quét lại "
                   "giấy tờ rồi gửi.")


def _active(code: str, what: str) -> Refusal:
    return Refusal(f"upload.pdf_{code}", _ACTIVE_MESSAGE.format(what=what))


_JAVASCRIPT = _active("javascript", "mã JavaScript")
_EMBEDDED = _active("embedded_file", "tệp khác nhúng bên trong")
_LAUNCH = _active("launch", "lệnh mở chương trình (Launch)")
_XFA = _active("xfa", "biểu mẫu XFA")


def _check_dictionary(obj: Any) -> None:
    keys = set(obj.keys())
    if keys & {"/JS", "/JavaScript"}:
        raise _JAVASCRIPT
    if keys & {"/EmbeddedFiles", "/EF", "/RichMedia", "/RichMediaContent"}:
        raise _EMBEDDED
    if "/Launch" in keys:
        raise _LAUNCH
    if "/XFA" in keys:
        raise _XFA
    action = str(obj.get("/S", "")) if "/S" in keys else ""
    if action == "/JavaScript":
        raise _JAVASCRIPT
    if action == "/Launch":
        raise _LAUNCH
    if action in ("/GoToE", "/ImportData"):
        raise _EMBEDDED
    if "/Type" in keys and str(obj.get("/Type")) == "/EmbeddedFile":
        raise _EMBEDDED
    if "/Subtype" in keys and str(obj.get("/Subtype")) in ("/FileAttachment", "/RichMedia"):
        raise _EMBEDDED


def _walk(root: Any) -> None:
    """Every dictionary reachable from ``root`` without following indirect references
    (each indirect object is walked on its own)."""
    import pikepdf

    def nested(values: Any) -> list[Any]:
        return [v for v in values if isinstance(v, (pikepdf.Dictionary, pikepdf.Array))
                and not v.is_indirect]

    stack = [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Stream):
            _check_dictionary(obj.stream_dict)
            stack.extend(nested(obj.stream_dict.values()))
        elif isinstance(obj, pikepdf.Dictionary):
            _check_dictionary(obj)
            stack.extend(nested(obj.values()))
        elif isinstance(obj, pikepdf.Array):
            stack.extend(nested(obj))


# Scans and office documents have hundreds or a few thousand objects; walking each costs
# ~25 µs, so a 10 MB file of a million tiny objects would hold a worker for half a minute.
MAX_PDF_OBJECTS = 50_000


@dataclass(frozen=True)
class PdfFacts:
    pages: int


def inspect_pdf(data: bytes, *, max_pages: int) -> PdfFacts:
    import pikepdf

    damaged = Refusal("upload.pdf_damaged",
                      "bị hỏng hoặc không đầy đủ (có thể tải lên bị ngắt giữa chừng). Hãy mở "
                      "tệp kiểm tra, lưu hoặc quét lại rồi gửi.")
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise _encrypted() from None
    except Exception:  # qpdf raises several types for unreadable files
        raise damaged from None
    with pdf:
        if pdf.is_encrypted:
            raise _encrypted()
        if any("file is damaged" in w for w in pdf.get_warnings()):
            raise damaged
        # /Size first (free), then the real count (it builds the list of objects).
        declared = pdf.trailer.get("/Size", 0)
        if (isinstance(declared, int) and declared > MAX_PDF_OBJECTS) or len(
                pdf.objects) > MAX_PDF_OBJECTS:
            raise Refusal("upload.pdf_too_complex",
                          f"có cấu trúc quá phức tạp (hơn {MAX_PDF_OBJECTS:,} đối tượng)"
                          .replace(",", ".") + ". Hãy in lại ra PDF hoặc quét lại giấy tờ rồi "
                          "gửi.")
        try:
            pages = len(pdf.pages)
            _walk(pdf.trailer)
            for obj in pdf.objects:
                _walk(obj)
        except Refusal:
            raise
        except Exception:
            raise damaged from None
        if pages == 0:
            raise damaged
        if pages > max_pages:
            raise Refusal("upload.pdf_too_many_pages",
                          f"có {pages} trang, quá giới hạn {max_pages} trang. Hãy chia thành "
                          "nhiều tệp hoặc chỉ gửi các trang cần thiết.")
        return PdfFacts(pages=pages)


def _encrypted() -> Refusal:
    return Refusal("upload.pdf_encrypted",
                   "được đặt mật khẩu hoặc mã hóa. Hãy gỡ mật khẩu (hoặc in lại ra PDF "
                   "thường) rồi gửi.")


# -- images -----------------------------------------------------------------------------------

_PIL_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}
JPEG_QUALITY = 90


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    kind: str  # "jpeg" or "png"
    width: int
    height: int


def reencode_image(data: bytes, kind: str, *, max_pixels: int) -> CleanImage:
    """Decode ``data`` (whose kind was sniffed) and return it re-encoded, upright and
    without metadata."""
    from PIL import Image, ImageOps

    damaged = Refusal("upload.image_damaged",
                      "không mở được như một ảnh (bị hỏng hoặc không đầy đủ). Hãy chụp "
                      "hoặc xuất lại ảnh rồi gửi.")

    def too_big(width: int, height: int) -> Refusal:
        return Refusal("upload.image_pixels",
                       f"có kích thước {width}×{height} điểm ảnh, quá giới hạn "
                       f"{max_pixels // 1_000_000} triệu điểm ảnh. Hãy chụp với độ phân "
                       "giải thấp hơn hoặc thu nhỏ ảnh rồi gửi.")

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=[_PIL_FORMATS[kind]])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise Refusal("upload.image_pixels",
                          f"có kích thước quá lớn (hơn {max_pixels // 1_000_000} triệu điểm "
                          "ảnh). Hãy chụp với độ phân giải thấp hơn hoặc thu nhỏ ảnh rồi "
                          "gửi.") from None
        except Exception:
            raise damaged from None
        width, height = image.size
        if width <= 0 or height <= 0:
            raise damaged
        if width * height > max_pixels:
            raise too_big(width, height)
        try:
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            return _encode(upright, kind)
        except Refusal:
            raise
        except Exception:  # Pillow raises OSError, SyntaxError, ValueError, struct.error…
            raise damaged from None
        finally:
            image.close()


def _encode(image: Any, kind: str) -> CleanImage:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info)
    out_kind = PNG if kind == PNG or (kind == WEBP and has_alpha) else JPEG
    # No copy when the mode fits: a 48 MP photo is 144 MB of pixels per copy.
    if out_kind == JPEG:
        clean = image.convert("RGB") if image.mode not in ("L", "RGB") else image
    elif image.mode in ("1", "L", "LA", "P", "RGB", "RGBA", "I;16"):
        clean = image
    else:
        clean = image.convert("RGBA")
    transparency = image.info.get("transparency") if clean.mode == "P" else None
    # A fresh info dict: nothing of the original's metadata (EXIF, XMP, ICC, text chunks,
    # comments) is handed to the encoder.
    clean.info = {}
    buffer = io.BytesIO()
    if out_kind == JPEG:
        clean.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    else:
        options = {"transparency": transparency} if transparency is not None else {}
        clean.save(buffer, format="PNG", optimize=False, **options)
    return CleanImage(buffer.getvalue(), out_kind, clean.width, clean.height)
