"""Whole walks through the screens: the clerk receives at the counter, a specialist
processes, a leader signs, the clerk hands back — each step through the dossier page's
action forms — for a birth registration, a certified copy and a first-time land
certificate; and what the action forms do when they are refused."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import upload_files
import views_fixtures as h  # noqa: E402  (tests/dossiers is on pythonpath)
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.accounts.domain import Role
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.workdays.domain import Limit
from motcua.workdays.selectors import clock_for

BIRTH, COPY, LAND = "1.001193", "2.000815", "1.013978"


def _shown(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M, %d/%m/%Y")


def _receive(clerk, code: str) -> Dossier:
    response = clerk.post("/ho-so/tiep-nhan/", h.intake_data(clerk, code))
    assert response.status_code == 302, h.page_text(response)[:1500]
    return Dossier.objects.latest("id")


def _due_on_page(client, d: Dossier, limit: Limit) -> None:
    expected = clock_for("12").due(d.received_at, limit)
    assert d.due_at == expected
    text = h.page_text(client.get(f"/ho-so/{d.code}/"))
    assert f"Hẹn trả kết quả {_shown(expected)}" in text


def _actions(d: Dossier) -> list[str]:
    return list(DossierEvent.objects.filter(dossier=d).order_by("seq")
                .values_list("action", flat=True))


@pytest.fixture
def people(w):
    return {
        "clerk": h.client_for(w.own[Role.CLERK]),
        "spec": h.client_for(w.own[Role.SPECIALIST]),
        "spec2": h.client_for(w.specialist2),
        "head": h.client_for(w.own[Role.DIVISION_HEAD]),
        "leader": h.client_for(w.own[Role.LEADER]),
    }


def test_birth_registration_from_counter_to_hand_back(w, people):
    clerk, spec, leader = people["clerk"], people["spec"], people["leader"]
    d = _receive(clerk, BIRTH)
    _due_on_page(clerk, d, Limit(d.procedure.limit_value, d.procedure.limit_unit))
    h.act(clerk, d.code, "route", handler=w.own[Role.SPECIALIST].pk)
    h.act(spec, d.code, "start")
    page = h.page_text(spec.get(f"/ho-so/{d.code}/"))
    assert "Bước hiện tại 1/1" in page and "Hạn của bước" in page
    h.act(spec, d.code, "submit_for_signature", note="Đã đối chiếu dữ liệu dân cư")
    signing = h.page_text(leader.get("/ho-so/", {"ds": "waiting_my_signature"}))
    assert d.code in signing
    h.act(leader, d.code, "approve")
    response = h.act(clerk, d.code, "return_result", collected_by="Lò Thị Mai",
                     channel="counter")
    page = h.page_text(clerk.get(response["Location"]))
    assert "Đã thực hiện: Trả kết quả." in page
    d.refresh_from_db()
    assert d.state == "returned" and d.collected_by == "Lò Thị Mai"
    assert _actions(d) == ["receive", "route", "start", "submit_for_signature", "approve",
                           "return_result"]
    for label in ("Tiếp nhận hồ sơ", "Phân công xử lý", "Nhận xử lý", "Trình ký", "Ký duyệt",
                  "Trả kết quả", "Đã đối chiếu dữ liệu dân cư", "Người nhận: Lò Thị Mai"):
        assert label in page
    # Returned: only notes and files are left to do.
    forms = re.findall(r'<form[^>]+id="action-([a-z_]+)"',
                       clerk.get(f"/ho-so/{d.code}/").content.decode())
    assert forms == ["attach", "add_note"]


def test_certified_copy_goes_through_the_fallback_check_step(w, people):
    clerk, spec, leader = people["clerk"], people["spec"], people["leader"]
    d = _receive(clerk, COPY)
    _due_on_page(clerk, d, Limit(d.procedure.limit_value, d.procedure.limit_unit))
    h.act(clerk, d.code, "route", handler=w.own[Role.SPECIALIST].pk)
    h.act(spec, d.code, "start")
    assert "Thẩm tra hồ sơ, trình ký" in h.page_text(spec.get(f"/ho-so/{d.code}/"))
    h.act(spec, d.code, "submit_for_signature")
    h.act(leader, d.code, "approve")
    h.act(clerk, d.code, "return_result", collected_by="Lò Thị Mai", channel="counter")
    d.refresh_from_db()
    assert d.state == "returned" and clock_for("12").classify(d.finished_at, d.due_at) in (
        "early", "on_time")


def test_land_certificate_through_three_steps_a_supplement_and_an_electronic_result(
        w, people):
    clerk, spec, spec2 = people["clerk"], people["spec"], people["spec2"]
    head, leader = people["head"], people["leader"]
    d = _receive(clerk, LAND)
    _due_on_page(clerk, d, Limit.days(17))
    # The handler list puts the commune's specialists first (the first step's role).
    page = clerk.get(f"/ho-so/{d.code}/").content.decode()
    assign = re.search(r'<select name="route-handler".*?</select>', page, flags=re.S).group(0)
    assert re.search(r'<optgroup label="Công chức chuyên môn">.*Cán bộ t-own-specialist',
                     assign, flags=re.S)
    assert "t-other-" not in assign  # nobody from another commune
    h.act(clerk, d.code, "route", handler=w.own[Role.SPECIALIST].pk)
    h.act(spec, d.code, "start")
    h.act(spec, d.code, "request_supplement",
          missing_items="Mảnh trích đo bản đồ địa chính\nBản sao giấy tờ về quyền sử dụng đất")
    waiting = h.page_text(clerk.get("/ho-so/", {"ds": "waiting_supplement"}))
    assert d.code in waiting
    assert "Mảnh trích đo bản đồ địa chính" in h.page_text(clerk.get(f"/ho-so/{d.code}/"))
    h.act(clerk, d.code, "receive_supplement")
    h.act(spec, d.code, "forward", handler=w.specialist2.pk)
    h.act(spec2, d.code, "forward", handler=w.own[Role.DIVISION_HEAD].pk)
    page = h.page_text(head.get(f"/ho-so/{d.code}/"))
    assert "Bước hiện tại 3/3" in page and "Thẩm định hồ sơ" in page
    h.act(head, d.code, "attach", files={"file": SimpleUploadedFile(
        "giay-chung-nhan.pdf", upload_files.pdf("%PDF-1.4 ket qua"),
        content_type="application/pdf")},
        kind="result", electronic="on")
    h.act(head, d.code, "submit_for_signature")
    h.act(leader, d.code, "approve")
    d.refresh_from_db()
    assert d.state == "result_ready" and d.electronic_result is True
    page = h.page_text(clerk.get(f"/ho-so/{d.code}/"))
    assert "giay-chung-nhan.pdf" in page and "kết quả điện tử" in page
    # The due date moved by exactly the working time paused.
    assert d.due_at >= d.original_due_at
    assert f"Hẹn trả kết quả {_shown(d.due_at)}" in page
    h.act(clerk, d.code, "return_result", collected_by="Lò Văn Minh", channel="counter")
    assert _actions(d) == ["receive", "route", "start", "request_supplement",
                           "receive_supplement", "forward", "forward", "attach",
                           "submit_for_signature", "approve", "return_result"]


def test_refused_action_shows_on_its_form_with_400_and_writes_nothing(w, people,
                                                                      dossier_in):
    d = dossier_in("received")
    clerk = people["clerk"]
    before = DossierEvent.objects.filter(dossier=d).count()
    # A handler from another commune is not offered; posting one anyway is refused.
    response = h.act(clerk, d.code, "route", handler=w.other[Role.SPECIALIST].pk, expect=400)
    assert "Lựa chọn không hợp lệ" in h.page_text(response) or "không phải" in h.page_text(
        response)
    # A stale page: someone acted in between.
    page = clerk.get(f"/ho-so/{d.code}/")
    version = h.hidden_version(page, "route")
    h.act(clerk, d.code, "add_note", text="Gọi điện cho người nộp")
    response = clerk.post(f"/ho-so/{d.code}/thao-tac/route/", {
        "route-expected_version": version, "route-handler": w.own[Role.SPECIALIST].pk})
    assert response.status_code == 400
    assert "vừa được người khác cập nhật" in h.page_text(response)
    # An action the role may not take (the clerk does not sign).
    response = clerk.post(f"/ho-so/{d.code}/thao-tac/approve/", {})
    assert response.status_code == 400
    assert "Ký duyệt" in h.page_text(response)
    assert DossierEvent.objects.filter(dossier=d).count() == before + 1  # the note only
    # A reason is required for a refusal; the form says so.
    response = clerk.post(f"/ho-so/{d.code}/thao-tac/refuse/", {"refuse-reason": " "})
    assert response.status_code == 400 and "Hãy ghi rõ lý do." in h.page_text(response)
    assert clerk.post(f"/ho-so/{d.code}/thao-tac/khong-co/", {}).status_code == 404


def test_attachment_downloads_through_the_permission_checked_view(w, people, dossier_in):
    d = dossier_in("in_processing")
    spec = people["spec"]
    h.act(spec, d.code, "add_note", text="Biên bản kiểm tra hiện trạng",
          files={"file": SimpleUploadedFile("bien-ban.pdf", upload_files.pdf("%PDF-1.4 bien ban"))})
    page = spec.get(f"/ho-so/{d.code}/").content.decode()
    link = re.search(rf'href="(/ho-so/{re.escape(d.code)}/tep/\d+/)"', page).group(1)
    response = spec.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == upload_files.pdf("%PDF-1.4 bien ban")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store, private"
    assert h.client_for(w.other[Role.SPECIALIST]).get(link).status_code == 404


def test_apology_transfer_and_stop_through_their_forms(w, people, dossier_in):
    d = dossier_in("in_processing")
    leader, spec = people["leader"], people["spec"]
    new_due = timezone.localtime(d.due_at + dt.timedelta(days=10)).replace(second=0,
                                                                         microsecond=0)
    h.act(leader, d.code, "apologize_and_reschedule", reason="Chờ kết quả đo đạc",
          new_due_at=new_due.strftime("%Y-%m-%dT%H:%M"))
    d.refresh_from_db()
    assert d.due_at == new_due and d.original_due_at < d.due_at
    page = h.page_text(leader.get(f"/ho-so/{d.code}/"))
    assert f"Hẹn trả kết quả {_shown(new_due)}" in page and "Hẹn ban đầu" in page
    assert f"Hẹn trả mới: {_shown(new_due)}" in page or "Hẹn trả dời đến" in page
    assert "xin-loi.pdf" in leader.get(f"/ho-so/{d.code}/").content.decode()
    # An apology date that is not later than the promise is refused on the form.
    response = h.act(leader, d.code, "apologize_and_reschedule", reason="Lần nữa",
                     new_due_at="2020-01-01T08:00", expect=400)
    assert 'id="action-apologize_and_reschedule"' in response.content.decode()

    h.act(spec, d.code, "transfer", to_agency="p12-so-nn-mt", note="Xin ý kiến về nguồn gốc đất")
    page = h.page_text(spec.get(f"/ho-so/{d.code}/"))
    assert "Đã chuyển liên thông" in page and "Sở Nông nghiệp và Môi trường" in page
    h.act(spec, d.code, "receive_back", handler="")
    h.act(leader, d.code, "stop", reason="Người nộp đề nghị dừng giải quyết")
    d.refresh_from_db()
    assert d.state == "stopped" and d.outcome_reason == "Người nộp đề nghị dừng giải quyết"
    assert "thong-bao-dung.pdf" in leader.get(f"/ho-so/{d.code}/").content.decode()
