"""Online submission by a signed-in citizen: the form from the catalog, the review step,
one transaction through the counter's services, the receipt PDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from submission_helpers import BINH_LU, BIRTH, MUONG_THAN, pdf_bytes, png_bytes, sign_in

from motcua.accounts.domain import Role
from motcua.accounts.models import Citizen, Official
from motcua.catalog.models import RequiredDocument
from motcua.dossiers.models import Dossier, DossierAttachment
from motcua.dossiers.signals import dossier_changed
from motcua.errors import InvalidInput
from motcua.portal.submission import services
from motcua.uploads import check_bytes

# No django_db mark: it would open the test transaction before ``land`` loads its data.


def _docs(code: str = BIRTH) -> dict[str, RequiredDocument]:
    rows = RequiredDocument.objects.filter(procedure__code=code).order_by("order", "id")
    return {d.name.split(" ")[0] + str(i): d for i, d in enumerate(rows)}


def _birth_docs() -> tuple[RequiredDocument, RequiredDocument, RequiredDocument]:
    mandatory = list(RequiredDocument.objects.filter(procedure__code=BIRTH,
                                                     requirement="mandatory")
                     .order_by("order", "id"))
    paper = [d for d in mandatory if not d.reusable_from_data]
    held = [d for d in mandatory if d.reusable_from_data]
    return paper[0], paper[1], held[0]


def _form_data(**extra):
    form, certificate, identity = _birth_docs()
    data = {
        "applicant_name": "Lò Văn Minh", "applicant_phone": "0912 345 678",
        "applicant_email": "minh@example.vn",
        "applicant_address": "bản Nà Khum, xã Bình Lư, tỉnh Lai Châu",
        "commune_code": BINH_LU,
        f"giay_to_{form.pk}": SimpleUploadedFile("to-khai.pdf", pdf_bytes("To khai"),
                                                 content_type="application/pdf"),
        f"giay_to_{certificate.pk}": SimpleUploadedFile("chung-sinh.jpg.png", png_bytes(),
                                                        content_type="image/png"),
        f"du_lieu_{identity.pk}": "on",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def _pdftotext(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True, text=True).stdout


def test_citizen_submits_a_birth_registration_and_gets_the_receipt(land, oidc, tmp_path):
    heard = []

    def listen(sender, dossier, before, event, **kwargs):
        heard.append((event.action, dossier.channel, before is None))

    dossier_changed.connect(listen)
    try:
        client = Client()
        sign_in(client, oidc)
        page = client.get(f"/dich-vu-cong/nop/{BIRTH}/")
        text = page.content.decode()
        assert page.status_code == 200
        assert "012090001234" in text and "Giấy chứng sinh" in text
        assert 'name="applicant_personal_id"' not in text  # not editable
        assert 'value="Lò Văn Minh"' in text  # prefilled from the identity
        # A personal id slipped into the POST is ignored: the token's number counts.
        posted = client.post(f"/dich-vu-cong/nop/{BIRTH}/",
                             _form_data(applicant_personal_id="012190005678"))
        assert posted.status_code == 302, posted.content.decode()[:2000]
        review = client.get(posted["Location"])
        body = review.content.decode()
        assert "to-khai.pdf" in body and "chung-sinh.jpg.png" in body
        assert "dùng dữ liệu đã có" in body and "Xã Bình Lư" in body
        assert not Dossier.objects.exists()  # nothing sent before the citizen confirms
        sent = client.post(posted["Location"])
        assert sent.status_code == 302
    finally:
        dossier_changed.disconnect(listen)
    dossier = Dossier.objects.get()
    assert sent["Location"] == f"/dich-vu-cong/nop/da-nop/{dossier.code}/"
    assert dossier.channel == "online" and dossier.applicant_personal_id == "012090001234"
    assert dossier.commune_code == BINH_LU and dossier.applicant_phone == "0912345678"
    assert dossier.digitized and dossier.data_reused
    assert dossier.received_by.username == f"cong-dvc-{BINH_LU}"
    assert dossier.received_by.full_name == "Cổng dịch vụ công trực tuyến"
    assert not dossier.received_by.has_usable_password()
    assert dossier.received_by.role_set == {Role.CLERK}
    scans = DossierAttachment.objects.filter(dossier=dossier, kind="scan").order_by("id")
    assert [(s.original_name, s.content_type) for s in scans] == [
        ("giay-to-1.pdf", "application/pdf"), ("giay-to-2.png", "image/png")]
    assert scans[1].file.read().startswith(b"\x89PNG")
    assert ("receive", "online", True) in heard
    done = client.get(sent["Location"])
    assert dossier.code in done.content.decode()
    receipt = client.get(f"/dich-vu-cong/nop/da-nop/{dossier.code}/giay-tiep-nhan.pdf")
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    text = _pdftotext(receipt.content, tmp_path)
    assert dossier.code in text and "Lò Văn Minh" in text
    # The draft files are gone once submitted; a second confirmation sends nothing more.
    assert client.post(posted["Location"]).status_code == 302
    assert Dossier.objects.count() == 1


def test_refused_files_and_missing_papers_are_explained(land, oidc, settings):
    client = Client()
    sign_in(client, oidc)
    form, certificate, identity = _birth_docs()
    disguised = SimpleUploadedFile("chung-sinh.pdf", b"<html>not a scan</html>")
    answer = client.post(f"/dich-vu-cong/nop/{BIRTH}/", _form_data(**{
        f"giay_to_{certificate.pk}": disguised, f"giay_to_{form.pk}": None,
        f"du_lieu_{identity.pk}": None}))
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "không phải PDF, JPEG, PNG" in text
    assert f"Chưa có tệp cho «{form.name}»" in text
    assert "hoặc đánh dấu «Dùng dữ liệu đã có»" in text
    # The refused file is asked again; nothing else is (the form holds none yet).
    assert "Đã nhận tệp" not in text
    settings.MOTCUA_UPLOAD_MAX_BYTES = 200
    answer = client.post(f"/dich-vu-cong/nop/{BIRTH}/", _form_data())
    assert answer.status_code == 400 and "quá giới hạn" in answer.content.decode()
    assert not Dossier.objects.exists()


def test_files_already_sent_are_not_asked_again(land, oidc):
    client = Client()
    sign_in(client, oidc)
    form, certificate, identity = _birth_docs()
    first = client.post(f"/dich-vu-cong/nop/{BIRTH}/", _form_data(**{
        f"giay_to_{certificate.pk}": SimpleUploadedFile("chung-sinh.txt", b"plain text")}))
    assert first.status_code == 400
    text = first.content.decode()
    assert "Đã nhận tệp <strong>to-khai.pdf</strong>" in text
    assert client.get(f"/dich-vu-cong/nop/{BIRTH}/xem-lai/").status_code == 302  # not yet
    second = client.post(f"/dich-vu-cong/nop/{BIRTH}/", _form_data(**{
        f"giay_to_{form.pk}": None}))
    assert second.status_code == 302
    review = client.get(second["Location"]).content.decode()
    assert "to-khai.pdf" in review and "chung-sinh.jpg.png" in review
    # Dropping a kept mandatory file makes it missing again.
    third = client.post(f"/dich-vu-cong/nop/{BIRTH}/", _form_data(**{
        f"giay_to_{form.pk}": None, f"giay_to_{certificate.pk}": None,
        f"bo_giay_to_{form.pk}": "on"}))
    assert third.status_code == 400
    assert f"Chưa có tệp cho «{form.name}»" in third.content.decode()
    assert client.post(f"/dich-vu-cong/nop/{BIRTH}/", _form_data(**{
        f"giay_to_{certificate.pk}": None})).status_code == 302
    assert client.post(f"/dich-vu-cong/nop/{BIRTH}/xem-lai/").status_code == 302
    dossier = Dossier.objects.get()
    names = set(DossierAttachment.objects.filter(dossier=dossier).values_list(
        "original_name", flat=True))
    assert names == {"giay-to-1.pdf", "giay-to-2.png"}


def test_the_form_needs_the_identity(land):
    answer = Client().get(f"/dich-vu-cong/nop/{BIRTH}/")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/cong-dan/dang-nhap/?next=")


def test_a_procedure_done_in_person_only_is_not_offered(land, oidc):
    client = Client()
    sign_in(client, oidc)
    answer = client.get("/dich-vu-cong/nop/1.012812/")
    assert answer.status_code == 400
    assert "chưa cung cấp dịch vụ công trực tuyến" in answer.content.decode()


def test_the_index_lists_online_procedures_only(land):
    text = Client().get("/dich-vu-cong/nop/").content.decode()
    assert "Đăng ký khai sinh" in text and "Hòa giải tranh chấp đất đai" not in text


def _citizen(number: str = "012090001234", name: str = "Lò Văn Minh") -> Citizen:
    return Citizen.objects.create(personal_id=number, full_name=name)


def _papers(*files: bytes) -> list[services.Paper]:
    form, certificate, identity = _birth_docs()
    return [services.Paper(form.pk, check_bytes(files[0])),
            services.Paper(certificate.pk, check_bytes(files[1])),
            services.Paper(identity.pk, None, True)]


APPLICANT = services.Applicant("Lò Văn Minh", "", "0912345678", "", "bản Nà Khum")


def test_nothing_is_kept_when_a_later_step_fails(land, monkeypatch, settings):
    from motcua.dossiers import services as dossier_services

    real = dossier_services.add_attachment
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise InvalidInput("hỏng giữa chừng", code="test.boom")
        return real(*args, **kwargs)

    monkeypatch.setattr(dossier_services, "add_attachment", flaky)
    with pytest.raises(InvalidInput):
        services.submit(procedure=_birth_docs()[0].procedure, commune_code=BINH_LU,
                        applicant=APPLICANT, papers=_papers(pdf_bytes(), png_bytes()),
                        citizen=_citizen())
    assert not Dossier.objects.exists() and not DossierAttachment.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not [p for p in media.rglob("*") if p.is_file()] if media.exists() else True


def test_the_citizen_picks_another_commune_of_the_province(land):
    dossier = services.submit(procedure=_birth_docs()[0].procedure, commune_code=MUONG_THAN,
                              applicant=APPLICANT, papers=_papers(pdf_bytes(), pdf_bytes()),
                              citizen=_citizen())
    assert dossier.commune_code == MUONG_THAN
    assert dossier.received_by.username == f"cong-dvc-{MUONG_THAN}"
    again = services.submit(procedure=_birth_docs()[0].procedure, commune_code=MUONG_THAN,
                            applicant=APPLICANT, papers=_papers(pdf_bytes(), pdf_bytes()),
                            citizen=_citizen("012190005678", "Tẩn Thị Hoa"))
    assert again.received_by_id == dossier.received_by_id
    assert Official.objects.filter(username__startswith="cong-dvc-").count() == 1


def test_receipts_and_confirmation_belong_to_the_applicant(land, oidc):
    dossier = services.submit(procedure=_birth_docs()[0].procedure, commune_code=BINH_LU,
                              applicant=APPLICANT, papers=_papers(pdf_bytes(), pdf_bytes()),
                              citizen=_citizen("012190005678", "Tẩn Thị Hoa"))
    client = Client()
    sign_in(client, oidc)  # 012090001234, not the applicant
    for url in (f"/dich-vu-cong/nop/da-nop/{dossier.code}/",
                f"/dich-vu-cong/nop/da-nop/{dossier.code}/giay-tiep-nhan.pdf",
                f"/cong-dan/ho-so/{dossier.code}/"):
        answer = client.get(url)
        assert answer.status_code == 404, url
        assert re.search(r"Không tìm thấy", answer.content.decode())
    assert Client().get(f"/dich-vu-cong/nop/da-nop/{dossier.code}/").status_code == 404


def test_abandoned_drafts_are_purged(land, oidc):
    import datetime as dt

    from django.utils import timezone

    from motcua.portal.submission import drafts

    client = Client()
    sign_in(client, oidc)
    posted = client.post(f"/dich-vu-cong/nop/{BIRTH}/", _form_data())
    assert posted.status_code == 302
    assert drafts.purge_stale(now=timezone.now()) == 0
    assert drafts.purge_stale(now=timezone.now() + dt.timedelta(days=2)) == 2
    # The review step then sends back to the form, which asks for the files again.
    assert client.post(posted["Location"])["Location"] == f"/dich-vu-cong/nop/{BIRTH}/"
    page = client.get(f"/dich-vu-cong/nop/{BIRTH}/")
    assert page.status_code == 200 and "Đã nhận tệp" not in page.content.decode()
    assert not Dossier.objects.exists()
