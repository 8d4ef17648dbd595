"""Services on the database: the whole lifecycle, one event per change, the hash chain,
the promised date through supplements and apologies."""

from __future__ import annotations

import datetime as dt

import pytest
import upload_files
from django.core.files.base import ContentFile

from motcua.accounts.domain import Role
from motcua.dossiers import services
from motcua.dossiers.domain import Status, TransitionError
from motcua.dossiers.models import (
    Dossier,
    DossierAttachment,
    DossierEvent,
    DossierPause,
    ImmutableRowError,
)
from motcua.dossiers.services.chain import check_rows
from motcua.errors import Conflict, InvalidInput, PermissionDenied
from motcua.workdays.domain import Limit
from motcua.workdays.selectors import clock_for

BIRTH, LAND, COPY, HEALTH_CARD = "1.001193", "1.013978", "2.000815", "DP-BHYT-01"
VN = dt.timezone(dt.timedelta(hours=7))
MONDAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN)  # an ordinary working Monday


def _events(d: Dossier) -> list[DossierEvent]:
    return list(DossierEvent.objects.filter(dossier=d).order_by("seq"))


def _chain_ok(d: Dossier) -> None:
    d.refresh_from_db()
    assert check_rows(_events(d), d.last_event_hash) == []


def _at(days: float) -> dt.datetime:
    return MONDAY + dt.timedelta(days=days)


def test_birth_registration_from_counter_to_hand_back(w, receive):
    clerk, spec, leader = w.own[Role.CLERK], w.own[Role.SPECIALIST], w.own[Role.LEADER]
    d = receive(BIRTH)
    assert d.code.startswith("000.04.03390.H12-") and d.state == Status.RECEIVED
    steps = [
        lambda: services.assign(clerk, d.code, handler=spec.username),
        lambda: services.start(spec, d.code),
        lambda: services.submit_for_signature(spec, d.code),
        lambda: services.approve(leader, d.code),
        lambda: services.return_result(clerk, d.code, collected_by="Lò Văn Minh"),
    ]
    expected = [
        "received",
        "received",
        "in_processing",
        "waiting_signature",
        "result_ready",
        "returned",
    ]
    assert len(_events(d)) == 1
    for index, step in enumerate(steps, start=2):
        step()
        events = _events(d)
        assert len(events) == index  # exactly one event per change
        assert events[-1].to_state == expected[index - 1]
    d.refresh_from_db()
    assert d.state == Status.RETURNED and d.collected_by == "Lò Văn Minh"
    assert d.finished_at and d.result_ready_at and d.returned_at
    assert d.version == 6 and d.handler == spec
    _chain_ok(d)


def test_land_certificate_walks_its_three_steps_with_step_deadlines(w, receive):
    clerk, spec, spec2 = w.own[Role.CLERK], w.own[Role.SPECIALIST], w.specialist2
    head, leader = w.own[Role.DIVISION_HEAD], w.own[Role.LEADER]
    d = receive(LAND, received_at=MONDAY)
    clock = clock_for("12")
    assert d.due_at == d.original_due_at == clock.due(MONDAY, Limit.days(17))
    services.assign(clerk, d, handler=spec, at=_at(0.1))
    d.refresh_from_db()
    assert [s["role"] for s in d.steps] == ["specialist", "specialist", "division_head"]
    assert d.signature_required
    services.start(spec, d, at=_at(0.2))
    d.refresh_from_db()
    # 2.5 working days of the first step, from the start
    assert d.step_index == 0 and d.step_due_at > _at(0.2)
    assert d.step_due_at == clock.add_working_time(_at(0.2), dt.timedelta(hours=20))
    services.forward(spec, d, handler=spec2, at=_at(1))
    with pytest.raises(TransitionError) as err:  # the first specialist no longer holds it
        services.forward(spec, d, handler=head, at=_at(2))
    assert err.value.code == "dossier.not_handler" and err.value.status == 403
    services.forward(spec2, d, handler=head, at=_at(3))
    with pytest.raises(TransitionError) as err:  # last step: submit, not forward
        services.forward(head, d, handler=spec, at=_at(4))
    assert err.value.code == "dossier.invalid_state"
    services.submit_for_signature(head, d, at=_at(7))
    services.reject(leader, d, reason="Thiếu trích đo thửa đất", at=_at(8))
    services.submit_for_signature(head, d, at=_at(9))
    services.approve(leader, d, at=_at(10))
    services.return_result(clerk, d, collected_by="Lò Văn Minh", at=_at(11))
    d.refresh_from_db()
    assert d.state == Status.RETURNED and d.step_index == 2 and d.handler == head
    assert [e.action for e in _events(d)] == [
        "receive",
        "route",
        "start",
        "forward",
        "forward",
        "submit_for_signature",
        "reject",
        "submit_for_signature",
        "approve",
        "return_result",
    ]
    assert clock.classify(d.finished_at, d.due_at) == "early"
    _chain_ok(d)


