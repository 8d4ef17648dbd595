"""``dossier_changed``: every written event is announced inside its transaction, with the
row before and after, so that derived data (rollups) commits or rolls back with it."""

from __future__ import annotations

import pytest
import upload_files
from django.core.files.base import ContentFile
from django.db import transaction

from motcua.accounts.domain import Role
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.signals import dossier_changed

BIRTH = "1.001193"


@pytest.fixture
def heard():
    calls: list[dict] = []

    def listener(sender, dossier, before, event, **kwargs):
        calls.append({
            "code": dossier.code,
            "before": None if before is None else before.state,
            "after": dossier.state,
            "action": event.action,
            "seq": event.seq,
            "in_transaction": transaction.get_connection().in_atomic_block,
        })

    dossier_changed.connect(listener, dispatch_uid="test-heard")
    yield calls
    dossier_changed.disconnect(dispatch_uid="test-heard")


def test_intake_action_and_note_are_each_announced_once_with_before_and_after(w, receive, heard):
    clerk, spec = w.own[Role.CLERK], w.own[Role.SPECIALIST]
    d = receive(BIRTH)
    services.assign(clerk, d.code, handler=spec.username)
    services.start(spec, d.code)
    services.add_note(spec, d.code, text="Đã kiểm tra giấy chứng sinh.",
                      file=ContentFile(upload_files.pdf("%PDF-1.4 test"), name="ghi-chu.pdf"))
    mine = [c for c in heard if c["code"] == d.code]
    assert [(c["before"], c["after"], c["seq"]) for c in mine] == [
        (None, "received", 1),
        ("received", "received", 2),
        ("received", "in_processing", 3),
        ("in_processing", "in_processing", 4),
    ]
    assert all(c["in_transaction"] for c in mine)
    assert DossierEvent.objects.filter(dossier__code=d.code).count() == 4


def test_a_failing_listener_rolls_the_change_back(w, receive):
    clerk, spec = w.own[Role.CLERK], w.own[Role.SPECIALIST]
    d = receive(BIRTH)

    def broken(sender, **kwargs):
        raise RuntimeError("rollup unavailable")

    dossier_changed.connect(broken, dispatch_uid="test-broken")
    try:
        with pytest.raises(RuntimeError):
            services.assign(clerk, d.code, handler=spec.username)
    finally:
        dossier_changed.disconnect(dispatch_uid="test-broken")
    row = Dossier.objects.get(code=d.code)
    assert (row.state, row.version, row.handler_id) == ("received", 1, None)
    assert DossierEvent.objects.filter(dossier=row).count() == 1
