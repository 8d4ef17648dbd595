"""Real hostile files, built with the libraries an attacker would use (pikepdf, Pillow)."""

from __future__ import annotations

import io
import struct
import zlib

import pikepdf
from PIL import Image


def _save(pdf: pikepdf.Pdf, **kw) -> bytes:
    out = io.BytesIO()
    if "encryption" not in kw:
        kw.setdefault("deterministic_id", True)
    pdf.save(out, **kw)
    return out.getvalue()


def clean_pdf(pages: int = 1) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(200, 100))
    return _save(pdf)


def pdf_open_action_js() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.OpenAction = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Action, S=pikepdf.Name.JavaScript,
        JS=pikepdf.String("app.alert('x')")))
    return _save(pdf)


def pdf_names_js() -> bytes:
    """JavaScript in the document's names tree, inside a compressed object stream."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    action = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                                                  JS=pikepdf.String("this.exportDataObject()")))
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(
        Names=pikepdf.Array([pikepdf.String("a"), action])))
    return _save(pdf, object_stream_mode=pikepdf.ObjectStreamMode.generate)


def pdf_embedded_file() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    spec = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00 payload", filename="invoice.exe")
    pdf.attachments["invoice.exe"] = spec
    return _save(pdf)


def pdf_link_js() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    link = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
        Rect=pikepdf.Array([0, 0, 100, 100]),
        A=pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                             JS=pikepdf.String("app.launchURL('http://evil')"))))
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([link]))
    return _save(pdf)


def pdf_launch() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].AA = pikepdf.Dictionary(O=pikepdf.Dictionary(
        S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe")))
    return _save(pdf)


def pdf_xfa() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(),
                                           XFA=pdf.make_stream(b"<xdp:xdp/>"))
    return _save(pdf)


def pdf_encrypted() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    return _save(pdf, encryption=pikepdf.Encryption(owner="chu", user="", R=6))


def pdf_password() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    return _save(pdf, encryption=pikepdf.Encryption(owner="chu", user="mo", R=6))


def pdf_truncated() -> bytes:
    data = clean_pdf(3)
    return data[: len(data) // 2]


def png(width: int = 40, height: int = 30, mode: str = "RGB", **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), "white" if mode != "RGBA" else (0, 0, 0, 0)).save(
        out, format="PNG", **save)
    return out.getvalue()


def png_polyglot() -> bytes:
    """A real PNG with an HTML page and a ZIP archive after its end."""
    zip_part = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(zip_part, "w") as z:
        z.writestr("run.js", "alert(1)")
    return png() + b"<html><script>alert(document.cookie)</script></html>" + zip_part.getvalue()


def png_with_text() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    return png(pnginfo=info)


GPS = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 12.0)}


def jpeg_with_gps(width: int = 60, height: int = 20, orientation: int = 6) -> bytes:
    """A wide photo whose EXIF says "rotate 90°" and where it was taken."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x8825] = GPS
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), comment=b"secret comment")
    return out.getvalue()


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A few KB that claim 10 000 megapixels (one grey row repeated, deflated)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * width
    data = b"".join(compressor.compress(row) for _ in range(50)) + compressor.flush()
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", data) + chunk(b"IEND", b""))


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"PE\x00\x00"
HTML = b"<html><body><script>fetch('/ho-so/').then(r=>r.text())</script></body></html>"
HTML_WITH_PDF_MARKER = b"<html><script>alert(1)</script>%PDF-1.4</html>"
NFD_TRAVERSAL_NAME = "../../etc/Gia\u0301y chu\u031bng sinh.pdf"


def pdf_many_objects(count: int = 60_000) -> bytes:
    """Small on disk (object streams), slow to walk: a denial of service, not a document."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.X = pdf.make_indirect(pikepdf.Array(
        [pdf.make_indirect(pikepdf.Dictionary(A=i)) for i in range(count)]))
    return _save(pdf, object_stream_mode=pikepdf.ObjectStreamMode.generate)
