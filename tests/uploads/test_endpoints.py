"""Hostile files through the real doors: the portal's online submission, the official's
attach form on the dossier page, the API, the portal's feedback form. Each is refused
with its Vietnamese reason, and nothing is left behind: no file in the storage and no
row in the database."""

from __future__ import annotations

import io
import unicodedata

import malicious as m
import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from submission_helpers import BINH_LU, BIRTH, sign_in
from views_fixtures import act, client_for, page_text

from motcua.accounts.domain import Role
from motcua.catalog.models import RequiredDocument
from motcua.dossiers.models import Dossier, DossierAttachment, DossierEvent
from motcua.petitions.models import Feedback, FeedbackAttachment

# (uploaded name, bytes, words of the Vietnamese reason, code)
HOSTILE = {
    "open_action_js": ("to-khai.pdf", m.pdf_open_action_js, "có mã JavaScript",
                       "upload.pdf_javascript"),
    "link_js": ("to-khai.pdf", m.pdf_link_js, "có mã JavaScript", "upload.pdf_javascript"),
    "embedded": ("to-khai.pdf", m.pdf_embedded_file, "có tệp khác nhúng bên trong",
                 "upload.pdf_embedded_file"),
    "encrypted": ("to-khai.pdf", m.pdf_encrypted, "được đặt mật khẩu hoặc mã hóa",
                  "upload.pdf_encrypted"),
    "pages": ("to-khai.pdf", lambda: m.clean_pdf(101), "có 101 trang, quá giới hạn 100 trang",
              "upload.pdf_too_many_pages"),
    "truncated": ("to-khai.pdf", m.pdf_truncated, "bị hỏng hoặc không đầy đủ",
                  "upload.pdf_damaged"),
    "exe": ("to-khai.pdf", lambda: m.EXE, "không phải PDF", "upload.type"),
    "html": ("to-khai.pdf", lambda: m.HTML, "không phải PDF", "upload.type"),
    "bomb": ("anh.png", m.png_bomb, "có kích thước quá lớn (hơn 50 triệu điểm ảnh)",
             "upload.image_pixels"),
    "traversal": (m.NFD_TRAVERSAL_NAME, lambda: m.EXE, "không phải PDF", "upload.type"),
}


def _stored(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) \
        if root.exists() else []


def _upload(case: str) -> tuple[SimpleUploadedFile, str, str]:
    name, build, words, code = HOSTILE[case]
    # The browser's claim is whatever the attacker likes.
    return SimpleUploadedFile(name, build(), content_type="application/pdf"), words, code


def _shown(case: str) -> str:
    name = HOSTILE[case][0]
    return unicodedata.normalize("NFC", name.rsplit("/", 1)[-1])


@pytest.mark.parametrize("case", ["open_action_js", "embedded", "encrypted", "pages",
                                  "truncated", "html", "bomb", "traversal"])
def test_portal_submission_refuses_and_stores_nothing(w, oidc, settings, case):
    client = Client()
    sign_in(client, oidc)
    paper = RequiredDocument.objects.filter(procedure__code=BIRTH, requirement="mandatory",
                                            reusable_from_data=False).order_by("order").first()
    upload, words, _ = _upload(case)
    answer = client.post(f"/dich-vu-cong/nop/{BIRTH}/", {
        "applicant_name": "Lò Văn Minh", "applicant_phone": "0912 345 678",
        "applicant_address": "bản Nà Khum, xã Bình Lư", "commune_code": BINH_LU,
        f"giay_to_{paper.pk}": upload})
    assert answer.status_code == 400
    text = page_text(answer)
    assert f"{paper.name}: tệp «{_shown(case)}» {words}" in text
    assert "../" not in text.split(paper.name, 1)[1][:80]
    assert _stored(settings) == [] and not Dossier.objects.exists()


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_official_attach_form_refuses_and_stores_nothing(w, dossier_in, settings, case):
    d = dossier_in("in_processing")
    before = (_stored(settings), DossierAttachment.objects.count(),
              DossierEvent.objects.filter(dossier=d).count())
    upload, words, _ = _upload(case)
    response = act(client_for(w.own[Role.SPECIALIST]), d.code, "attach",
                   files={"file": upload}, kind="scan", expect=400)
    assert f"Tệp đính kèm: tệp «{_shown(case)}» {words}" in page_text(response)
    after = (_stored(settings), DossierAttachment.objects.count(),
             DossierEvent.objects.filter(dossier=d).count())
    assert after == before
    assert Dossier.objects.get(pk=d.pk).version == d.version


@pytest.mark.parametrize("case", ["link_js", "embedded", "exe", "bomb"])
def test_api_attach_refuses_with_a_code_and_stores_nothing(w, dossier_in, settings, case):
    d = dossier_in("in_processing")
    before = (_stored(settings), DossierAttachment.objects.count())
    upload, words, code = _upload(case)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {w.token(w.own[Role.SPECIALIST])}")
    response = client.post(f"/api/dossiers/{d.code}/attachments",
                           {"file": upload, "kind": "scan"})
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == code and words in error["message"]
    assert (_stored(settings), DossierAttachment.objects.count()) == before


