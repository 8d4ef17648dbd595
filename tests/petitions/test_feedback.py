"""Feedback (kiến nghị, phản ánh) from the portal: stored with its commune, files checked by
their content, a reference for the sender, rate-limited."""

import io
import re
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from views_fixtures import page_text

from motcua.errors import InvalidInput
from motcua.petitions import domain, services
from motcua.petitions.models import Feedback


def _image(fmt: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 6), (120, 130, 140)).save(out, format=fmt)
    return out.getvalue()


def _pdf() -> bytes:
    import pikepdf

    pdf, out = pikepdf.new(), io.BytesIO()
    pdf.add_blank_page(page_size=(200, 100))
    pdf.save(out)
    return out.getvalue()


PNG, JPEG, PDF = _image("PNG"), _image("JPEG"), _pdf()
TEXT = "Đường vào bản Nà Khum sạt lở, xin xã sửa sớm."


def _file(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _send(**kw):
    data = {"kind": "feedback", "text": TEXT, "commune_code": "03390"}
    data.update(kw)
    return services.submit_feedback(**data)


def test_reference_shape():
    import datetime as dt

    ref = domain.new_reference(dt.date(2026, 11, 25))
    assert domain.REFERENCE_RE.match(ref) and ref.startswith("PA-261125-")


def test_stored_with_commune_files_and_reference(units):
    fb = _send(kind="recommendation", text=unicodedata.normalize("NFD", TEXT),
               contact_name="Lò Thị Mai", contact_phone="0912 345 678",
               files=[_file("anh.jpg", JPEG, "image/jpeg"), _file("scan", PDF),
                      _file("so-do.png", PNG)])
    fb.refresh_from_db()
    assert domain.REFERENCE_RE.match(fb.reference)
    assert (fb.commune_code, fb.province_code, fb.kind) == ("03390", "12", "recommendation")
    assert fb.text == TEXT and fb.received_at is not None
    kinds = [a.content_type for a in fb.attachments.all()]
    assert kinds == ["image/jpeg", "application/pdf", "image/png"]
    # The PDF is kept byte for byte (a signature must stay valid); images are re-encoded.
    assert fb.attachments.all()[1].file.read() == PDF
    assert all("anh" not in a.file.name for a in fb.attachments.all())


@pytest.mark.parametrize(("kw", "field"), [
    ({"kind": "complaint"}, "kind"),
    ({"text": "ngắn"}, "text"),
    ({"text": "x" * 5001}, "text"),
    ({"commune_code": "99999"}, "commune_code"),
    ({"contact_phone": "gọi tôi"}, "contact_phone"),
    ({"contact_email": "khong-phai-email"}, "contact_email"),
    ({"files": [_file("anh.png", b"MZ\x90\0 not an image")]}, "files"),
    ({"files": [_file("a.pdf", PDF)] * 4}, "files"),
])
def test_refused_with_a_message_and_nothing_written(units, kw, field):
    with pytest.raises(InvalidInput) as e:
        _send(**kw)
    assert e.value.details["field"] == field and e.value.message
    assert not Feedback.objects.exists()


def test_size_limit_from_settings(units, settings):
    settings.MOTCUA_FEEDBACK_MAX_FILE_BYTES = 1024
    with pytest.raises(InvalidInput, match="quá giới hạn"):
        _send(files=[_file("big.png", PNG + b"\0" * 2000)])
    assert _send(files=[_file("small.png", PNG)]).attachments.count() == 1


def test_commune_of_another_province_refused_when_the_portal_has_one(units):
    with pytest.raises(InvalidInput):
        _send(commune_code="00004", allowed_province="12")


def test_form_sends_and_shows_the_reference(units, client):
    page = client.get("/dich-vu-cong/phan-anh/", {"ma": "000.00.12.h26-261125-0001"})
    body = page.content.decode()
    assert 'value="03390"' in body and "Bình Lư" in body
    assert 'value="000.00.12.H26-261125-0001"' in body
    r = client.post("/dich-vu-cong/phan-anh/", {
        "kind": "feedback", "text": TEXT, "commune_code": "03390",
        "dossier_code": "000.00.12.H26-261125-0001",
        "files": [io.BytesIO(PNG)],
    })
    assert r.status_code == 302
    done = client.get(r["Location"])
    fb = Feedback.objects.get()
    assert fb.reference in page_text(done)
    assert fb.dossier_code == "000.00.12.H26-261125-0001" and fb.dossier is None
    assert fb.attachments.count() == 1


def test_form_error_keeps_the_text_and_points_at_the_field(units, client):
    r = client.post("/dich-vu-cong/phan-anh/", {"kind": "feedback", "text": TEXT,
                                                "commune_code": ""})
    assert r.status_code == 400
    assert "Hãy chọn xã" in page_text(r) and TEXT in r.content.decode()
    assert re.search(r'class="field has-error">\s*<label for="commune_code"',
                     r.content.decode())


def test_rate_limited(units, client, settings):
    settings.MOTCUA_PORTAL_FEEDBACK_LIMIT = "2/3600"
    data = {"kind": "feedback", "text": TEXT, "commune_code": "03390"}
    assert client.post("/dich-vu-cong/phan-anh/", data).status_code == 302
    assert client.post("/dich-vu-cong/phan-anh/", data).status_code == 302
    r = client.post("/dich-vu-cong/phan-anh/", data)
    assert r.status_code == 429 and "quá nhiều lần" in page_text(r)
    assert Feedback.objects.count() == 2


def test_admin_lists_and_shows_feedback_read_only(units, client, django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    fb = _send(files=[_file("a.png", PNG)])
    admin = django_user_model.objects.create_superuser("qt-admin", "qt@example.vn", "x")
    client.force_login(admin)
    listing = client.get("/admin/petitions/feedback/")
    assert listing.status_code == 200 and fb.reference in listing.content.decode()
    page = client.get(f"/admin/petitions/feedback/{fb.pk}/change/")
    assert page.status_code == 200 and TEXT in page.content.decode()
    assert client.get("/admin/portal/rating/").status_code == 200