def test_certified_copy_has_one_checking_step_then_the_signature(w, receive):
    clerk, spec, leader = w.own[Role.CLERK], w.own[Role.SPECIALIST], w.own[Role.LEADER]
    d = receive(COPY)
    services.assign(clerk, d, handler=spec)
    d.refresh_from_db()
    assert [s["name"] for s in d.steps] == ["Thẩm tra hồ sơ, trình ký"] and d.signature_required
    services.start(spec, d)
    services.submit_for_signature(spec, d)
    services.approve(leader, d)
    services.return_result(clerk, d, collected_by="Lò Văn Minh")
    assert Dossier.objects.get(pk=d.pk).state == Status.RETURNED


def test_result_without_signature_and_electronic_result(w, receive):
    clerk, spec = w.own[Role.CLERK], w.own[Role.SPECIALIST]
    d = receive(HEALTH_CARD)
    services.assign(clerk, d, handler=spec)
    d.refresh_from_db()
    assert not d.signature_required
    services.start(spec, d)
    with pytest.raises(TransitionError):
        services.approve(w.own[Role.LEADER], d)  # nothing to sign
    attachment = services.attach_result(
        spec, d, electronic=True, file=ContentFile(upload_files.pdf("%PDF-1.4 the card"), name="the.pdf")
    )
    assert attachment.kind == "result" and attachment.electronic
    services.mark_result_ready(spec, d)
    d.refresh_from_db()
    assert d.state == Status.RESULT_READY and d.electronic_result is True
    assert [e.action for e in _events(d)][-2:] == ["attach", "mark_result_ready"]
    _chain_ok(d)


def test_supplement_pauses_the_clock_and_moves_the_promise(w, receive):
    clerk, spec = w.own[Role.CLERK], w.own[Role.SPECIALIST]
    clock = clock_for("12")
    d = receive(LAND, received_at=MONDAY)
    services.assign(clerk, d, handler=spec, at=_at(0.05))
    services.start(spec, d, at=_at(0.1))
    asked, back = _at(1), _at(3)  # Tuesday 09:00 → Thursday 09:00: two working days
    services.request_supplement(spec, d, missing_items=["Bản sao sổ hộ khẩu"], at=asked)
    d.refresh_from_db()
    assert d.state == Status.WAITING_SUPPLEMENT and d.missing_items == ["Bản sao sổ hộ khẩu"]
    pause = DossierPause.objects.get(dossier=d)
    assert pause.ended_at is None and pause.missing_items == ["Bản sao sổ hộ khẩu"]
    services.receive_supplement(clerk, d, at=back)
    d.refresh_from_db()
    pause.refresh_from_db()
    assert d.state == Status.IN_PROCESSING and pause.ended_at == back
    expected = clock.due_with_pauses(MONDAY, Limit.days(17), [(asked, back)])
    assert d.due_at == expected and d.due_at > d.original_due_at
    assert clock.working_time(d.original_due_at, d.due_at) == clock.working_time(asked, back)
    assert d.supplement_rounds == 1 and not d.late_by_supplements
    services.request_supplement(spec, d, missing_items=["Trích đo"], at=_at(4))
    services.receive_supplement(spec, d, at=_at(7))
    d.refresh_from_db()
    assert d.supplement_rounds == 2 and d.late_by_supplements  # >1 round counts as late
    assert DossierPause.objects.filter(dossier=d, ended_at__isnull=False).count() == 2
    _chain_ok(d)


def test_refusal_needs_a_reason_and_ends_the_dossier(w, receive):
    clerk = w.own[Role.CLERK]
    d = receive(BIRTH)
    with pytest.raises(TransitionError) as err:
        services.refuse(clerk, d, reason="  ")
    assert err.value.code == "dossier.invalid_data" and err.value.details["field"] == "reason"
    assert Dossier.objects.get(pk=d.pk).version == 1  # nothing written
    services.refuse(clerk, d, reason="Không thuộc thẩm quyền")
    d.refresh_from_db()
    assert d.state == Status.REFUSED and d.outcome_reason == "Không thuộc thẩm quyền"
    assert d.finished_at is not None
    with pytest.raises(TransitionError) as err:
        services.assign(clerk, d, handler=w.own[Role.SPECIALIST])
    assert err.value.code == "dossier.terminal" and err.value.status == 409


