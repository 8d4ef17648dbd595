"""Backup → wipe → restore on a real SQLite file and a real PostgreSQL database.

Every command runs as ``python -m motcua.cli`` in a subprocess on a database and media
folder of its own (a SQLite file in a temporary folder, or a PostgreSQL database created
here and dropped after). The data comes through the real services: the demo province, a
short generated history, attachments and notes with PDF files, citizens' sign-ins.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SRC = HERE.parents[1] / "src"
PEER = HERE / "peer.py"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def _pg_admin():
    psycopg = pytest.importorskip("psycopg")
    try:
        return psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable: {exc}")


@dataclass
class Site:
    """One installation: its database and its media folder."""

    engine: str
    root: Path
    env: dict[str, str] = field(default_factory=dict)
    pg_name: str = ""

    @property
    def media(self) -> Path:
        return self.root / "media"

    def run(self, *args: str, check: bool = True, env: dict[str, str] | None = None,
            ) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "-m", "motcua.cli", *args],
                              env=env or self.env, capture_output=True, text=True, timeout=300)
        if check and done.returncode != 0:
            raise AssertionError(f"motcua {' '.join(args)} → {done.returncode}\n"
                                 f"{done.stdout}\n{done.stderr}")
        return done

    def peer(self, *args: str) -> str:
        done = subprocess.run([sys.executable, str(PEER), *args], env=self.env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def batch(self, *steps: list[str], tmp: Path) -> list[dict]:
        """Run several steps in one process; each result has rc, stdout, stderr."""
        plan = tmp / f"steps-{time.monotonic_ns()}.json"
        plan.write_text(json.dumps(list(steps)))
        results = json.loads(self.peer("batch", str(plan)))
        return results

    def create(self) -> None:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{self.pg_name}"')

    def drop(self) -> None:
        if self.engine == "postgresql":
            with _pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


def ok(result: dict) -> dict:
    assert result["rc"] == 0, f"{result['step']} → {result['rc']}\n{result['stderr']}"
    return result


def refused(result: dict) -> dict:
    assert result["rc"] == 1, f"{result['step']} → {result['rc']}\n{result['stderr']}"
    return result


def _site(engine: str, root: Path, tag: str = "src") -> Site:
    env = {k: v for k, v in os.environ.items()
           if k not in ("MOTCUA_DATABASE_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(PYTHONPATH=str(SRC), MOTCUA_MEDIA_ROOT=str(root / "media"),
               MOTCUA_VAR_DIR=str(root / "var"), COLUMNS="200")
    site = Site(engine, root, env)
    if engine == "sqlite":
        (root / "db").mkdir(parents=True)
        env["MOTCUA_SQLITE_PATH"] = str(root / "db" / "motcua.sqlite3")
    else:
        site.pg_name = f"h_backup_{tag}_{os.getpid()}"
        env["MOTCUA_DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{site.pg_name}"
        site.create()
    return site


@dataclass
class Origin:
    site: Site
    backup: Path
    before: dict
    manifest: dict
    setup_seconds: float


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def origin(request, tmp_path_factory) -> Iterator[Origin]:
    """An installation with data, backed up once. Each test starts and ends with the site
    holding that data (the original or a restore of it), so they run in any order."""
    engine = request.param
    root = tmp_path_factory.mktemp(f"site-{engine}")
    if engine == "postgresql":
        _pg_admin().close()
    site = _site(engine, root)
    try:
        started = time.monotonic()
        since = (datetime.date.today() - datetime.timedelta(days=15)).isoformat()
        backup = root / "backups" / "first"
        steps = site.batch(
            ["motcua", "migrate", "-v0"], ["motcua", "demo", "load", "--quiet"],
            ["motcua", "demo", "generate", "--from", since, "--scale", "0.1", "--commune",
             "03390", "--quiet"],
            ["populate"], ["fingerprint"], ["motcua", "backup", str(backup), "--quiet"],
            tmp=root)
        for step in steps:
            ok(step)
        assert json.loads(steps[3]["stdout"]) == {"attachments": 4, "notes": 4, "citizens": 2}
        before = json.loads(steps[4]["stdout"])
        manifest = json.loads((backup / "manifest.json").read_text())
        yield Origin(site, backup, before, manifest, time.monotonic() - started)
    finally:
        site.drop()


def _copy(origin: Origin, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(origin.backup, target)
    return target


def _media_state(site: Site) -> dict[str, bytes]:
    return {p.relative_to(site.media).as_posix(): p.read_bytes()
            for p in sorted(site.media.rglob("*")) if p.is_file()}


def test_backup_wipe_restore_finds_every_dossier_event_and_file(origin, tmp_path):
    site, before = origin.site, origin.before
    assert len(before["dossiers"]) >= 10 and len(before["events"]) >= 50
    assert len(before["attachments"]) == 8 and len(before["stored"]) == 8
    assert len(before["citizens"]) == 2
    m = origin.manifest
    assert m["engine"] == origin.site.engine and m["format_version"] == 1
    assert m["counts"]["dossiers"] == len(before["dossiers"])
    assert m["counts"]["events"] == len(before["events"])
    assert m["counts"]["attachments"] == 8 and m["counts"]["citizens"] == 2
    assert m["migrations"]["dossiers"].startswith("00")
    assert sorted(n for n in m["files"] if n.startswith("files/")) == sorted(
        f"files/{n}" for n in before["stored"])

    _, restored, after, audit = map(ok, site.batch(
        ["wipe"], ["motcua", "restore", str(origin.backup), "--quiet"],
        ["fingerprint"], ["motcua", "audit", "verify", "--quiet"], tmp=tmp_path))
    assert "chuỗi nhật ký toàn vẹn" in restored["stdout"]
    assert "8 tệp ghi mới" in restored["stdout"]
    # Every dossier, event, citizen and stored file, byte for byte.
    assert json.loads(after["stdout"]) == before
    assert f"{len(before['dossiers'])} hồ sơ, {len(before['events'])} sự kiện" in audit["stdout"]


def test_a_corrupted_byte_is_refused_even_with_force_and_nothing_changes(origin, tmp_path):
    site = origin.site
    copy = _copy(origin, tmp_path)
    victim = sorted((copy / "files").rglob("*.pdf"))[0]
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0x01
    victim.write_bytes(bytes(data))
    (copy / "files" / "extra.pdf").write_bytes(b"%PDF-1.4")
    media = _media_state(site)
    assert len(media) >= 8
    done = site.run("restore", "--force", str(copy), check=False)  # the console script
    assert done.returncode == 1
    name = victim.relative_to(copy).as_posix()
    assert f"{name}: mã băm SHA-256 không khớp" in done.stderr
    assert "files/extra.pdf: tệp lạ, không có trong bản kê" in done.stderr
    assert "Bản sao lưu không nguyên vẹn: 2 tệp không khớp bản kê" in done.stderr
    assert _media_state(site) == media  # refused before touching anything


def test_refusals_non_empty_database_non_empty_folder_other_engine(origin, tmp_path):
    site = origin.site
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "note.txt").write_text("x")
    plain, forced, after, into_occupied = site.batch(
        ["motcua", "restore", str(origin.backup), "--quiet"],
        ["motcua", "restore", "--force", str(origin.backup), "--quiet"],
        ["fingerprint"], ["motcua", "backup", str(occupied), "--quiet"], tmp=tmp_path)
    assert "Cơ sở dữ liệu đích đã có dữ liệu" in refused(plain)["stderr"]
    assert "8 tệp đã có sẵn" in ok(forced)["stdout"]
    after = json.loads(ok(after)["stdout"])
    # Files stored after the backup (none unless another test wrote) are left in place.
    assert after.pop("stored").items() >= origin.before["stored"].items()
    assert after == {k: v for k, v in origin.before.items() if k != "stored"}
    assert "không trống" in refused(into_occupied)["stderr"]
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("steps-")) == [
        "occupied"]  # no temporary folder left behind

    if site.engine == "postgresql":  # no pg_dump where it is said to be: a clear refusal,
        # and the half-made folder is removed (nothing named like a backup is left)
        nobin = tmp_path / "nobin"
        nobin.mkdir()
        done = site.run("backup", str(tmp_path / "nopg"), check=False,
                        env={**site.env, "MOTCUA_PG_BINDIR": str(nobin)})
        assert done.returncode == 1 and "Không tìm thấy pg_dump trong MOTCUA_PG_BINDIR" \
            in done.stderr
        assert not [p for p in tmp_path.iterdir() if p.name.startswith("nopg")]

    other = _site("postgresql" if site.engine == "sqlite" else "sqlite", tmp_path / "other",
                  tag="other")
    try:
        done = other.run("restore", str(origin.backup), check=False)
        theirs, ours = (("SQLite", "PostgreSQL") if site.engine == "sqlite"
                        else ("PostgreSQL", "SQLite"))
        assert done.returncode == 1
        assert f"Bản sao lưu này là của {theirs}, còn cơ sở dữ liệu đang cấu hình là {ours}" \
            in done.stderr
    finally:
        other.drop()


def test_a_backup_taken_while_officials_write_restores_consistently(origin, tmp_path):
    site = origin.site
    stop = tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, str(PEER), "write", str(stop)], env=site.env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not Path(f"{stop}.started").exists():
            assert writer.poll() is None, writer.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        live = tmp_path / "live"
        site.run("backup", str(live), "--quiet")
    finally:
        stop.write_text("stop")
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    notes = json.loads(out)["notes"]
    manifest = json.loads((live / "manifest.json").read_text())
    events_before = len(origin.before["events"])
    # The backup ran while notes were being added, and did not wait for the writer to stop.
    assert events_before < manifest["counts"]["events"] < events_before + notes + 1
    _, restored, after = map(ok, site.batch(
        ["wipe"], ["motcua", "restore", str(live), "--quiet"], ["fingerprint"], tmp=tmp_path))
    assert "số dòng khớp bản kê" in restored["stdout"]
    after = json.loads(after["stdout"])
    assert len(after["events"]) == manifest["counts"]["events"]
    # Every attachment row of the snapshot has its file, byte for byte.
    assert all(stored == recorded for _, recorded, stored in after["attachments"])
    assert set(map(tuple, after["events"])) >= set(map(tuple, origin.before["events"]))


def test_a_backup_from_an_older_schema_is_migrated_forward(origin, tmp_path):
    site = origin.site
    old = tmp_path / "old"
    back, backup, _, restored, applied, found, healed = map(ok, site.batch(
        ["motcua", "migrate", "dossiers", "0002_receiving_worklist_index", "-v0"],
        ["motcua", "backup", str(old), "--quiet"], ["wipe"],
        ["motcua", "restore", str(old), "--quiet"], ["migrations"], ["fingerprint"],
        ["motcua", "restore", "--force", str(origin.backup), "--quiet"], tmp=tmp_path))
    recorded = json.loads((old / "manifest.json").read_text())["migrations"]
    assert recorded["dossiers"] == "0002_receiving_worklist_index"
    assert ["dossiers", "0003_worklist_branch_indexes"] in json.loads(applied["stdout"])
    after = json.loads(found["stdout"])
    assert len(after["dossiers"]) == len(origin.before["dossiers"])


def test_a_tampered_event_is_caught_by_the_chain_check_after_restore(origin, tmp_path):
    site = origin.site
    tampered = tmp_path / "tampered"
    tamper, audit, backup, wipe, restore, healed = site.batch(
        ["tamper"], ["motcua", "audit", "verify", "--quiet"],
        ["motcua", "backup", str(tampered), "--quiet"], ["wipe"],
        ["motcua", "restore", str(tampered), "--quiet"],
        ["motcua", "restore", "--force", str(origin.backup), "--quiet"], tmp=tmp_path)
    code = ok(tamper)["stdout"].strip()
    assert code in refused(audit)["stdout"]
    assert "Chuỗi nhật ký bị phá vỡ" in audit["stderr"]
    # A backup of that tampered database restores, and the restore says it is broken.
    ok(backup), ok(wipe)
    assert code in refused(restore)["stderr"]
    assert "Đã khôi phục nhưng dữ liệu không khớp" in restore["stderr"]
    ok(healed)  # leave the site healthy for the other tests
