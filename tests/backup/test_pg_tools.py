"""pg_dump/pg_restore discovery and the refusals a province operator will meet first: the
tool missing, or older than the server."""

from __future__ import annotations

import shutil
import stat

import pytest

from motcua.backup import postgres

DB = {"NAME": "motcua", "HOST": "127.0.0.1", "PORT": "5432", "USER": "motcua",
      "PASSWORD": "s3cret"}


def test_the_installed_pg_dump_reports_its_major_version():
    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump not installed")
    assert postgres.tool_major("pg_dump") >= 9


def test_a_missing_tool_is_named_with_what_to_install(tmp_path, monkeypatch):
    with pytest.raises(postgres.PgToolError, match="Không tìm thấy pg_dump trong "
                                                   "MOTCUA_PG_BINDIR"):
        postgres.dump(DB, tmp_path / "x.pgdump", 16, bindir=str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(postgres.PgToolError, match="postgresql-client"):
        postgres.dump(DB, tmp_path / "x.pgdump", 16)


def test_an_older_pg_dump_than_the_server_is_refused_before_it_runs(tmp_path):
    # An old client, as Debian's default one is after a server upgrade: it only says its
    # version (and leaves a mark if it were ever asked to dump).
    old = tmp_path / "pg_dump"
    old.write_text(f'#!/bin/sh\n[ "$1" = --version ] && echo "pg_dump (PostgreSQL) 13.9" '
                   f'&& exit 0\ntouch {tmp_path}/ran\n')
    old.chmod(old.stat().st_mode | stat.S_IXUSR)
    with pytest.raises(postgres.PgToolError) as err:
        postgres.dump(DB, tmp_path / "x.pgdump", 16, bindir=str(tmp_path))
    assert "pg_dump phiên bản 13 cũ hơn máy chủ PostgreSQL 16" in str(err.value)
    assert "postgresql-client-16" in str(err.value)
    assert not (tmp_path / "ran").exists()


def test_the_password_goes_in_the_environment_never_on_the_command_line():
    env, args = postgres._env_and_args(DB)
    assert env["PGPASSWORD"] == "s3cret" and "s3cret" not in " ".join(args)
    assert args == ["--host", "127.0.0.1", "--port", "5432", "--username", "motcua",
                    "--dbname", "motcua", "--no-password"]


@pytest.mark.parametrize("stderr, expected", [
    ("pg_dump: error: aborting because of server version mismatch", "không cùng phiên bản"),
    ("pg_restore: error: unsupported version (1.16) in file header", "không cùng phiên bản"),
    ('FATAL:  password authentication failed for user "motcua"', "kiểm tra mật khẩu"),
])
def test_tool_errors_are_explained_in_vietnamese(stderr, expected):
    assert expected in postgres._explain("pg_dump", stderr, 16, 15)
    assert stderr in postgres._explain("pg_dump", stderr, 16, 15)
