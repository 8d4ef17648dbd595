"""The manifest and the folder check, without Django or a database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.backup.manifest import (
    FileEntry,
    Manifest,
    ManifestError,
    check_folder,
    count_differences,
    newer_migrations,
    safe_relative,
    sha256_of,
)

names = st.lists(st.text(st.characters(codec="utf-8", exclude_characters="/\\\x00"),
                         min_size=1, max_size=12).filter(lambda p: p not in (".", "..")),
                 min_size=1, max_size=4).map("/".join)


def _folder(tmp_path: Path, files: dict[str, bytes]) -> Manifest:
    entries = {}
    for name, data in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        entries[name] = FileEntry(len(data), sha256_of(path))
    manifest = Manifest("0.1.0", "2026-12-06T01:00:00Z", "sqlite", "database.sqlite3",
                        {"dossiers": "0003_x"}, {"dossiers": 3}, entries)
    (tmp_path / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
    return manifest


@given(st.dictionaries(names, st.tuples(st.integers(0, 2**40), st.text("0123456789abcdef",
                                                                         min_size=64,
                                                                         max_size=64))),
       st.dictionaries(st.text(min_size=1), st.integers(0, 10**9)))
def test_json_round_trip(files, counts):
    files = {"database.sqlite3": (1, "a" * 64), **files}
    manifest = Manifest("0.1.0", "2026-12-06T01:00:00Z", "postgresql", "database.sqlite3",
                        {"dossiers": "0003_x"}, counts,
                        {n: FileEntry(size, h) for n, (size, h) in files.items()})
    assert Manifest.from_json(manifest.to_json()) == manifest


@given(names)
def test_a_name_with_a_parent_step_or_absolute_is_refused(name):
    for bad in (f"../{name}", f"{name}/../../x", f"/{name}", f"{name}//x", f"./{name}"):
        with pytest.raises(ManifestError):
            safe_relative(bad)
    assert str(safe_relative(name)) == name


def test_a_clean_folder_checks_out_and_every_kind_of_damage_is_named(tmp_path):
    manifest = _folder(tmp_path, {"database.sqlite3": b"db" * 1000, "files/a/b.pdf": b"%PDF",
                                  "files/c.pdf": b"%PDF-2", "files/d.pdf": b"ddd"})
    assert check_folder(tmp_path, manifest) == []
    raw = bytearray((tmp_path / "database.sqlite3").read_bytes())
    raw[1000] ^= 0x80
    (tmp_path / "database.sqlite3").write_bytes(bytes(raw))
    (tmp_path / "files/a/b.pdf").write_bytes(b"%PDF-longer")
    (tmp_path / "files/c.pdf").unlink()
    (tmp_path / "files/d.pdf").unlink()
    os.symlink("/etc/passwd", tmp_path / "files/d.pdf")
    (tmp_path / "files/new.pdf").write_bytes(b"x")
    found = {p.name: p.reason for p in check_folder(tmp_path, manifest)}
    assert found == {
        "database.sqlite3": "mã băm SHA-256 không khớp (tệp đã bị thay đổi)",
        "files/a/b.pdf": "kích thước 11 byte, bản kê ghi 4",
        "files/c.pdf": "thiếu tệp",
        "files/d.pdf": "là liên kết tượng trưng, không phải tệp thật",
        "files/new.pdf": "tệp lạ, không có trong bản kê",
    }


@pytest.mark.parametrize("text, message", [
    ("{", "không đọc được"),
    ('{"format": "other"}', "không phải bản sao lưu motcua"),
    ('{"format": "motcua-backup", "format_version": 99}', "phiên bản 99"),
    ('{"format": "motcua-backup", "format_version": 1}', "thiếu hoặc sai trường"),
    ('{"format": "motcua-backup", "format_version": 1, "motcua_version": "1", "created_at": '
     '"x", "engine": "sqlite", "database_file": "db", "files": {"../../etc/passwd": '
     '{"size": 1, "sha256": "0"}, "db": {"size": 1, "sha256": "0"}}}', "không hợp lệ"),
    ('{"format": "motcua-backup", "format_version": 1, "motcua_version": "1", "created_at": '
     '"x", "engine": "sqlite", "database_file": "db", "files": {}}', "không liệt kê"),
])
def test_a_bad_manifest_is_refused_in_vietnamese(text, message):
    with pytest.raises(ManifestError, match=message):
        Manifest.from_json(text)


def test_counts_and_migrations_compared():
    assert count_differences({"dossiers": 3, "events": 9}, {"dossiers": 3, "events": 9,
                                                            "accesses": 0}) == []
    assert count_differences({"dossiers": 3, "events": 9}, {"dossiers": 2}) == [
        "dossiers: có 2 dòng, bản kê ghi 3",
        "events: bảng không có sau khi khôi phục (bản kê ghi 9 dòng)"]
    known = {"dossiers": ["0001_initial", "0002_x"], "units": ["0001_initial"]}
    assert newer_migrations({"dossiers": "0002_x", "units": "0001_initial"}, known) == []
    assert newer_migrations({"dossiers": "0003_new", "privacy": "0001_initial"}, known) == [
        "dossiers: 0003_new", "privacy: 0001_initial"]
