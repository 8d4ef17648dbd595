"""Stored files have no public address; they are streamed only by views that check who
asks, with headers that keep a hostile file inert in the browser."""

from __future__ import annotations

import malicious as m
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone
from views_fixtures import client_for

from motcua.accounts.domain import Role
from motcua.accounts.models import AssistedConsent
from motcua.dossiers import services
from motcua.dossiers.models import DossierAttachment
from motcua.privacy.models import AccessRecord
from motcua.uploads.responses import content_type_of


def _assert_inert(response, *, disposition: str = "attachment") -> bytes:
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Disposition"].startswith(disposition)
    assert "no-store" in response["Cache-Control"]
    return b"".join(response.streaming_content)


@pytest.fixture
def attached(w, dossier_in):
    d = dossier_in("in_processing")
    row = services.add_attachment(w.own[Role.SPECIALIST], d, kind="scan",
                                  file=ContentFile(m.clean_pdf(), name="Giấy chứng nhận.pdf"))
    return d, row


def test_the_official_page_streams_the_file_with_safe_headers(w, attached):
    d, row = attached
    url = f"/ho-so/{d.code}/tep/{row.pk}/"
    response = client_for(w.own[Role.SPECIALIST]).get(url)
    assert _assert_inert(response) == m.clean_pdf()
    assert response["Content-Type"] == "application/pdf"
    # RFC 5987: the Vietnamese name survives, encoded.
    assert ("filename*=utf-8''Gi%E1%BA%A5y%20ch%E1%BB%A9ng%20nh%E1%BA%ADn.pdf"
            in response["Content-Disposition"])


def test_every_download_by_an_official_is_in_the_access_log(w, attached):
    d, row = attached
    before = AccessRecord.objects.filter(dossier_code=d.code, action="download").count()
    client_for(w.own[Role.SPECIALIST]).get(f"/ho-so/{d.code}/tep/{row.pk}/")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {w.token(w.own[Role.SPECIALIST])}")
    api.get(f"/api/dossiers/{d.code}/attachments/{row.pk}")
    # A refused download (another commune) is not an access to the data.
    client_for(w.other[Role.SPECIALIST]).get(f"/ho-so/{d.code}/tep/{row.pk}/")
    rows = AccessRecord.objects.filter(dossier_code=d.code, action="download")
    assert rows.count() == before + 2
    assert set(rows.values_list("official_username", flat=True)) == {
        w.own[Role.SPECIALIST].username}


def test_officials_of_another_commune_and_strangers_get_nothing(w, attached):
    d, row = attached
    url = f"/ho-so/{d.code}/tep/{row.pk}/"
    assert client_for(w.other[Role.SPECIALIST]).get(url).status_code == 404
    assert client_for(w.other[Role.LEADER]).get(url).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "dang-nhap" in anonymous["Location"]
    api = f"/api/dossiers/{d.code}/attachments/{row.pk}"
    other = Client(HTTP_AUTHORIZATION=f"Bearer {w.token(w.other[Role.SPECIALIST])}")
    assert other.get(api).status_code == 404
    assert Client().get(api).status_code == 401
    own = Client(HTTP_AUTHORIZATION=f"Bearer {w.token(w.own[Role.SPECIALIST])}")
    assert _assert_inert(own.get(api)) == m.clean_pdf()


def test_no_url_serves_the_storage(w, attached, settings):
    _, row = attached
    assert (settings.MEDIA_ROOT / row.file.name).is_file()
    for client in (Client(), client_for(w.own[Role.SPECIALIST])):
        assert client.get(settings.MEDIA_URL + row.file.name).status_code == 404
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT))


def test_an_old_row_claiming_html_is_sent_as_an_opaque_download(w, attached):
    d, row = attached
    DossierAttachment.objects.filter(pk=row.pk).update(content_type="text/html",
                                                       original_name="x.html")
    response = client_for(w.own[Role.SPECIALIST]).get(f"/ho-so/{d.code}/tep/{row.pk}/")
    _assert_inert(response)
    assert response["Content-Type"] == "application/pdf"  # from the stored name, set by content
    assert content_type_of("text/html", "dossiers/x/1.bin") == "application/octet-stream"
    assert content_type_of("image/svg+xml", "a.svg") == "application/octet-stream"


def test_the_consent_photo_only_to_officials_who_see_the_dossier(w, dossier_in):
    d = dossier_in("received")
    photo = default_storage.save(f"consents/{d.commune_code}/anh.jpg",
                                 ContentFile(m.png()))
    AssistedConsent.objects.create(dossier=d, team_member=w.own[Role.CLERK],
                                   commune_code=d.commune_code, consent_at=timezone.now(),
                                   photo=photo)
    url = f"/dich-vu-cong/nop/dong-y/{d.code}/"
    response = client_for(w.own[Role.CLERK]).get(url)
    _assert_inert(response, disposition="inline")
    assert response["Content-Type"] == "image/jpeg"
    assert client_for(w.other[Role.CLERK]).get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_feedback_files_only_through_the_admin_to_staff_who_may_view(w, settings):
    from django.contrib.auth.models import Permission

    from motcua.accounts.models import Official
    from motcua.petitions import services as petitions

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    feedback = petitions.submit_feedback(
        kind="feedback", text="Đường vào bản sạt lở, xin xã sửa sớm.", commune_code="03390",
        files=[ContentFile(m.png_polyglot(), name="Ảnh hiện trường.png")])
    row = feedback.attachments.get()
    url = f"/admin/petitions/feedback/{feedback.pk}/tep/{row.pk}/"
    viewer = Official.objects.create(username="t-up-viewer", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(
        codename__in=["view_feedback", "view_feedbackattachment"]))
    page = client_for(viewer).get(f"/admin/petitions/feedback/{feedback.pk}/change/")
    assert url in page.content.decode() and "/media/" not in page.content.decode()
    body = _assert_inert(client_for(viewer).get(url))
    assert body.startswith(b"\x89PNG") and b"<html" not in body
    staff = Official.objects.create(username="t-up-staff", is_staff=True)
    assert client_for(staff).get(url).status_code in (403, 404)
    staff.user_permissions.add(Permission.objects.get(codename="view_feedback"))
    assert client_for(staff).get(url).status_code == 404  # the feedback, not its files
    assert Client().get(url).status_code == 302
    assert client_for(w.own[Role.CLERK]).get(url).status_code == 302  # not staff
