"""`motcua apitoken create USERNAME "name"` / `motcua apitoken revoke ID` / `motcua apitoken list`:
tokens for other systems calling the API with ``Authorization: Bearer <token>``."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.models import Official
from motcua.dossiers.models import ApiToken
from motcua.dossiers.services import create_api_token, revoke_api_token
from motcua.errors import MotcuaError


class Command(BaseCommand):
    help = "Quản lý token API cho hệ thống khác (tạo, thu hồi, liệt kê)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Tạo token; token chỉ hiện một lần.")
        create.add_argument("username", help="Tài khoản cán bộ mà token thay mặt.")
        create.add_argument("name", help="Tên hệ thống dùng token.")
        revoke = sub.add_parser("revoke", help="Thu hồi token theo số hiệu.")
        revoke.add_argument("token_id", type=int)
        sub.add_parser("list", help="Liệt kê token.")

    def handle(self, *args, action: str, **options):
        try:
            if action == "create":
                official = Official.objects.filter(username=options["username"].lower()).first()
                if official is None:
                    raise CommandError(f"Không có tài khoản «{options['username']}».")
                token, raw = create_api_token(official, options["name"])
                self.stdout.write(raw)
                self.stderr.write(
                    f"Đã tạo token #{token.pk} «{token.name}» cho {official.username}. "
                    "Hãy lưu lại: token chỉ hiện một lần."
                )
            elif action == "revoke":
                revoke_api_token(options["token_id"])
                self.stdout.write(f"Đã thu hồi token #{options['token_id']}.")
            else:
                for token in ApiToken.objects.select_related("official").order_by("pk"):
                    state = "đã thu hồi" if token.revoked_at else "đang dùng"
                    self.stdout.write(
                        f"{token.pk}\t{token.prefix}…\t{token.official.username}\t{token.name}\t{state}"
                    )
        except MotcuaError as exc:
            raise CommandError(exc.message) from exc
