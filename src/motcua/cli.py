"""The `motcua` console command.

Every subcommand is a Django management command, so `motcua units list`, `motcua
catalog search "khai sinh"`, `motcua migrate` and `motcua runserver` all work, and
tests can call them with ``call_command``.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    execute_from_command_line(["motcua", *args])


if __name__ == "__main__":
    main()
