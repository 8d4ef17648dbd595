"""``motcua restore DIR``: check everything first, then database, files, migrations, and a
final proof (audit chains intact, row counts as recorded).

Refusals happen before anything is changed: a checksum mismatch, a backup of another
database engine, a backup made by a newer version, a database or a file that would be
overwritten without --force. The application must be stopped during a restore.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections

from motcua.backup import database, files, postgres
from motcua.backup import sqlite as sqlite_backup
from motcua.backup.create import BackupError
from motcua.backup.manifest import (
    FILES_DIR,
    MANIFEST_NAME,
    Manifest,
    ManifestError,
    check_folder,
    count_differences,
    newer_migrations,
)
from motcua.backup.progress import Silent

ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass
class RestoreReport:
    manifest: Manifest
    files_written: int = 0
    files_same: int = 0
    dossiers: int = 0
    events: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def read_manifest(source: Path) -> Manifest:
    path = source / MANIFEST_NAME
    if not source.is_dir():
        raise BackupError(f"Không tìm thấy thư mục sao lưu «{source}».", code="restore.missing")
    if not path.is_file():
        raise BackupError(f"«{source}» không có manifest.json: không phải bản sao lưu motcua "
                          "hoặc bản sao lưu chưa ghi xong.", code="restore.manifest")
    try:
        return Manifest.from_json(path.read_text(encoding="utf-8"))
    except (ManifestError, UnicodeDecodeError) as exc:
        raise BackupError(str(exc), code="restore.manifest") from exc


def verify_folder(source: Path, manifest: Manifest, reporter: Any = None) -> None:
    reporter = reporter or Silent()
    total = sum(e.size for e in manifest.files.values())
    with reporter.task("Kiểm tra mã băm", total, as_bytes=True) as advance:
        problems = check_folder(source, manifest, advance)
    if problems:
        raise BackupError(
            f"Bản sao lưu không nguyên vẹn: {len(problems)} tệp không khớp bản kê. "
            "Không khôi phục gì.", lines=[str(p) for p in problems], code="restore.checksum")


def _preflight(source: Path, manifest: Manifest, force: bool) -> dict[str, Any]:
    here = connection.vendor
    if manifest.engine != here:
        theirs = ENGINE_NAMES.get(manifest.engine, manifest.engine)
        ours = ENGINE_NAMES.get(here, here)
        raise BackupError(
            f"Bản sao lưu này là của {theirs}, còn cơ sở dữ liệu đang cấu hình là {ours}: "
            f"không khôi phục trực tiếp được. Hãy khôi phục vào một cài đặt {theirs}, rồi "
            "chuyển dữ liệu bằng «motcua dumpdata --format xml» / «motcua loaddata» "
            "(xem docs/backup.md).",
            code="restore.engine")
    newer = newer_migrations(manifest.migrations, database.known_migrations())
    if newer:
        raise BackupError(
            f"Bản sao lưu do phiên bản motcua mới hơn tạo ({manifest.motcua_version}); phiên "
            "bản này không biết các bước chuyển đổi dữ liệu sau. Hãy cài phiên bản mới hơn "
            "rồi khôi phục.", lines=newer, code="restore.newer")
    if not force:
        busy = database.occupied()
        if busy:
            raise BackupError(
                "Cơ sở dữ liệu đích đã có dữ liệu: khôi phục sẽ xóa hết. Dùng --force nếu "
                "chắc chắn (nên sao lưu nó trước).", lines=[f"bảng {t} có dữ liệu" for t in busy],
                code="restore.not_empty")
    wanted = {name[len(FILES_DIR) + 1:]: entry for name, entry in manifest.files.items()
              if name.startswith(FILES_DIR + "/")}
    if not force:
        clash = files.conflicts(wanted)
        if clash:
            raise BackupError(
                "Kho tệp đích đã có tệp cùng tên nhưng khác nội dung: dùng --force để thay.",
                lines=clash, code="restore.files_conflict")
    return wanted


def _restore_database(source: Path, manifest: Manifest, reporter: Any) -> None:
    dump = source / manifest.database_file
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        target = Path(db["NAME"])
        connections.close_all()
        state = {"done": 0}
        with reporter.task("Khôi phục cơ sở dữ liệu (trang)", None) as advance:
            def tick(done: int, total: int) -> None:
                advance(done - state["done"], total)
                state["done"] = done
            sqlite_backup.restore(dump, target, progress=tick)
        return
    server_major = connection.pg_version // 10000
    with reporter.task("Khôi phục cơ sở dữ liệu (pg_restore)", None):
        # Here the database holds no data (checked) or --force was given. Its tables go
        # first: pg_restore --clean only drops what the dump recreates, and a table of a
        # newer schema left behind would make the `migrate` that follows fail.
        database.drop_all_tables()
        connections.close_all()
        try:
            postgres.restore(db, dump, server_major, settings.MOTCUA_PG_BINDIR)
        except postgres.PgToolError as exc:
            raise BackupError(str(exc), code="restore.pg_restore") from exc


def _prove(manifest: Manifest, report: RestoreReport, reporter: Any) -> None:
    from motcua.dossiers import audit

    with reporter.task("Kiểm tra chuỗi nhật ký", audit.count_dossiers()) as advance:
        checked = audit.verify(progress=advance)
    report.dossiers, report.events = checked.dossiers, checked.events
    _, report.counts = database.live_facts()
    lines = [f"{p.code} sự kiện {p.seq}: {p.message}" for p in checked.problems or []]
    lines += count_differences(manifest.counts, report.counts)
    if lines:
        raise BackupError(
            "Đã khôi phục nhưng dữ liệu không khớp bản sao lưu (chuỗi nhật ký hỏng hoặc số "
            "dòng khác bản kê). Đừng mở lại hệ thống trước khi kiểm tra.", lines=lines,
            code="restore.verify")


def restore_backup(source: Path, *, force: bool = False, reporter: Any = None) -> RestoreReport:
    reporter = reporter or Silent()
    source = Path(source).absolute()
    manifest = read_manifest(source)
    verify_folder(source, manifest, reporter)
    wanted = _preflight(source, manifest, force)
    report = RestoreReport(manifest=manifest)

    _restore_database(source, manifest, reporter)
    total = sum(e.size for e in wanted.values())
    with reporter.task("Khôi phục tệp đính kèm", total, as_bytes=True) as advance:
        report.files_written, report.files_same = files.copy_in(
            source / FILES_DIR, wanted, advance)
    reporter.say("Cập nhật cấu trúc dữ liệu (migrate)…")
    call_command("migrate", interactive=False, verbosity=0)
    _prove(manifest, report, reporter)
    return report
