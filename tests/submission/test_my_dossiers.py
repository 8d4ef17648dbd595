"""A citizen's own dossiers and electronic results: only theirs, only once issued, files
streamed (never under a public URL)."""

from __future__ import annotations

import upload_files
from django.core.files.base import ContentFile
from django.test import Client
from submission_helpers import BINH_LU, BIRTH, pdf_bytes, sign_in

from motcua.accounts.domain import Role
from motcua.accounts.models import Citizen
from motcua.accounts.services import create_official
from motcua.catalog.models import Procedure, RequiredDocument
from motcua.dossiers import services as dossier_services
from motcua.portal.submission import services
from motcua.uploads import check_bytes


def _submit(number: str, name: str):
    procedure = Procedure.objects.get(code=BIRTH)
    papers = [
        services.Paper(d.pk, None, True) if d.reusable_from_data
        else services.Paper(d.pk, check_bytes(pdf_bytes()))
        for d in RequiredDocument.objects.filter(procedure=procedure, requirement="mandatory")
    ]
    citizen, _ = Citizen.objects.get_or_create(personal_id=number, defaults={"full_name": name})
    return services.submit(procedure=procedure, commune_code=BINH_LU,
                           applicant=services.Applicant(name, "", "0912345678"),
                           papers=papers, citizen=citizen)


def _people():
    out = {}
    for role in (Role.SPECIALIST, Role.LEADER):
        out[role], _ = create_official(username=f"t-{role}", full_name=f"Cán bộ {role}",
                                       roles=[role], province_code="12", commune_code=BINH_LU)
    return out


def test_the_citizen_sees_own_dossiers_and_gets_the_result_once_issued(land, oidc):
    mine = _submit("012090001234", "Lò Văn Minh")
    other = _submit("012190005678", "Tẩn Thị Hoa")
    people = _people()
    spec, leader = people[Role.SPECIALIST], people[Role.LEADER]
    dossier_services.assign(mine.received_by, mine, handler=spec)
    dossier_services.start(spec, mine)
    result = dossier_services.attach_result(
        spec, mine, file=ContentFile(pdf_bytes("Giay khai sinh ban dien tu"), name="gks.pdf"),
        electronic=True)
    draft = dossier_services.add_attachment(
        spec, mine, file=ContentFile(upload_files.pdf("%PDF-1.4 note"), name="ghi-chu.pdf"), kind="note")
    client = Client()
    sign_in(client, oidc)
    listing = client.get("/cong-dan/ho-so/").content.decode()
    assert mine.code in listing and other.code not in listing
    page = client.get(f"/cong-dan/ho-so/{mine.code}/").content.decode()
    assert "Đang xử lý" in page and "Chưa có kết quả điện tử" in page
    url = f"/cong-dan/ho-so/{mine.code}/ket-qua/{result.pk}/"
    assert client.get(url).status_code == 404  # a draft until signed
    dossier_services.submit_for_signature(spec, mine)
    dossier_services.approve(leader, mine)
    page = client.get(f"/cong-dan/ho-so/{mine.code}/").content.decode()
    assert "gks.pdf" in page and "ghi-chu.pdf" not in page
    answer = client.get(url)
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-store, private"
    assert b"".join(answer.streaming_content).startswith(b"%PDF")
    assert "attachment" in answer["Content-Disposition"]
    # Not a note, not another person's, not without the identity.
    assert client.get(f"/cong-dan/ho-so/{mine.code}/ket-qua/{draft.pk}/").status_code == 404
    assert client.get(f"/cong-dan/ho-so/{other.code}/ket-qua/{result.pk}/").status_code == 404
    assert Client().get(url).status_code == 302
    # The stored file has no public address.
    assert Client().get("/media/" + result.file.name).status_code == 404


def test_the_citizen_sees_what_to_supplement(land, oidc):
    mine = _submit("012090001234", "Lò Văn Minh")
    spec = _people()[Role.SPECIALIST]
    dossier_services.assign(mine.received_by, mine, handler=spec)
    dossier_services.start(spec, mine)
    dossier_services.request_supplement(spec, mine, missing_items=["Bản chính Giấy chứng sinh"])
    client = Client()
    sign_in(client, oidc)
    page = client.get(f"/cong-dan/ho-so/{mine.code}/").content.decode()
    assert "Chờ bổ sung" in page and "Bản chính Giấy chứng sinh" in page
