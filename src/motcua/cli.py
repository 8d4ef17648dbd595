"""The `motcua` console command.

Every subcommand is a Django management command, so `motcua units list`, `motcua
catalog search "khai sinh"`, `motcua migrate` and `motcua runserver` all work, and
tests can call them with ``call_command``.
"""

from __future__ import annotations

import datetime as dt
import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import OperationalError, ProgrammingError

    args = list(sys.argv[1:] if argv is None else argv)
    try:
        execute_from_command_line(["motcua", *args])
    except ImproperlyConfigured as exc:
        # A setting refused at start-up (e.g. the development key in production): the
        # message says what to set; a traceback would hide it.
        sys.stderr.write(f"Cấu hình không hợp lệ: {exc}\n")
        sys.exit(2)
    except BrokenPipeError:
        # `motcua catalog search ... | head`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except (OperationalError, ProgrammingError) as exc:
        # A fresh installation whose database has not been migrated yet is the usual cause;
        # say what to do instead of showing a traceback.
        text = str(exc)
        if "no such table" in text or "does not exist" in text:
            sys.stderr.write(
                "Cơ sở dữ liệu chưa được khởi tạo hoặc chưa cập nhật. "
                "Hãy chạy: motcua migrate\n"
                f"(chi tiết: {text.splitlines()[0]})\n"
            )
        else:
            sys.stderr.write(f"Lỗi cơ sở dữ liệu: {text.splitlines()[0] if text else exc}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()


def iso_day(text: str) -> dt.date:
    """An argparse ``type`` for dates written YYYY-MM-DD, with the message in Vietnamese."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        from argparse import ArgumentTypeError

        raise ArgumentTypeError(f"ngày «{text}» không đúng dạng YYYY-MM-DD") from None
