"""Slips of a dossier and the register through the screens, and the commune scope: an
official of another commune finds neither the dossier, nor its slips, nor its files."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path

import pytest
import upload_files
import views_fixtures as h  # noqa: E402  (tests/dossiers is on pythonpath)
from django.core.files.base import ContentFile
from openpyxl import load_workbook

from motcua.accounts.domain import Role
from motcua.dossiers import services
from motcua.dossiers.models import DossierEvent

NAME = "Lò Văn Minh"  # the applicant of tests/dossiers/conftest.py


def _pdf(client, code: str, slug: str, tmp_path: Path, **params) -> str:
    response = client.get(f"/ho-so/{code}/phieu/{slug}.pdf", params)
    assert response.status_code == 200, h.page_text(response)[:500]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response.content.startswith(b"%PDF")
    return h.pdf_text(response.content, tmp_path)


def test_receipt_and_control_slip_of_a_new_dossier(w, dossier_in, tmp_path):
    d = dossier_in("in_processing")
    clerk = h.client_for(w.own[Role.CLERK])
    page = clerk.get(f"/ho-so/{d.code}/").content.decode()
    assert "giay-tiep-nhan.pdf" in page and "phieu-kiem-soat.pdf" in page
    assert "tu-choi.pdf" not in page and "xin-loi.pdf" not in page
    receipt = _pdf(clerk, d.code, "giay-tiep-nhan", tmp_path)
    assert d.code in receipt and NAME in receipt and "GIẤY TIẾP NHẬN HỒ SƠ" in receipt
    assert "Liên 2" in receipt
    a5 = _pdf(clerk, d.code, "giay-tiep-nhan", tmp_path, kho="A5")
    assert d.code in a5 and NAME in a5
    control = _pdf(clerk, d.code, "phieu-kiem-soat", tmp_path)
    assert d.code in control and NAME in control
    # the hand-over to the specialist (names wrap inside the narrow signature cells)
    assert "t-own-specialist" in control.replace(" ", "")


def test_supplement_apology_refusal_and_stop_slips_follow_the_history(w, dossier_in,
                                                                      tmp_path):
    clerk = h.client_for(w.own[Role.CLERK])
    waiting = dossier_in("waiting_supplement")
    text = _pdf(clerk, waiting.code, "yeu-cau-bo-sung", tmp_path)
    assert waiting.code in text and NAME in text and "Bản sao sổ hộ khẩu" in text

    late = dossier_in("in_processing")
    services.apologize(w.own[Role.LEADER], late, reason="Chờ kết quả đo đạc thửa đất",
                       new_due_at=late.due_at + dt.timedelta(days=7))
    text = _pdf(clerk, late.code, "xin-loi", tmp_path)
    assert late.code in text and NAME in text and "Chờ kết quả đo đạc thửa đất" in text

    refused = dossier_in("received")
    services.refuse(w.own[Role.CLERK], refused, reason="Đất đang có tranh chấp")
    text = _pdf(clerk, refused.code, "tu-choi", tmp_path)
    assert refused.code in text and NAME in text and "Đất đang có tranh chấp" in text

    stopped = dossier_in("in_processing")
    services.stop(w.own[Role.LEADER], stopped, reason="Người nộp đề nghị dừng")
    text = _pdf(clerk, stopped.code, "thong-bao-dung", tmp_path)
    assert stopped.code in text and NAME in text and "Người nộp đề nghị dừng" in text
    # Forms that do not belong to a dossier's history are not printed.
    response = clerk.get(f"/ho-so/{stopped.code}/phieu/tu-choi.pdf")
    assert response.status_code == 404
    assert "Hồ sơ này chưa có phiếu từ chối" in h.page_text(response)
    assert clerk.get(f"/ho-so/{stopped.code}/phieu/khong-co.pdf").status_code == 404
    bad = clerk.get(f"/ho-so/{stopped.code}/phieu/tu-choi.pdf", {"kho": "A3"})
    assert bad.status_code == 400 and "Khổ giấy" in h.page_text(bad)


def test_another_commune_sees_nothing(w, dossier_in):
    d = dossier_in("in_processing")
    services.add_attachment(w.own[Role.SPECIALIST], d, kind="scan",
                            file=ContentFile(upload_files.pdf("%PDF scan"), name="to-khai.pdf"))
    attachment = d.attachments.get()
    before = DossierEvent.objects.filter(dossier=d).count()
    for role in (Role.SPECIALIST, Role.CLERK, Role.LEADER):
        outsider = h.client_for(w.other[role])
        for url in (f"/ho-so/{d.code}/", f"/ho-so/{d.code}/phieu/giay-tiep-nhan.pdf",
                    f"/ho-so/{d.code}/phieu/phieu-kiem-soat.pdf",
                    f"/ho-so/{d.code}/tep/{attachment.pk}/"):
            response = outsider.get(url)
            assert response.status_code == 404, (role, url)
            assert f"Không tìm thấy hồ sơ mã «{d.code}»" in h.page_text(response)
        response = outsider.post(f"/ho-so/{d.code}/thao-tac/add_note/",
                                 {"add_note-text": "xem thử"})
        assert response.status_code == 404
        assert d.code not in outsider.get("/ho-so/?ds=all").content.decode()
    assert DossierEvent.objects.filter(dossier=d).count() == before
    # The village team sees only what they submitted for someone.
    assert h.client_for(w.own[Role.VILLAGE_TEAM]).get(f"/ho-so/{d.code}/").status_code == 404


def test_register_as_pdf_and_xlsx_for_the_own_commune_only(w, receive, tmp_path):
    d = receive("1.001193")
    clerk = h.client_for(w.own[Role.CLERK])
    page = clerk.get("/ho-so/so-theo-doi/")
    assert page.status_code == 200 and d.code in page.content.decode()
    today = d.received_at.astimezone(dt.timezone(dt.timedelta(hours=7))).date().isoformat()
    response = clerk.get("/ho-so/so-theo-doi/", {"tu": today, "den": today, "dinh-dang": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = h.pdf_text(response.content, tmp_path)
    assert "SỔ THEO DÕI HỒ SƠ" in text and NAME in text
    response = clerk.get("/ho-so/so-theo-doi/", {"tu": today, "den": today, "dinh-dang": "xlsx"})
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(BytesIO(response.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert d.code in values and NAME in values
    assert d.code not in h.client_for(w.other[Role.CLERK]).get(
        "/ho-so/so-theo-doi/").content.decode()
    assert clerk.get("/ho-so/so-theo-doi/", {"xa": "03618"}).status_code == 404
    overseer = h.client_for(w.own[Role.PROVINCE_OVERSEER])
    assert d.code in overseer.get("/ho-so/so-theo-doi/", {"xa": "03390"}).content.decode()
    bad = clerk.get("/ho-so/so-theo-doi/", {"tu": "2026-13-01", "dinh-dang": "pdf"})
    assert bad.status_code == 400 and "không hợp lệ" in h.page_text(bad)


@pytest.mark.parametrize("role", [Role.CLERK, Role.LEADER])
def test_receipt_reachable_from_the_receiving_commune(w, role, tmp_path, receive):
    d = receive("1.001193")
    text = _pdf(h.client_for(w.own[role]), d.code, "giay-tiep-nhan", tmp_path)
    assert "Đăng ký khai sinh" in text
