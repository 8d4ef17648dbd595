"""Stored files in and out of a backup, through Django's storage API only (listdir, open,
size, exists, delete, save), so the same code backs up the local media folder and an
S3-compatible bucket."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, default_storage

from motcua.backup.manifest import CHUNK, FileEntry

Advance = Callable[[int], None]


def walk(storage: Storage | None = None, folder: str = "") -> Iterator[str]:
    """Every file name in the storage, depth first, sorted."""
    storage = storage or default_storage
    try:
        dirs, names = storage.listdir(folder)
    except FileNotFoundError:  # no media folder yet: nothing stored
        return
    prefix = f"{folder}/" if folder else ""
    for name in sorted(names):
        yield prefix + name
    for sub in sorted(dirs):
        yield from walk(storage, prefix + sub)


def copy_out(names: list[str], target: Path, advance: Advance | None = None,
             storage: Storage | None = None) -> dict[str, FileEntry]:
    """Copy each stored file to ``target/<name>``, hashing while copying."""
    storage = storage or default_storage
    entries = {}
    for name in names:
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with storage.open(name, "rb") as source, open(path, "wb") as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
                if advance is not None:
                    advance(len(chunk))
        entries[name] = FileEntry(size, digest.hexdigest())
    return entries


def _stored_sha256(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def conflicts(wanted: dict[str, FileEntry], storage: Storage | None = None) -> list[str]:
    """Names already stored with other content than the backup's."""
    storage = storage or default_storage
    return [name for name, entry in sorted(wanted.items())
            if storage.exists(name) and _stored_sha256(storage, name) != entry.sha256]


def copy_in(source: Path, wanted: dict[str, FileEntry], advance: Advance | None = None,
            storage: Storage | None = None) -> tuple[int, int]:
    """Store every file of the backup under its own name (replacing a different file of
    that name). Returns (written, already identical)."""
    storage = storage or default_storage
    written = same = 0
    for name, entry in sorted(wanted.items()):
        if storage.exists(name):
            if _stored_sha256(storage, name) == entry.sha256:
                same += 1
                if advance is not None:
                    advance(entry.size)
                continue
            storage.delete(name)
        with open(source / name, "rb") as handle:
            saved = storage.save(name, File(handle, name=name))
        if saved != name:  # the storage renamed it: the database would point elsewhere
            storage.delete(saved)
            raise OSError(f"Kho tệp lưu «{name}» dưới tên khác «{saved}».")
        written += 1
        if advance is not None:
            advance(entry.size)
    return written, same
