"""The manifest of a backup folder and the checks made on it before a restore.

Pure Python (no Django): the manifest is a JSON document; every file of the backup (the
database dump and each stored file) is listed with its size and SHA-256, so a restore can
prove, before it touches anything, that the folder is the one that was written.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

FORMAT = "motcua-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
FILES_DIR = "files"
CHUNK = 1 << 20


class ManifestError(ValueError):
    """The manifest cannot be read or does not describe a backup this version can restore."""


def sha256_of(path: Path, progress: Callable[[int], None] | None = None) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            if progress is not None:
                progress(len(chunk))
    return digest.hexdigest()


def safe_relative(name: str) -> PurePosixPath:
    """``name`` as a path inside the backup folder, or ManifestError: a manifest written by
    someone else must not make a restore read or write outside the folder."""
    path = PurePosixPath(name)
    if (not name or path.is_absolute() or "\\" in name or "\x00" in name
            or any(part in ("", ".", "..") for part in name.split("/"))):
        raise ManifestError(f"Tên tệp không hợp lệ trong bản kê: «{name}».")
    return path


@dataclass(frozen=True)
class FileEntry:
    size: int
    sha256: str


@dataclass
class Manifest:
    motcua_version: str
    created_at: str  # ISO 8601, UTC
    engine: str  # "sqlite" or "postgresql"
    database_file: str  # relative name of the dump inside the folder
    migrations: dict[str, str] = field(default_factory=dict)  # app label -> latest applied
    counts: dict[str, int] = field(default_factory=dict)
    files: dict[str, FileEntry] = field(default_factory=dict)  # relative name -> entry
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        body = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "motcua_version": self.motcua_version,
            "created_at": self.created_at,
            "engine": self.engine,
            "database_file": self.database_file,
            "migrations": dict(sorted(self.migrations.items())),
            "counts": dict(sorted(self.counts.items())),
            "files": {name: {"size": e.size, "sha256": e.sha256}
                      for name, e in sorted(self.files.items())},
            **({"extra": self.extra} if self.extra else {}),
        }
        return json.dumps(body, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        try:
            body = json.loads(text)
        except ValueError as exc:
            raise ManifestError(f"Bản kê manifest.json không đọc được: {exc}.") from None
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise ManifestError("Thư mục này không phải bản sao lưu motcua "
                                "(manifest.json thiếu hoặc sai «format»).")
        version = body.get("format_version")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise ManifestError(
                f"Bản sao lưu có định dạng phiên bản {version!r}, phiên bản motcua này chỉ "
                f"đọc được đến {FORMAT_VERSION}. Hãy khôi phục bằng phiên bản motcua mới hơn.")
        try:
            files = {str(name): FileEntry(int(e["size"]), str(e["sha256"]))
                     for name, e in body["files"].items()}
            manifest = cls(
                motcua_version=str(body["motcua_version"]),
                created_at=str(body["created_at"]),
                engine=str(body["engine"]),
                database_file=str(body["database_file"]),
                migrations={str(k): str(v) for k, v in body.get("migrations", {}).items()},
                counts={str(k): int(v) for k, v in body.get("counts", {}).items()},
                files=files,
                extra=dict(body.get("extra", {})),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ManifestError(f"Bản kê manifest.json thiếu hoặc sai trường: {exc}.") from None
        for name in manifest.files:
            safe_relative(name)
        if manifest.database_file not in manifest.files:
            raise ManifestError("Bản kê không liệt kê tệp cơ sở dữ liệu "
                                f"«{manifest.database_file}».")
        return manifest


@dataclass(frozen=True)
class Mismatch:
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


def _present_files(root: Path) -> Iterable[tuple[str, Path]]:
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs.sort()
        for name in sorted(names + [d for d in dirs if os.path.islink(os.path.join(folder, d))]):
            full = Path(folder) / name
            yield full.relative_to(root).as_posix(), full


def check_folder(root: Path, manifest: Manifest,
                 progress: Callable[[int], None] | None = None) -> list[Mismatch]:
    """Every listed file present, a regular file (no link), of the listed size and SHA-256;
    no file in the folder the manifest does not list. Returns the mismatches (empty: good)."""
    problems: list[Mismatch] = []
    for name, entry in sorted(manifest.files.items()):
        path = root / safe_relative(name)
        if path.is_symlink():
            problems.append(Mismatch(name, "là liên kết tượng trưng, không phải tệp thật"))
            continue
        if not path.is_file():
            problems.append(Mismatch(name, "thiếu tệp"))
            continue
        size = path.stat().st_size
        if size != entry.size:
            problems.append(Mismatch(name, f"kích thước {size} byte, bản kê ghi {entry.size}"))
            if progress is not None:
                progress(entry.size)
            continue
        if sha256_of(path, progress) != entry.sha256:
            problems.append(Mismatch(name, "mã băm SHA-256 không khớp (tệp đã bị thay đổi)"))
    for name, _path in _present_files(root):
        if name != MANIFEST_NAME and name not in manifest.files:
            problems.append(Mismatch(name, "tệp lạ, không có trong bản kê"))
    return problems


def count_differences(expected: Mapping[str, int], found: Mapping[str, int]) -> list[str]:
    """Vietnamese lines for each table whose row count differs from the manifest."""
    lines = []
    for table, want in sorted(expected.items()):
        got = found.get(table)
        if got is None:
            lines.append(f"{table}: bảng không có sau khi khôi phục (bản kê ghi {want} dòng)")
        elif got != want:
            lines.append(f"{table}: có {got} dòng, bản kê ghi {want}")
    return lines


def newer_migrations(backup: Mapping[str, str],
                     known: Mapping[str, Iterable[str]]) -> list[str]:
    """Apps whose latest migration in the backup is unknown to this code (the backup was
    made by a newer version: migrating forward cannot apply, refuse)."""
    lines = []
    for app, name in sorted(backup.items()):
        if name not in set(known.get(app, ())):
            lines.append(f"{app}: {name}")
    return lines
