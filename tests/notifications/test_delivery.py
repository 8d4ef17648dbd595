"""Messages leave through a real SMTP server (aiosmtpd) and a real HTTP server playing the
SMS gateway, after the dossier's commit; failures are kept, retried and visible."""

from __future__ import annotations

import subprocess
import unicodedata
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from motcua.accounts.domain import Role
from motcua.dossiers import services as dossiers
from motcua.dossiers.models import Dossier
from motcua.notifications import services
from motcua.notifications.models import Notification, Status

BIRTH = "1.001193"
HEALTH_CARD = "DP-BHYT-01"
NEWBORN = "2.000986"


def pdf_text(data: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                          check=True)
    return done.stdout.decode()


def subject(mail) -> str:
    # Django folds an encoded Subject onto a continuation line; readers unfold and trim it.
    return str(mail["Subject"]).strip()


def rows(dossier) -> list[Notification]:
    return list(Notification.objects.filter(dossier=dossier).order_by("id"))


def test_online_dossier_receipt_reaches_the_smtp_server_with_form_1_and_the_sms_gateway(
    nworld, receive, smtp, sms_gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(BIRTH, channel="online")
    assert len(smtp.received) == 1
    mail = smtp.received[0]
    assert mail["X-Envelope-To"] == "minh@example.vn"
    assert mail["From"] == "Một cửa Bình Lư <motcua@binhlu.example>"
    assert subject(mail) == f"Đã tiếp nhận hồ sơ {d.code}"
    body = mail.get_body(("plain",)).get_content()
    assert unicodedata.is_normalized("NFC", body)
    assert "Đăng ký khai sinh" in body and "Ngày hẹn trả kết quả" in body
    assert f"https://dichvucong.laichau.example/dich-vu-cong/tra-cuu/?ma={d.code}" in body
    for private in ("Lò Văn Minh", "012090001234", "0912"):
        assert private not in body
    [pdf] = list(mail.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename() == f"giay-tiep-nhan-{d.code}.pdf"
    text = pdf_text(pdf.get_content())
    assert d.code in text and "GIẤY TIẾP NHẬN" in text.upper()

    [sms] = sms_gateway.requests
    assert sms["path"] == "/sms/send"
    assert sms["authorization"] == "Bearer secret-token"
    assert sms["json"]["to"] == "+84912345678"
    assert sms["json"]["sender"] == "UBND BINHLU"
    due = timezone.localtime(d.due_at).strftime("%H:%M %d/%m/%Y")
    assert sms["json"]["text"].startswith(f"Ho so {d.code} da duoc tiep nhan. Hen tra ket qua {due}.")
    assert len(sms["json"]["text"]) <= 160 and sms["json"]["text"].isascii()

    sent = rows(d)
    assert [(r.channel, r.status, r.attempts) for r in sent] == [
        ("email", "sent", 1), ("sms", "sent", 1)]
    assert all(r.sent_at and r.next_attempt_at is None for r in sent)
    assert {r.commune_code for r in sent} == {d.commune_code}
    assert sms["json"]["reference"] == str(sent[1].pk)


def test_counter_dossier_email_has_no_attachment(nworld, receive, smtp,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        receive(BIRTH)
    [mail] = smtp.received
    assert list(mail.iter_attachments()) == []
    assert "Xin giữ Giấy tiếp nhận" in mail.get_body(("plain",)).get_content()


def test_no_contact_or_no_channel_queues_nothing(nworld, receive, settings,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        d = receive(BIRTH)  # channels not configured
    assert rows(d) == [] and callbacks == []
    settings.MOTCUA_EMAIL_HOST = "127.0.0.1"
    settings.MOTCUA_SMS_URL = "http://127.0.0.1:9/"
    with django_capture_on_commit_callbacks() as callbacks:
        bare = receive(BIRTH, applicant_email="", applicant_phone="")
        landline = receive(BIRTH, applicant_email="", applicant_phone="0213 3876 543")
    assert rows(bare) == [] and rows(landline) == [] and callbacks == []


def test_a_rolled_back_change_sends_nothing(nworld, receive, smtp, sms_gateway,
                                            django_capture_on_commit_callbacks):
    code = None
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            code = receive(BIRTH, channel="online").code
            assert Notification.objects.filter(dossier__code=code).count() == 2
            raise RuntimeError("the counter's request failed after the reception")
    assert callbacks == []
    assert not Dossier.objects.filter(code=code).exists()
    assert not Notification.objects.filter(dossier__code=code).exists()
    assert smtp.received == [] and sms_gateway.requests == []


def test_smtp_server_down_fails_visibly_then_the_worker_retries_successfully(
    nworld, receive, smtp, django_capture_on_commit_callbacks
):
    smtp.stop()
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(BIRTH)
    assert Dossier.objects.filter(code=d.code).exists()  # the reception stands
    [row] = rows(d)
    assert (row.status, row.attempts) == (Status.FAILED, 1)
    assert "Connection refused" in row.last_error or "Errno" in row.last_error
    assert row.next_attempt_at > timezone.now()
    assert services.deliver_due().total == 0  # not due yet: backoff
    smtp.start()
    result = services.deliver_due(now=row.next_attempt_at + timedelta(seconds=1))
    assert (result.sent, result.failed) == (1, 0)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == (Status.SENT, 2, None)
    assert [subject(m) for m in smtp.received] == [f"Đã tiếp nhận hồ sơ {d.code}"]


def test_a_rejecting_server_is_given_up_after_the_last_attempt_then_retried_by_hand(
    nworld, receive, smtp, settings, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    settings.MOTCUA_NOTIFY_MAX_ATTEMPTS = 2
    smtp.reject_with = "451 4.3.0 Mailbox temporarily unavailable"
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(BIRTH)
    [row] = rows(d)
    assert row.status == Status.FAILED and "451" in row.last_error
    services.deliver_due(now=row.next_attempt_at + timedelta(seconds=1))
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == (Status.FAILED, 2, None)
    later = timezone.now() + timedelta(days=30)
    assert services.deliver_due(now=later).total == 0  # given up: no more automatic tries

    from io import StringIO

    out = StringIO()
    call_command("notifications", "list", "--failed", stdout=out)
    line = next(x for x in out.getvalue().splitlines() if x.startswith(f"{row.pk}\t"))
    assert d.code in line and "bỏ cuộc" in line and "451" in line

    smtp.reject_with = ""
    out = StringIO()
    call_command("notifications", "retry", str(row.pk), stdout=out)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 3)
    assert "thành công 1" in out.getvalue()
    assert len(smtp.received) == 1


def test_sms_gateway_error_is_retried(nworld, receive, sms_gateway,
                                      django_capture_on_commit_callbacks):
    sms_gateway.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(BIRTH, applicant_email="")
    [row] = rows(d)
    assert (row.channel, row.status, row.attempts) == ("sms", Status.FAILED, 1)
    assert "HTTP 500" in row.last_error
    sms_gateway.status = 200
    services.deliver_due(now=row.next_attempt_at + timedelta(seconds=1))
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert len(sms_gateway.requests) == 2
    assert {r["json"]["reference"] for r in sms_gateway.requests} == {str(row.pk)}


def test_the_whole_life_tells_the_applicant_each_step_that_concerns_them(
    nworld, receive, smtp, sms_gateway, django_capture_on_commit_callbacks
):
    w = nworld
    clerk, spec, leader = w.own[Role.CLERK], w.own[Role.SPECIALIST], w.own[Role.LEADER]
    head = w.own[Role.DIVISION_HEAD]
    with django_capture_on_commit_callbacks(execute=True):
        d = receive("1.013978")  # land certificate: 17 days, steps, signature
        dossiers.assign(clerk, d, handler=spec)
        dossiers.start(spec, d)
        dossiers.request_supplement(spec, d, missing_items=["Bản sao sổ hộ khẩu",
                                                            "Trích lục bản đồ thửa đất"])
        dossiers.receive_supplement(spec, d)
        d.refresh_from_db()
        dossiers.apologize(head, d, reason="Cần xác minh thực địa",
                           new_due_at=d.due_at + timedelta(days=7))
        while Dossier.objects.get(pk=d.pk).step_index < len(d.steps) - 1:
            dossiers.forward(spec, d, handler=spec)
        dossiers.submit_for_signature(spec, d)
        dossiers.approve(leader, d)
        dossiers.return_result(clerk, d, collected_by="Lò Văn Minh")
    kinds = [(r.kind, r.channel) for r in rows(d)]
    assert kinds == [(k, c) for k in ("received", "supplement", "apology", "result_ready",
                                      "returned") for c in ("email", "sms")]
    assert all(r.status == Status.SENT for r in rows(d))
    subjects = [subject(m) for m in smtp.received]
    assert subjects == [
        f"Đã tiếp nhận hồ sơ {d.code}",
        f"Hồ sơ {d.code} cần bổ sung giấy tờ",
        f"Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {d.code}",
        f"Hồ sơ {d.code} đã có kết quả",
        f"Mời đánh giá việc giải quyết hồ sơ {d.code}",
    ]
    supplement = smtp.received[1].get_body(("plain",)).get_content()
    assert "1. Bản sao sổ hộ khẩu" in supplement and "2. Trích lục bản đồ thửa đất" in supplement
    apology = smtp.received[2].get_body(("plain",)).get_content()
    new_due = timezone.localtime(Dossier.objects.get(pk=d.pk).due_at)
    assert new_due.strftime("%H:%M %d/%m/%Y") in apology
    assert "Cần xác minh thực địa" in apology
    texts = [r["json"]["text"] for r in sms_gateway.requests]
    assert "Ban sao so ho khau; Trich luc ban do thua dat" in texts[1]
    # A real code (28 characters) and the portal's address fit in one SMS with the link.
    assert texts[4] == (f"Ho so {d.code} da tra ket qua. Moi danh gia: "
                        f"https://dichvucong.laichau.example/dich-vu-cong/tra-cuu/?ma={d.code}")
    assert all(len(t) <= 160 and t.isascii() for t in texts)


def test_result_ready_without_signature_and_refusal(nworld, receive, smtp,
                                                    django_capture_on_commit_callbacks):
    w = nworld
    clerk, spec = w.own[Role.CLERK], w.own[Role.SPECIALIST]
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(HEALTH_CARD)
        dossiers.assign(clerk, d, handler=spec)
        dossiers.start(spec, d)
        while Dossier.objects.get(pk=d.pk).step_index < len(d.steps) - 1:
            dossiers.forward(spec, d, handler=spec)
        dossiers.mark_result_ready(spec, d)
        refused = receive(BIRTH)
        dossiers.refuse(clerk, refused, reason="Không thuộc thẩm quyền của xã")
    assert [r.kind for r in rows(d)] == ["received", "result_ready"]
    [_, refusal] = [m for m in smtp.received if refused.code in subject(m)]
    assert "từ chối" in subject(refusal)
    assert "Lý do: Không thuộc thẩm quyền của xã" in refusal.get_body(("plain",)).get_content()


def test_a_linked_group_gets_one_receipt(nworld, receive, smtp,
                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        main = receive(NEWBORN, channel="online")
    assert main.members.count() >= 1
    assert [subject(m) for m in smtp.received] == [f"Đã tiếp nhận hồ sơ {main.code}"]


def test_worker_mode_leaves_delivery_to_the_send_command(nworld, receive, smtp, settings,
                                                         django_capture_on_commit_callbacks):
    from django.core.management import call_command

    settings.MOTCUA_NOTIFY_DELIVERY = "worker"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        d = receive(BIRTH)
    assert callbacks == [] and smtp.received == []
    assert rows(d)[0].status == Status.QUEUED
    call_command("notifications", "send", "--loop", "--rounds", "1", "--interval", "0")
    assert rows(d)[0].status == Status.SENT and len(smtp.received) == 1


def test_a_broken_outbox_never_breaks_the_dossier(nworld, receive, smtp, monkeypatch,
                                                  django_capture_on_commit_callbacks):
    def boom(*args, **kwargs):
        raise RuntimeError("outbox table missing")

    monkeypatch.setattr(Notification.objects, "bulk_create", boom)
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(BIRTH)
        dossiers.assign(nworld.own[Role.CLERK], d, handler=nworld.own[Role.SPECIALIST])
    assert Dossier.objects.get(pk=d.pk).version == 2
    assert smtp.received == []


def test_admin_lists_notifications_with_their_errors(nworld, receive, smtp, client,
                                                     django_capture_on_commit_callbacks):
    smtp.reject_with = "554 5.7.1 Rejected by policy"
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(BIRTH)
    client.force_login(nworld.own[Role.ADMIN])
    page = client.get("/admin/notifications/notification/?status__exact=failed")
    assert page.status_code == 200
    html = page.content.decode()
    assert d.code in html and "554 5.7.1 Rejected by policy" in html
    smtp.reject_with = ""
    [row] = rows(d)
    answer = client.post("/admin/notifications/notification/",
                         {"action": "send_again", "_selected_action": [row.pk]})
    assert answer.status_code == 302
    row.refresh_from_db()
    assert row.status == Status.SENT



def test_with_a_worker_backend_deliveries_and_retries_are_enqueued_as_tasks(
    nworld, receive, smtp, settings, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(BIRTH)
    [row] = rows(d)
    [queued] = default_task_backend.results
    assert queued.task.name == "deliver_notification" and queued.args == [row.pk]
    assert queued.task.run_after is None
    assert smtp.received == [] and row.status == Status.QUEUED  # the worker will send it

    smtp.stop()
    services.deliver(row.pk)  # what the worker runs
    row.refresh_from_db()
    assert row.status == Status.FAILED
    retry = default_task_backend.results[-1]
    assert retry.args == [row.pk] and retry.task.run_after == row.next_attempt_at


def test_a_sent_message_is_never_sent_twice(nworld, receive, smtp,
                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(BIRTH)
    [row] = rows(d)
    services.deliver(row.pk, force=True)
    services.deliver_due(now=timezone.now() + timedelta(days=1))
    services.retry([row.pk])
    row.refresh_from_db()
    assert (row.status, row.attempts, len(smtp.received)) == (Status.SENT, 1, 1)


def test_a_hanging_sms_gateway_times_out_and_is_retried(nworld, receive, sms_gateway, settings,
                                                        django_capture_on_commit_callbacks):
    settings.MOTCUA_SMS_TIMEOUT = 0.3
    sms_gateway.delay = 1.0
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(BIRTH, applicant_email="")
    [row] = rows(d)
    assert row.status == Status.FAILED and "timed out" in row.last_error
    assert row.next_attempt_at is not None
