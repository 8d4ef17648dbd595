"""PostgreSQL dumps with pg_dump (custom format) and restores with pg_restore.

pg_dump reads the whole database in one repeatable-read transaction, so the dump is
consistent while the application writes. The connection settings come from Django's
``DATABASES`` entry; the password travels in ``PGPASSWORD``, never on the command line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any


class PgToolError(RuntimeError):
    """pg_dump/pg_restore missing or failed; the message is Vietnamese and says what to do."""


def _tool(name: str, bindir: str = "") -> str:
    if bindir:
        path = Path(bindir) / name
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
        raise PgToolError(f"Không tìm thấy {name} trong MOTCUA_PG_BINDIR={bindir}.")
    found = shutil.which(name)
    if not found:
        raise PgToolError(
            f"Không tìm thấy lệnh {name}. Hãy cài gói công cụ PostgreSQL cùng phiên bản với "
            f"máy chủ (Debian: apt install postgresql-client-<phiên bản>) hoặc đặt "
            f"MOTCUA_PG_BINDIR trỏ tới thư mục chứa {name}.")
    return found


def tool_major(name: str, bindir: str = "") -> int:
    out = subprocess.run([_tool(name, bindir), "--version"], capture_output=True, text=True,
                         check=False).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    if not match:
        raise PgToolError(f"Không đọc được phiên bản của {name}: «{out.strip()}».")
    return int(match.group(1))


def _env_and_args(db: Mapping[str, Any]) -> tuple[dict[str, str], list[str]]:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    args += ["--dbname", str(db["NAME"]), "--no-password"]
    return env, args


def _explain(tool: str, stderr: str, server_major: int | None, tool_ver: int | None) -> str:
    text = stderr.strip()
    if "server version mismatch" in text or "unsupported version" in text:
        return (f"{tool} không cùng phiên bản với máy chủ hoặc với bản sao lưu "
                f"({tool} {tool_ver}, máy chủ {server_major}). Hãy dùng {tool} có phiên bản "
                f"bằng hoặc mới hơn (đặt MOTCUA_PG_BINDIR). Chi tiết: {text}")
    if "password authentication failed" in text or "no password supplied" in text:
        return f"{tool} không đăng nhập được PostgreSQL (kiểm tra mật khẩu). Chi tiết: {text}"
    return f"{tool} thất bại. Chi tiết: {text}"


def dump(db: Mapping[str, Any], target: Path, server_major: int, bindir: str = "",
         snapshot: str = "") -> None:
    """Dump to ``target``; with ``snapshot`` (from pg_export_snapshot() in a transaction the
    caller keeps open) the dump sees exactly what that transaction sees."""
    major = tool_major("pg_dump", bindir)
    if major < server_major:
        raise PgToolError(
            f"pg_dump phiên bản {major} cũ hơn máy chủ PostgreSQL {server_major}: không sao "
            f"lưu được. Hãy cài postgresql-client-{server_major} (hoặc mới hơn) và đặt "
            f"MOTCUA_PG_BINDIR nếu cần.")
    env, args = _env_and_args(db)
    cmd = [_tool("pg_dump", bindir), "--format=custom", "--file", str(target), *args]
    if snapshot:
        cmd.insert(-len(args), f"--snapshot={snapshot}")
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PgToolError(_explain("pg_dump", done.stderr, server_major, major))


def restore(db: Mapping[str, Any], dump_file: Path, server_major: int,
            bindir: str = "") -> None:
    """Load ``dump_file`` into the (emptied) database in one transaction: any error rolls
    the whole restore back."""
    major = tool_major("pg_restore", bindir)
    env, args = _env_and_args(db)
    cmd = [_tool("pg_restore", bindir), "--clean", "--if-exists", "--no-owner",
           "--no-privileges", "--single-transaction", "--exit-on-error", *args, str(dump_file)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PgToolError(_explain("pg_restore", done.stderr, server_major, major))
