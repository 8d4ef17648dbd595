"""`motcua accounts disable USERNAME --reason "..."` / `motcua accounts reset-2fa USERNAME`:
what an operator at the server's console can do to an official's account. Both are
recorded in the account's audit log (actor: the console)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from motcua.accounts import selectors, services
from motcua.errors import MotcuaError


class Command(BaseCommand):
    help = "Quản lý tài khoản cán bộ: vô hiệu hoá, đặt lại xác thực hai bước."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="action", required=True)
        disable = sub.add_parser(
            "disable", help="Vô hiệu hoá ngay: chấm dứt mọi phiên, thu hồi mọi token API.")
        disable.add_argument("username")
        disable.add_argument("--reason", required=True, help="Lý do (ghi vào nhật ký).")
        reset = sub.add_parser(
            "reset-2fa", help="Xoá thiết bị xác thực hai bước (mất điện thoại); "
                              "lần đăng nhập sau phải thiết lập lại.")
        reset.add_argument("username")
        reset.add_argument("--reason", default="", help="Lý do (ghi vào nhật ký).")

    def handle(self, *args, action: str, username: str, reason: str, **options):  # type: ignore[no-untyped-def]
        official = selectors.official_by_username(username)
        if official is None:
            raise CommandError(f"Không có tài khoản «{username}».")
        try:
            if action == "disable":
                event = services.disable_official(None, official, reason)
                self.stdout.write(
                    f"Đã vô hiệu hoá {official.username}: kết thúc {event.sessions_ended} "
                    f"phiên, thu hồi {event.tokens_revoked} token API.")
            else:
                event = services.reset_two_factor(None, official, reason)
                self.stdout.write(
                    f"Đã đặt lại xác thực hai bước của {official.username}; kết thúc "
                    f"{event.sessions_ended} phiên.")
        except MotcuaError as exc:
            raise CommandError(exc.message) from exc
