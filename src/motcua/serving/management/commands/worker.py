"""`motcua worker`: runs the background tasks queued in the database (notifications…).

The database task backend's own worker (``db_worker`` of django-tasks-db), refusing to
start when the installation does not queue tasks in the database, where it would wait
for tasks that never come.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


class Command(DbWorkerCommand):
    help = ("Chạy các tác vụ nền xếp hàng trong cơ sở dữ liệu (cần MOTCUA_TASKS_BACKEND="
            "database). --batch: chạy hết hàng đợi rồi thoát.")

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        # Reloading on code changes is for development; a service restarts instead.
        parser.set_defaults(reload=False)
        # The backend is checked in handle(), with a message that says what to set
        # (the library's own check fails at argument parsing, in English).
        for action in parser._actions:
            if action.dest == "backend_name":
                action.type = str

    def handle(self, *args: Any, **options: Any) -> None:
        alias = options.get("backend_name") or "default"
        backend = getattr(settings, "TASKS", {}).get(alias, {}).get("BACKEND", "")
        if backend != DATABASE_BACKEND:
            raise CommandError(
                "Tác vụ nền đang chạy ngay trong tiến trình web, không xếp hàng trong cơ sở "
                "dữ liệu: đặt MOTCUA_TASKS_BACKEND=database (rồi chạy `motcua migrate`) "
                "để dùng `motcua worker`."
            )
        super().handle(*args, **options)