def test_withdrawal_while_waiting_closes_the_pause(w, dossier_in):
    d = dossier_in("waiting_supplement")
    services.withdraw(w.own[Role.CLERK], d)
    d.refresh_from_db()
    assert d.state == Status.WITHDRAWN and d.outcome_reason == "Lò Văn Minh"
    assert DossierPause.objects.get(dossier=d).ended_at == d.finished_at
    _chain_ok(d)


def test_stop_by_the_leader(w, dossier_in):
    d = dossier_in("in_processing")
    services.stop(w.own[Role.LEADER], d, reason="Người yêu cầu đã chết")
    d.refresh_from_db()
    assert d.state == Status.STOPPED and d.outcome_reason == "Người yêu cầu đã chết"


def test_transfer_and_back(w, dossier_in):
    spec = w.own[Role.SPECIALIST]
    d = dossier_in("transferred")
    assert d.state == Status.TRANSFERRED and d.transferred_to.code == "p12-so-nn-mt"
    assert d.transfer_count == 1
    services.receive_back(w.own[Role.CLERK], d)
    d.refresh_from_db()
    assert d.state == Status.IN_PROCESSING and d.transferred_to is None and d.handler == spec
    event = _events(d)[-1]
    assert event.payload["from_agency"] == "000.00.06.H12"
    with pytest.raises(InvalidInput) as err:
        services.transfer(spec, d, to_agency=d.competent_agency.code)
    assert err.value.code == "agency.same"
    with pytest.raises(InvalidInput):
        services.transfer(spec, d, to_agency="khong-co")
    _chain_ok(d)


def test_apology_moves_the_promise_only_in_time(w, receive):
    clerk, spec, leader = w.own[Role.CLERK], w.own[Role.SPECIALIST], w.own[Role.LEADER]
    d = receive(LAND, received_at=MONDAY)
    services.assign(clerk, d, handler=spec, at=_at(0.1))
    services.start(spec, d, at=_at(0.2))
    due = d.due_at
    later = due + dt.timedelta(days=7)
    due_day = due.astimezone(VN).date()
    # On the due day itself it is too late (at least one working day before is required).
    on_due_day = dt.datetime.combine(due_day, dt.time(8, 0), tzinfo=VN)
    with pytest.raises(TransitionError) as err:
        services.apologize(leader, d, reason="Chờ đo đạc", new_due_at=later, at=on_due_day)
    assert err.value.details["field"] == "at"
    assert Dossier.objects.get(pk=d.pk).due_at == due
    in_time = dt.datetime.combine(due_day - dt.timedelta(days=6), dt.time(8, 0), tzinfo=VN)
    services.apologize(leader, d, reason="Chờ đo đạc", new_due_at=later, at=in_time)
    d.refresh_from_db()
    assert d.due_at == later and d.original_due_at == due
    assert d.apologies[0]["reason"] == "Chờ đo đạc"
    # A supplement after the apology moves the new promise by the paused working time.
    asked, back = in_time + dt.timedelta(hours=1), in_time + dt.timedelta(days=1, hours=1)
    services.request_supplement(spec, d, missing_items=["Trích đo"], at=asked)
    services.receive_supplement(spec, d, at=back)
    d.refresh_from_db()
    clock = clock_for("12")
    assert d.due_at == clock.add_working_time(back, clock.working_time(asked, later))
    _chain_ok(d)


def test_notice_in_time_counts_working_days(w, receive):
    d = receive(LAND, received_at=MONDAY)
    due_day = d.due_at.astimezone(VN).date()
    previous = due_day - dt.timedelta(days=1)
    while not clock_for("12").calendar.is_working_day(previous):
        previous -= dt.timedelta(days=1)
    assert services.notice_in_time(d, dt.datetime.combine(previous, dt.time(16), tzinfo=VN))
    assert not services.notice_in_time(d, dt.datetime.combine(due_day, dt.time(7), tzinfo=VN))


