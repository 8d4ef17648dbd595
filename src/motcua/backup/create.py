"""``motcua backup DIR``: database snapshot + stored files + manifest, written atomically.

Everything is written into a sibling folder ``DIR.tmp-XXXX`` and renamed to ``DIR`` only
once the manifest is on disk: a crash or an error part way leaves a ``.tmp-`` folder (or
nothing), never a folder named ``DIR`` that looks like a good backup.

The database goes first, then the files: a stored file is written before the row that
names it commits and is never rewritten, so every file a row of the snapshot names is
already there when the files are copied (files added after the snapshot come along too and
are harmless).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.db import connection, transaction

import motcua
from motcua.backup import database, files, postgres
from motcua.backup import sqlite as sqlite_backup
from motcua.backup.manifest import FILES_DIR, MANIFEST_NAME, FileEntry, Manifest, sha256_of
from motcua.backup.progress import Silent
from motcua.errors import MotcuaError

SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"


class BackupError(MotcuaError):
    code = "backup.failed"

    def __init__(self, message: str, *, lines: list[str] | None = None,
                 code: str | None = None) -> None:
        super().__init__(message, code=code, details={"lines": lines or []})
        self.lines = lines or []


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_target(target: Path) -> None:
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise BackupError(f"«{target}» đã tồn tại và không phải thư mục.", code="backup.target")
    if target.is_dir() and any(target.iterdir()):
        raise BackupError(
            f"Thư mục «{target}» đã tồn tại và không trống: không ghi đè một bản sao lưu. "
            "Hãy chọn một thư mục mới (ví dụ có ngày giờ trong tên).", code="backup.target")


def _sqlite_dump(folder: Path, reporter: Any) -> tuple[str, dict[str, str], dict[str, int]]:
    source = Path(settings.DATABASES["default"]["NAME"])
    if str(source) == ":memory:" or not source.is_file():
        raise BackupError(f"Không tìm thấy tệp cơ sở dữ liệu SQLite «{source}».",
                          code="backup.database")
    target = folder / SQLITE_FILE
    state = {"done": 0}
    with reporter.task("Sao lưu cơ sở dữ liệu (trang)", None) as advance:
        def tick(done: int, total: int) -> None:
            advance(done - state["done"], total)
            state["done"] = done
        sqlite_backup.snapshot(source, target, progress=tick)
    copy = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        migrations, counts = database.facts(copy.cursor(), "sqlite")
    finally:
        copy.close()
    return SQLITE_FILE, migrations, counts


def _pg_dump(folder: Path, reporter: Any) -> tuple[str, dict[str, str], dict[str, int]]:
    target = folder / PG_FILE
    db = settings.DATABASES["default"]
    server_major = connection.pg_version // 10000
    with reporter.task("Sao lưu cơ sở dữ liệu (pg_dump)", None):
        # One repeatable-read transaction exports its snapshot to pg_dump: the counts in
        # the manifest and the dump describe the very same moment.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            migrations, counts = database.facts(cursor, "postgresql")
            try:
                postgres.dump(db, target, server_major, settings.MOTCUA_PG_BINDIR,
                              snapshot=snapshot)
            except postgres.PgToolError as exc:
                raise BackupError(str(exc), code="backup.pg_dump") from exc
    return PG_FILE, migrations, counts


def _storage_class() -> str:
    storage = storages["default"]
    return f"{type(storage).__module__}.{type(storage).__name__}"


def create_backup(target: Path, reporter: Any = None) -> Manifest:
    reporter = reporter or Silent()
    target = Path(target).absolute()
    _check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{target.name}.tmp-", dir=target.parent))
    try:
        if connection.vendor == "sqlite":
            db_file, migrations, counts = _sqlite_dump(work, reporter)
        elif connection.vendor == "postgresql":
            db_file, migrations, counts = _pg_dump(work, reporter)
        else:
            raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại «{connection.vendor}».",
                              code="backup.engine")
        entries = {db_file: FileEntry((work / db_file).stat().st_size,
                                      sha256_of(work / db_file))}
        _fsync(work / db_file)

        names = list(files.walk())
        total = sum(default_storage.size(name) for name in names)
        with reporter.task("Sao lưu tệp đính kèm", total, as_bytes=True) as advance:
            stored = files.copy_out(names, work / FILES_DIR, advance)
        entries.update({f"{FILES_DIR}/{name}": entry for name, entry in stored.items()})

        manifest = Manifest(
            motcua_version=motcua.__version__,
            created_at=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            engine=connection.vendor,
            database_file=db_file,
            migrations=migrations,
            counts=counts,
            files=entries,
            extra={"storage": _storage_class()},
        )
        (work / MANIFEST_NAME).write_text(manifest.to_json(), encoding="utf-8")
        _fsync(work / MANIFEST_NAME)
        _fsync(work)
        if target.is_dir():
            target.rmdir()  # empty (checked above); rename needs the name free
        os.rename(work, target)
        _fsync(target.parent)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest
