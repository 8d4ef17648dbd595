"""The counter screen (/ho-so/tiep-nhan/): pick the procedure, fill, receive; bad input
shows the Vietnamese message and writes nothing."""

from __future__ import annotations

import re

import pytest
import views_fixtures as h  # noqa: E402  (tests/dossiers is on pythonpath)

from motcua.accounts.domain import Role
from motcua.catalog.models import RequiredDocument
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent

BIRTH = "1.001193"
URL = "/ho-so/tiep-nhan/"


@pytest.fixture
def clerk(w):
    return h.client_for(w.own[Role.CLERK])


def test_anonymous_is_sent_to_login(client, w):
    response = client.get(URL)
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_only_the_counter_receives(w):
    response = h.client_for(w.own[Role.SPECIALIST]).get(URL)
    assert response.status_code == 403
    assert "Chỉ công chức tiếp nhận" in h.page_text(response)


def test_picker_starts_focused_and_finds_procedures_without_diacritics(clerk):
    first = clerk.get(URL).content.decode()
    assert re.search(r'<input id="procedure-q"[^>]*autofocus', first, flags=re.S)
    # Without JavaScript: Enter submits the search; the best match has the focus.
    page = clerk.get(URL, {"q": "khai sinh"}).content.decode()
    buttons = re.findall(r'<button type="submit" name="thu-tuc" value="([^"]+)"[^>]*>', page)
    assert buttons[0] == BIRTH and len(buttons) > 1
    assert re.search(rf'value="{BIRTH}"[^>]*autofocus', page)
    # With htmx: the same list as a partial while typing, without stealing the focus.
    partial = clerk.get(URL + "thu-tuc/", {"q": "khai sinh"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "<html" not in partial.content.decode()
    assert f'value="{BIRTH}"' in partial.content.decode()
    assert "autofocus" not in partial.content.decode()


def test_a_code_picks_the_procedure_and_shows_its_checklist(clerk, w):
    response = clerk.get(URL, {"q": BIRTH})
    text = h.page_text(response)
    assert "Đăng ký khai sinh" in text and "Giấy chứng sinh" in text
    body = response.content.decode()
    assert re.search(r'name="applicant_name"[^>]*autofocus', body)
    ticked = h.checked_boxes(response)
    for doc in RequiredDocument.objects.filter(procedure__code=BIRTH):
        mandatory = doc.requirement == "mandatory"
        if doc.reusable_from_data:
            assert (f"doc_{doc.pk}_data" in ticked) == mandatory
        else:
            assert (f"doc_{doc.pk}_provided" in ticked) == mandatory
            assert (f"doc_{doc.pk}_scanned" in ticked) == mandatory


def test_the_exact_name_without_diacritics_picks_the_procedure(clerk):
    response = clerk.get(URL, {"q": "dang ky khai sinh"})
    assert 'name="procedure_code" value="1.001193"' in response.content.decode()


def test_unknown_procedure_code_says_so(clerk):
    response = clerk.get(URL, {"thu-tuc": "9.999999"})
    assert response.status_code == 404
    assert "Không tìm thấy thủ tục hành chính mã" in h.page_text(response)


def test_clerk_receives_a_birth_registration(clerk, w):
    data = h.intake_data(clerk, BIRTH, extra_documents="Bản sao giấy đăng ký kết hôn\n\n")
    response = clerk.post(URL, data)
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert response["Location"] == f"/ho-so/{dossier.code}/?vua-tiep-nhan=1"
    assert dossier.applicant_name == "Lò Thị Mai" and dossier.applicant_phone == "0912345678"
    assert dossier.applicant_unit_code == "03390"  # the old address converted
    assert dossier.received_by == w.own[Role.CLERK]
    assert not dossier.digitized  # the extra paper was not scanned
    names = list(DossierDocument.objects.filter(dossier=dossier).values_list("name", flat=True))
    assert names[-1] == "Bản sao giấy đăng ký kết hôn" and len(names) == 4

    page = clerk.get(response["Location"])
    text = h.page_text(page)
    assert dossier.code in text and "Đã tiếp nhận hồ sơ" in text
    assert "Nhật ký xử lý" in text and "Tiếp nhận hồ sơ" in text
    assert "********1234" in text and "012190001234" not in text
    assert re.search(r'<a[^>]+href="/ho-so/[^"]+/phieu/giay-tiep-nhan\.pdf"[^>]*autofocus',
                     page.content.decode())


@pytest.mark.parametrize(
    ("change", "field_message"),
    [
        ({"applicant_personal_id": "0121900012"}, "12 chữ số"),
        ({"applicant_personal_id": "999190001234"}, "mã nơi đăng ký khai sinh"),
        ({"applicant_phone": "12345"}, "Số điện thoại «12345» không hợp lệ"),
        ({"applicant_name": "  "}, "Chưa nhập họ và tên"),
        ({"applicant_email": "khong-phai-thu"}, "thư điện tử"),
    ],
)
def test_bad_applicant_is_refused_on_its_field_and_nothing_is_written(clerk, change,
                                                                     field_message):
    data = h.intake_data(clerk, BIRTH, **change)
    response = clerk.post(URL, data)
    assert response.status_code == 400
    text = h.page_text(response)
    assert field_message.lower() in text.lower()
    body = response.content.decode()
    assert 'class="field has-error' in body
    # The focus moves to the field in error (one autofocus on the page).
    assert body.count("autofocus") == 1
    assert re.search(r'<input[^>]*aria-invalid="true"[^>]*autofocus', body) or re.search(
        r'<input[^>]*autofocus[^>]*aria-invalid="true"', body)
    # What the clerk typed is still there.
    assert "Lò Thị Mai" in response.content.decode() or change.get("applicant_name")
    assert Dossier.objects.count() == 0 and DossierEvent.objects.count() == 0


def test_missing_mandatory_paper_is_named_and_nothing_is_written(clerk):
    data = h.intake_data(clerk, BIRTH)
    certificate = RequiredDocument.objects.get(procedure__code=BIRTH, name__startswith="Giấy chứng sinh")
    data.pop(f"doc_{certificate.pk}_provided")
    response = clerk.post(URL, data)
    assert response.status_code == 400
    text = h.page_text(response)
    assert "Hồ sơ chưa đủ thành phần bắt buộc, còn thiếu" in text
    assert "Giấy chứng sinh" in text
    assert f'name="doc_{certificate.pk}_provided"' in response.content.decode()
    assert re.search(r'class="error-box" role="alert" tabindex="-1" autofocus',
                     response.content.decode())
    assert Dossier.objects.count() == 0


def test_address_hint_is_shown_again_without_javascript(clerk):
    data = h.intake_data(clerk, BIRTH, applicant_personal_id="1")
    response = clerk.post(URL, data)
    assert response.status_code == 400
    assert "Xã Bình Lư" in h.page_text(response)