def test_reassign_and_its_guards(w, dossier_in):
    d = dossier_in("in_processing")
    head = w.own[Role.DIVISION_HEAD]
    services.reassign(head, d, handler=w.specialist2.pk)
    d.refresh_from_db()
    assert d.handler == w.specialist2
    with pytest.raises(TransitionError) as err:
        services.reassign(head, d, handler=w.specialist2)
    assert err.value.code == "dossier.invalid_data"
    with pytest.raises(InvalidInput) as err:  # a Mường Than specialist cannot hold it
        services.reassign(head, d, handler=w.other[Role.SPECIALIST])
    assert err.value.code == "handler.invalid"
    with pytest.raises(InvalidInput):  # a clerk is not a handler
        services.reassign(head, d, handler=w.own[Role.CLERK])
    with pytest.raises(TransitionError) as err:  # the role is checked before the handler
        services.reassign(w.own[Role.CLERK], d, handler="no-such-user")
    assert err.value.code == "dossier.forbidden"


def test_stale_version_is_refused(w, dossier_in):
    d = dossier_in("routed")
    spec = w.own[Role.SPECIALIST]
    with pytest.raises(Conflict) as err:
        services.start(spec, d, expected_version=1)
    assert err.value.code == "dossier.stale" and err.value.details["version"] == 2
    services.start(spec, d, expected_version=2)


def test_notes_and_attachments_are_chained_events(w, dossier_in, settings):
    d = dossier_in("in_processing")
    spec = w.own[Role.SPECIALIST]
    services.add_note(
        spec, d, text="Đã gọi điện cho người nộp", file=ContentFile(upload_files.pdf("hello"),
                                                               name="bien-ban.pdf")
    )
    scan = services.add_attachment(
        w.own[Role.CLERK], d, kind="scan", file=ContentFile(upload_files.jpeg(), name="to-khai.jpg")
    )
    events = _events(d)
    assert [e.action for e in events[-2:]] == ["add_note", "attach"]
    assert events[-2].note == "Đã gọi điện cho người nộp"
    assert events[-1].payload["sha256"] == scan.sha256
    assert events[-1].from_state == events[-1].to_state == "in_processing"
    stored = settings.MEDIA_ROOT / scan.file.name
    assert stored.read_bytes()[:3] == b"\xff\xd8\xff" and "to-khai" not in scan.file.name
    assert scan.file.name.endswith(".jpg") and scan.content_type == "image/jpeg"
    assert DossierAttachment.objects.filter(dossier=d).count() == 2
    before = DossierAttachment.objects.count()
    with pytest.raises(InvalidInput) as err:
        services.add_attachment(spec, d, kind="scan", file=ContentFile(b"x", name="virus.exe"))
    assert err.value.code == "upload.type"
    with pytest.raises(InvalidInput):
        services.add_note(spec, d, text=" ")
    with pytest.raises(PermissionDenied):
        services.add_note(w.own[Role.PROVINCE_OVERSEER], d, text="xem")
    assert DossierAttachment.objects.count() == before
    _chain_ok(d)


def test_a_failed_attachment_leaves_no_file_and_no_row(w, dossier_in, settings, monkeypatch):
    from motcua.dossiers.services import annotations

    d = dossier_in("in_processing")
    with pytest.raises(Conflict):  # a result before processing started
        services.attach_result(
            w.own[Role.CLERK],
            dossier_in("received"),
            electronic=True,
            file=ContentFile(upload_files.pdf("%PDF"), name="kq.pdf"),
        )

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(annotations, "_write_event", broken)
    with pytest.raises(RuntimeError):  # fails after the file was written
        services.attach_result(
            w.own[Role.SPECIALIST], d, electronic=True, file=ContentFile(upload_files.pdf("%PDF"), name="kq.pdf")
        )
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    assert not DossierAttachment.objects.filter(dossier=d).exists()
    assert Dossier.objects.get(pk=d.pk).version == d.version


def test_events_cannot_be_changed_through_the_orm(w, dossier_in):
    d = dossier_in("received")
    event = DossierEvent.objects.get(dossier=d)
    event.note = "sửa"
    with pytest.raises(ImmutableRowError):
        event.save()
    with pytest.raises(ImmutableRowError):
        event.delete()
    with pytest.raises(ImmutableRowError):
        DossierEvent.objects.filter(dossier=d).update(note="x")
    with pytest.raises(ImmutableRowError):
        DossierEvent.objects.filter(dossier=d).delete()
    assert DossierEvent.objects.get(dossier=d).note == ""
