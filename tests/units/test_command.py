"""The `motcua units` command, through call_command and once through the real executable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from motcua.units.models import Agency, LegacyMapping, LegacyUnit, Unit


def run(*args: str) -> str:
    out = StringIO()
    call_command("units", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_list_prints_the_38_units_of_lai_chau(units_db):
    lines = run("list", "--province", "Lai Châu").splitlines()
    rows = [line for line in lines if not line.startswith("#")]
    assert len(rows) == 38
    assert "03390\tXã Bình Lư" in rows
    assert all(len(r.split("\t")[0]) == 5 for r in rows)
    assert lines[-1].startswith("#") and "38" in lines[-1]
    assert run("list", "-p", "lai chau") == run("list", "-p", "12")


def test_list_unknown_province_is_a_vietnamese_error(units_db):
    with pytest.raises(CommandError, match="Không tìm thấy tỉnh"):
        run("list", "--province", "Atlantis")


def test_convert_prints_the_new_unit_first(units_db):
    lines = run("convert", "thị trấn Tam Đường, huyện Tam Đường, tỉnh Lai Châu").splitlines()
    assert lines[0] == "Xã Bình Lư, Tỉnh Lai Châu"
    assert "Đơn vị cũ: Thị trấn Tam Đường, Huyện Tam Đường, Tỉnh Lai Châu" in lines


def test_convert_accepts_unquoted_words(units_db):
    lines = run("convert", "TT.", "Tam", "Duong,", "H.", "Tam", "Duong").splitlines()
    assert lines[0] == "Xã Bình Lư, Tỉnh Lai Châu"


def test_convert_split_lists_every_candidate(units_db):
    out = run("convert", "xã Tân Thạnh, huyện Thới Lai, Cần Thơ")
    assert "Đơn vị cũ đã được chia cho nhiều đơn vị mới:" in out
    assert "Xã Trường Thành, Thành phố Cần Thơ" in out
    assert "Xã Tân Thạnh, Thành phố Cần Thơ" in out


def test_convert_json(units_db):
    data = json.loads(run("convert", "--json", "xa ka lang, huyen muong te, lai chau"))
    assert data["status"] == "exact"
    assert data["units"][0]["code"] == "03439"


@pytest.mark.parametrize("address", ["asdf qwerty", "xã Tân Thành"])
def test_convert_unresolvable_is_an_error(units_db, address):
    with pytest.raises(CommandError) as excinfo:
        run("convert", address)
    assert excinfo.value.returncode == 1
    assert "Không tìm thấy" in str(excinfo.value) or "nhiều nơi" in str(excinfo.value)


def test_commands_say_when_data_is_missing(db):
    LegacyMapping.objects.all().delete()
    LegacyUnit.objects.all().delete()
    Unit.objects.all().delete()
    for args in (("list", "-p", "12"), ("convert", "xã Bình Lư"), ("agencies", "-p", "12")):
        with pytest.raises(CommandError, match="motcua units load"):
            run(*args)


def test_agencies_creates_then_lists(units_db):
    out = run("agencies", "--province", "Lai Châu")
    assert Agency.objects.filter(province_code="12").count() == 15 + 38 * 5
    assert "000.00.03390.H12\t03390-ubnd\tỦy ban nhân dân xã Bình Lư" in out
    assert "Sở Tư pháp" in out
    again = run("agencies", "-p", "12", "--commune", "03390")
    assert len([line for line in again.splitlines() if not line.startswith("#")]) == 5
    assert "(0 cơ quan vừa tạo)" in again


def test_real_executable_loads_and_converts(tmp_path: Path):
    exe = Path(sys.executable).with_name("motcua")
    env = {**os.environ, "MOTCUA_SQLITE_PATH": str(tmp_path / "motcua.sqlite3"),
           "MOTCUA_DATABASE_URL": "", "DATABASE_URL": "", "MOTCUA_VAR_DIR": str(tmp_path)}

    def motcua(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(exe), *args], env=env, capture_output=True, text=True,
                              timeout=120)

    # Each run starts Django (about 1.5 s); the error paths are covered via call_command.
    assert motcua("migrate", "-v", "0").returncode == 0
    loaded = motcua("units", "load", "--quiet")
    assert loaded.returncode == 0, loaded.stderr
    assert "3321" in loaded.stdout
    done = motcua("units", "convert", "thị trấn Tam Đường, huyện Tam Đường, tỉnh Lai Châu")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "Xã Bình Lư, Tỉnh Lai Châu"
