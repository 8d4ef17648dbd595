"""`motcua privacy purge`: each kind of record goes once past its period, in batches; the
rest stays. Real rows, real files, real sessions."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from motcua.privacy import services
from motcua.privacy.domain import AccessAction, RetentionKind, parse_retention
from motcua.privacy.models import AccessRecord

DAY = dt.timedelta(days=1)


def _access(d, at):
    AccessRecord(official_username="x", at=at, action=AccessAction.VIEW.value, dossier=d,
                 dossier_code=d.code, commune_code=d.commune_code,
                 province_code=d.province_code, citizen_key="k").save()


def _notification(d, seq, *, status, created_at, next_attempt_at=None):
    from motcua.notifications.domain import KIND_LABELS
    from motcua.notifications.models import Notification

    return Notification.objects.create(
        dossier=d, event_seq=seq, commune_code=d.commune_code, province_code=d.province_code,
        kind=next(iter(KIND_LABELS)).value, channel="sms", recipient="0912345678",
        body="Hồ sơ đã có kết quả", status=status, created_at=created_at,
        next_attempt_at=next_attempt_at)


def _feedback(ref, *, status, received_at):
    from motcua.petitions.models import Feedback

    return Feedback.objects.create(
        reference=ref, kind="feedback", text="Cán bộ hướng dẫn tận tình",
        contact_name="Lò Văn Minh", contact_phone="0912345678",
        contact_email="minh.lo@example.vn", commune_code="03390", province_code="12",
        status=status, received_at=received_at)


@pytest.fixture
def aged(pw, make_dossier):
    """Rows on both sides of each default period."""
    from motcua.notifications.models import Notification, Status

    now = timezone.now()
    d = make_dossier()
    Notification.objects.all().delete()
    for i in range(3):
        _access(d, now - dt.timedelta(days=5 * 366 + i))
    _access(d, now - dt.timedelta(days=4 * 365))
    _notification(d, 101, status=Status.SENT, created_at=now - 400 * DAY)
    _notification(d, 102, status=Status.FAILED, created_at=now - 400 * DAY)  # given up
    _notification(d, 103, status=Status.FAILED, created_at=now - 400 * DAY,
                  next_attempt_at=now + DAY)  # still retried: stays
    _notification(d, 104, status=Status.QUEUED, created_at=now - 400 * DAY)  # stays
    _notification(d, 105, status=Status.SENT, created_at=now - 300 * DAY)  # stays
    _feedback("PA-1", status="settled", received_at=now - 6 * 366 * DAY)
    _feedback("PA-2", status="new", received_at=now - 6 * 366 * DAY)  # open: stays
    _feedback("PA-3", status="rejected", received_at=now - 2 * 365 * DAY)  # young: stays
    old = SessionStore()
    old["motcua_citizen"] = {"personal_id": "012090001234"}
    old.create()
    Session.objects.filter(session_key=old.session_key).update(expire_date=now - DAY)
    live = SessionStore()
    live.create()
    stale = default_storage.save("portal-drafts/abc/cccd.pdf", ContentFile(b"%PDF-1.4 old"))
    fresh = default_storage.save("portal-drafts/def/cccd.pdf", ContentFile(b"%PDF-1.4 new"))
    past = (now - 8 * DAY).timestamp()
    os.utime(default_storage.path(stale), (past, past))
    return {"dossier": d, "live": live.session_key, "old": old.session_key, "stale": stale,
            "fresh": fresh}


def _counts(results):
    return {r.kind: r.count for r in results}


EXPECTED = {RetentionKind.ACCESS_RECORDS: 3, RetentionKind.NOTIFICATIONS: 2,
            RetentionKind.FEEDBACK_CONTACTS: 1, RetentionKind.SESSIONS: 1,
            RetentionKind.PORTAL_DRAFTS: 1}


def test_dry_run_counts_and_keeps_everything(aged):
    from motcua.notifications.models import Notification

    assert _counts(services.purge(dry_run=True)) == EXPECTED
    assert AccessRecord.objects.count() == 4 and Notification.objects.count() == 5
    assert default_storage.exists(aged["stale"])


def test_purge_removes_what_expired_only(aged):
    from motcua.dossiers.models import Dossier, DossierEvent
    from motcua.notifications.models import Notification
    from motcua.petitions.models import Feedback

    assert _counts(services.purge()) == EXPECTED
    assert AccessRecord.objects.count() == 1
    assert sorted(Notification.objects.values_list("event_seq", flat=True)) == [103, 104, 105]
    blanked = Feedback.objects.get(reference="PA-1")
    assert (blanked.contact_name, blanked.contact_phone, blanked.contact_email) == ("", "", "")
    assert blanked.text == "Cán bộ hướng dẫn tận tình"
    assert Feedback.objects.get(reference="PA-2").contact_phone == "0912345678"
    assert Feedback.objects.get(reference="PA-3").contact_phone == "0912345678"
    assert not Session.objects.filter(session_key=aged["old"]).exists()
    assert Session.objects.filter(session_key=aged["live"]).exists()
    assert not default_storage.exists(aged["stale"]) and default_storage.exists(aged["fresh"])
    # Archive records are never touched.
    assert Dossier.objects.filter(pk=aged["dossier"].pk).exists()
    assert DossierEvent.objects.filter(dossier=aged["dossier"]).exists()
    # A second run finds nothing left.
    assert set(_counts(services.purge()).values()) == {0}


def test_batches_walk_past_the_batch_size(pw, make_dossier, monkeypatch):
    monkeypatch.setattr(services, "BATCH", 2)
    d = make_dossier()
    old = timezone.now() - 6 * 366 * DAY
    for i in range(5):
        _access(d, old + i * DAY)
    steps = []
    results = services.purge(progress=lambda kind, n: steps.append((kind, n)))
    assert _counts(results)[RetentionKind.ACCESS_RECORDS] == 5
    assert [n for k, n in steps if k == RetentionKind.ACCESS_RECORDS] == [2, 2, 1]
    assert not AccessRecord.objects.exists()


def test_policy_from_settings_and_forever(aged, settings):
    settings.MOTCUA_RETENTION = "access_records=never, notifications=200d"
    results = _counts(services.purge(dry_run=True))
    assert results[RetentionKind.ACCESS_RECORDS] == 0
    assert results[RetentionKind.NOTIFICATIONS] == 3
    assert parse_retention(settings.MOTCUA_RETENTION)[RetentionKind.ACCESS_RECORDS] is None


def test_command_reports_counts(aged, settings):
    out, err = io.StringIO(), io.StringIO()
    call_command("privacy", "purge", "--dry-run", stdout=out, stderr=err)
    text = out.getvalue()
    assert "access_records: sẽ xóa/ẩn 3" in text and "chạy thử" in text
    assert AccessRecord.objects.count() == 4
    out = io.StringIO()
    call_command("privacy", "purge", stdout=out, stderr=err)
    assert "access_records: đã xóa/ẩn 3" in out.getvalue()
    assert "Tổng cộng đã xóa/ẩn 8 bản ghi." in out.getvalue()
    out = io.StringIO()
    call_command("privacy", "retention", stdout=out)
    assert "access_records\t5 năm" in out.getvalue() and "lưu trữ" in out.getvalue()
    settings.MOTCUA_RETENTION = "access_records=5 năm"
    with pytest.raises(CommandError, match="Thời hạn «5 năm» không hợp lệ"):
        call_command("privacy", "purge", stdout=out)


def test_bad_settings_fail_the_system_check(settings):
    from django.core.checks import run_checks

    settings.MOTCUA_RETENTION = "acces_records=5y"
    settings.MOTCUA_ACCESS_REASON_REQUIRED_FOR = "admin,overseer"
    messages = [e.msg for e in run_checks() if e.id == "motcua.privacy.E001"]
    assert len(messages) == 2
    assert "Loại dữ liệu «acces_records» không có" in messages[0]
    assert "Vai trò «overseer» không có" in messages[1]
    settings.MOTCUA_RETENTION = ""
    settings.MOTCUA_ACCESS_REASON_REQUIRED_FOR = ""
    assert not [e for e in run_checks() if e.id == "motcua.privacy.E001"]
