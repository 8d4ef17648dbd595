"""``motcua audit verify``: intact chains pass; any tampering with a stored row is caught."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from motcua.accounts.domain import Role
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierEvent


def _verify(*args: str) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def _sql(statement: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def history(w, dossier_in):
    returned = dossier_in("returned")
    services.add_note(w.own[Role.CLERK], returned, text="Lưu hồ sơ")
    working = dossier_in("waiting_supplement")
    return returned, working


def test_intact_chains_verify(history):
    out, error = _verify()
    assert error is None
    assert "Đã kiểm tra 2 hồ sơ, 11 sự kiện." in out and "Chuỗi nhật ký toàn vẹn" in out
    out, error = _verify("--dossier", history[0].code.lower())
    assert error is None and "1 hồ sơ, 7 sự kiện" in out


def test_unknown_dossier_is_a_clear_error(history):
    _, error = _verify("--dossier", "000.04.03390.H12-200101-0001")
    assert error is not None and "Không tìm thấy hồ sơ" in str(error)


@pytest.mark.parametrize(
    ("column", "value", "kind"),
    [
        ("note", "đã sửa", "hash_mismatch"),
        ("actor_ref", "999", "hash_mismatch"),
        ("to_state", "refused", "hash_mismatch"),
        ("payload", '{"collected_by": "Người khác"}', "hash_mismatch"),
        ("prev_hash", "0" * 64, "prev_mismatch"),
    ],
)
def test_tampering_with_an_event_is_detected(history, column, value, kind):
    returned, _ = history
    event = DossierEvent.objects.get(dossier=returned, seq=3)
    table = DossierEvent._meta.db_table
    _sql(f"UPDATE {table} SET {connection.ops.quote_name(column)} = %s WHERE id = %s",
         [value, event.pk])
    out, error = _verify()
    assert error is not None and "Chuỗi nhật ký bị phá vỡ" in str(error)
    assert f"{returned.code}\t3\t{kind}" in out


def test_a_removed_last_event_or_a_forged_time_is_detected(history):
    returned, working = history
    table = DossierEvent._meta.db_table
    last = DossierEvent.objects.filter(dossier=working).order_by("-seq").first()
    _sql(f"DELETE FROM {table} WHERE id = %s", [last.pk])
    first = DossierEvent.objects.get(dossier=returned, seq=1)
    _sql(f"UPDATE {table} SET at = %s WHERE id = %s",
         [connection.ops.adapt_datetimefield_value(first.at.replace(microsecond=1)), first.pk])
    out, error = _verify()
    assert error is not None
    assert f"{working.code}\t{last.seq}\thead_mismatch" in out
    assert f"{returned.code}\t1\thash_mismatch" in out
    assert "2 hồ sơ" in str(error)


def test_a_removed_middle_event_is_detected(history):
    _, working = history
    table = DossierEvent._meta.db_table
    _sql(f"DELETE FROM {table} WHERE dossier_id = %s AND seq = 2", [working.pk])
    out, error = _verify("--dossier", working.code)
    assert error is not None and "seq_gap" in out and "prev_mismatch" in out


def test_a_broken_chain_exits_with_code_1(history):
    # `motcua audit verify` turns a CommandError into sys.exit(returncode); running the
    # CLI itself here would close the test's database connection.
    returned, _ = history
    _sql(f"UPDATE {DossierEvent._meta.db_table} SET note = 'x' WHERE dossier_id = %s AND seq = 2",
         [returned.pk])
    out, error = _verify("--quiet")
    assert error is not None and error.returncode == 1
    assert out.splitlines()[0].startswith(f"{returned.code}\t2\thash_mismatch\t")
    assert Dossier.objects.count() == 2


def test_the_progress_bar_path_runs(history, monkeypatch):
    from motcua.dossiers.management.commands import audit

    monkeypatch.setattr(audit, "PROGRESS_FROM", 1)
    out, error = _verify()
    assert error is None and "Chuỗi nhật ký toàn vẹn" in out