def test_an_outsider_learns_nothing_from_the_file_check(w, dossier_in, settings):
    d = dossier_in("in_processing")
    upload, _, _ = _upload("exe")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {w.token(w.other[Role.SPECIALIST])}")
    response = client.post(f"/api/dossiers/{d.code}/attachments",
                           {"file": upload, "kind": "scan"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "dossier.not_found"


@pytest.fixture
def portal(settings):
    settings.MOTCUA_PORTAL_PROVINCE = "12"
    caches["default"].clear()  # rate-limit counters


@pytest.mark.parametrize("case", ["open_action_js", "embedded", "truncated", "exe", "bomb",
                                  "traversal"])
def test_feedback_form_refuses_and_stores_nothing(w, portal, settings, case):
    upload, words, _ = _upload(case)
    good = SimpleUploadedFile("anh.png", m.png(), content_type="image/png")
    response = Client().post("/dich-vu-cong/phan-anh/", {
        "kind": "feedback", "text": "Đường vào bản sạt lở, xin xã sửa sớm.",
        "commune_code": BINH_LU, "files": [good, upload]})
    assert response.status_code == 400
    assert f"Tệp gửi kèm: tệp «{_shown(case)}» {words}" in page_text(response)
    assert _stored(settings) == []
    assert not Feedback.objects.exists() and not FeedbackAttachment.objects.exists()


def test_feedback_photo_is_stored_without_its_gps(w, portal, settings):
    from PIL import Image

    photo = SimpleUploadedFile("IMG_2031.jpg", m.jpeg_with_gps(), content_type="image/jpeg")
    response = Client().post("/dich-vu-cong/phan-anh/", {
        "kind": "feedback", "text": "Đường vào bản sạt lở, xin xã sửa sớm.",
        "commune_code": BINH_LU, "files": [photo]})
    assert response.status_code == 302
    row = FeedbackAttachment.objects.get()
    with row.file.open("rb") as handle:
        image = Image.open(handle)
        assert not image.getexif().get_ifd(0x8825) and image.size == (20, 60)
    assert row.content_type == "image/jpeg" and row.file.name.endswith("/1.jpg")


def _team_member(w):
    from motcua.accounts.services import create_official

    official, _ = create_official(username="t-up-team", full_name="Giàng A Páo",
                                  roles=[Role.VILLAGE_TEAM], province_code="12",
                                  commune_code=BINH_LU)
    return client_for(official)


def _assisted(**extra):
    data = {"applicant_name": "Sùng Thị Dợ", "applicant_personal_id": "012 190 005 678",
            "applicant_phone": "0987654321", "applicant_address": "bản Sin Câu",
            "consent": "on"}
    data.update(extra)
    return data


@pytest.mark.parametrize(("build", "words"), [
    (m.png_bomb, "có kích thước quá lớn"),
    (m.clean_pdf, "không phải JPEG, PNG, WebP (tệp này là PDF)"),
    (lambda: m.HTML, "không phải JPEG, PNG, WebP"),
])
def test_assisted_consent_photo_refused_and_nothing_stored(w, settings, build, words):
    client = _team_member(w)
    photo = SimpleUploadedFile("dong-y.jpg", build(), content_type="image/jpeg")
    answer = client.post(f"/dich-vu-cong/nop/ho-tro/{BIRTH}/",
                         _assisted(consent_photo=photo))
    assert answer.status_code == 400
    assert f"Ảnh giấy đồng ý: tệp «dong-y.jpg» {words}" in page_text(answer)
    assert _stored(settings) == [] and not Dossier.objects.exists()


def test_assisted_consent_photo_is_stored_upright_without_gps(w, settings):
    from PIL import Image

    from motcua.accounts.models import AssistedConsent

    client = _team_member(w)
    data = _assisted(consent_photo=SimpleUploadedFile("dong-y.jpg", m.jpeg_with_gps()))
    for d in RequiredDocument.objects.filter(procedure__code=BIRTH, requirement="mandatory"):
        if d.reusable_from_data:
            data[f"du_lieu_{d.pk}"] = "on"
        else:
            data[f"giay_to_{d.pk}"] = SimpleUploadedFile(f"{d.pk}.pdf", m.clean_pdf())
    posted = client.post(f"/dich-vu-cong/nop/ho-tro/{BIRTH}/", data)
    assert posted.status_code == 302, page_text(posted)[:1500]
    assert client.post(posted["Location"]).status_code == 302
    consent = AssistedConsent.objects.get()
    with consent.photo.open("rb") as handle:
        stored = handle.read()
    image = Image.open(io.BytesIO(stored))
    assert image.size == (20, 60) and not image.getexif().get_ifd(0x8825)
    assert b"PhoneMaker" not in stored and consent.photo.name.endswith(".jpg")


def test_portal_submission_total_limit_keeps_no_draft_file(w, oidc, settings):
    client = Client()
    sign_in(client, oidc)
    papers = RequiredDocument.objects.filter(procedure__code=BIRTH, requirement="mandatory",
                                             reusable_from_data=False).order_by("order")[:2]
    pdf = m.clean_pdf(3)
    settings.MOTCUA_UPLOAD_MAX_TOTAL_BYTES = len(pdf) * 2 - 1
    answer = client.post(f"/dich-vu-cong/nop/{BIRTH}/", {
        "applicant_name": "Lò Văn Minh", "applicant_phone": "0912 345 678",
        "applicant_address": "bản Nà Khum, xã Bình Lư", "commune_code": BINH_LU,
        **{f"giay_to_{p.pk}": SimpleUploadedFile(f"{p.pk}.pdf", pdf) for p in papers}})
    assert answer.status_code == 400
    assert "Các tệp gửi kèm nặng tổng cộng" in page_text(answer)
    assert _stored(settings) == [] and not Dossier.objects.exists()
