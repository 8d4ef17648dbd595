"""Assisted submission: a village digital team member submits on a citizen's behalf with the
citizen's consent (a tick, optionally a photo of the signed paper)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from submission_helpers import BINH_LU, BIRTH, MUONG_THAN, pdf_bytes, png_bytes

from motcua.accounts.domain import Role
from motcua.accounts.models import AssistedConsent
from motcua.accounts.services import create_official
from motcua.catalog.models import RequiredDocument
from motcua.dossiers.models import Dossier, DossierAttachment
from motcua.dossiers.selectors import visible_dossiers


def _member(commune: str = BINH_LU, role: Role = Role.VILLAGE_TEAM, name: str = "t-team"):
    official, _ = create_official(username=name, full_name="Giàng A Páo", roles=[role],
                                  province_code="12", commune_code=commune)
    client = Client()
    client.force_login(official)
    return official, client


def _data(**extra):
    mandatory = RequiredDocument.objects.filter(procedure__code=BIRTH, requirement="mandatory")
    data = {"applicant_name": "Sùng Thị Dợ", "applicant_personal_id": "012 190 005 678",
            "applicant_phone": "0987654321", "applicant_address": "bản Sin Câu",
            "consent": "on", "consent_note": "Đã đọc lại cho bà nghe bằng tiếng Mông"}
    for d in mandatory:
        if d.reusable_from_data:
            data[f"du_lieu_{d.pk}"] = "on"
        else:
            data[f"giay_to_{d.pk}"] = SimpleUploadedFile(f"{d.pk}.pdf", pdf_bytes())
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_a_team_member_submits_with_consent_and_photo(land):
    member, client = _member()
    url = f"/dich-vu-cong/nop/ho-tro/{BIRTH}/"
    page = client.get(url).content.decode()
    assert 'name="applicant_personal_id"' in page and 'name="consent"' in page
    photo = SimpleUploadedFile("dong-y.jpg", png_bytes(), content_type="image/jpeg")
    posted = client.post(url, _data(consent_photo=photo))
    assert posted.status_code == 302, posted.content.decode()[:3000]
    review = client.get(posted["Location"]).content.decode()
    assert "Người dân đã đồng ý" in review and "dong-y.jpg" in review
    sent = client.post(posted["Location"])
    assert sent.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.channel == "assisted" and dossier.assisted_by == member
    assert dossier.applicant_personal_id == "012190005678"
    assert dossier.commune_code == BINH_LU
    consent = AssistedConsent.objects.get(dossier=dossier)
    assert consent.team_member == member and consent.commune_code == BINH_LU
    assert consent.photo.read().startswith(b"\x89PNG") and len(consent.photo_sha256) == 64
    assert "tiếng Mông" in consent.note
    assert DossierAttachment.objects.filter(dossier=dossier, kind="scan").count() == 2
    # The member sees the confirmation, the receipt and (only) this dossier.
    assert dossier.code in client.get(sent["Location"]).content.decode()
    receipt = client.get(f"/dich-vu-cong/nop/da-nop/{dossier.code}/giay-tiep-nhan.pdf")
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    assert list(visible_dossiers(member)) == [dossier]
    # The indicators count it as assisted (the rollups follow the dossier_changed signal).
    from django.db.models import Sum

    from motcua.indicators.models import CommuneDay

    counts = CommuneDay.objects.filter(commune_code=BINH_LU).aggregate(
        assisted=Sum("ch_assisted"), online=Sum("ch_online"))
    assert counts == {"assisted": 1, "online": 0}
    # An official of the commune sees the channel on the dossier page.
    clerk, clerk_client = _member(role=Role.CLERK, name="t-clerk")
    detail = clerk_client.get(f"/ho-so/{dossier.code}/").content.decode()
    assert "Nộp hộ" in detail
    # The commune's officials and the member get the consent photo; another commune not.
    photo = clerk_client.get(f"/dich-vu-cong/nop/dong-y/{dossier.code}/")
    assert photo.status_code == 200 and b"".join(photo.streaming_content).startswith(b"\x89PNG")
    assert client.get(f"/dich-vu-cong/nop/dong-y/{dossier.code}/").status_code == 200
    _, stranger = _member(commune=MUONG_THAN, role=Role.CLERK, name="t-stranger")
    assert stranger.get(f"/dich-vu-cong/nop/dong-y/{dossier.code}/").status_code == 404


@pytest.mark.parametrize(("change", "message"), [
    ({"consent": None}, "Phải có sự đồng ý của người dân"),
    ({"applicant_personal_id": "01219000567"}, "phải có đúng 12 chữ số"),
    ({"consent_photo": SimpleUploadedFile("dong-y.jpg", b"%PDF-1.4 ...")},
     "Ảnh giấy đồng ý: tệp «dong-y.jpg» không phải JPEG, PNG"),
])
def test_consent_and_number_are_checked(land, change, message):
    _, client = _member()
    answer = client.post(f"/dich-vu-cong/nop/ho-tro/{BIRTH}/", _data(**change))
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not Dossier.objects.exists()


def test_the_index_offers_assisted_submission_to_team_members(land):
    _, client = _member()
    assert f"/dich-vu-cong/nop/ho-tro/{BIRTH}/" in client.get("/dich-vu-cong/nop/").content.decode()
    _, clerk = _member(role=Role.CLERK, name="t-clerk")
    assert "/ho-tro/" not in clerk.get("/dich-vu-cong/nop/").content.decode()


def test_only_village_team_members_submit_on_behalf(land):
    _, clerk = _member(role=Role.CLERK, name="t-clerk")
    assert clerk.get(f"/dich-vu-cong/nop/ho-tro/{BIRTH}/").status_code == 403
    anonymous = Client().get(f"/dich-vu-cong/nop/ho-tro/{BIRTH}/")
    assert anonymous.status_code == 302 and "/tai-khoan/dang-nhap/" in anonymous["Location"]


def test_the_dossier_goes_to_the_members_own_commune(land):
    member, client = _member(commune=MUONG_THAN)
    posted = client.post(f"/dich-vu-cong/nop/ho-tro/{BIRTH}/", _data(commune_code=BINH_LU))
    client.post(posted["Location"])
    dossier = Dossier.objects.get()
    assert dossier.commune_code == MUONG_THAN
    assert dossier.received_by.username == f"cong-dvc-{MUONG_THAN}"
