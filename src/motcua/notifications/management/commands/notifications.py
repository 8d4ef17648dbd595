"""`motcua notifications send [--loop]` / `list [--failed]` / `retry [ID ...]`: the outbox
of messages to applicants (email, SMS)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.notifications import selectors, services
from motcua.notifications.models import Status


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else "-"


class Command(BaseCommand):
    help = "Thông báo cho người dân (thư điện tử, SMS): gửi, liệt kê, gửi lại."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send", help="Gửi các thông báo đến hạn (một lượt, hoặc lặp).")
        send.add_argument("--loop", action="store_true",
                          help="Chạy liên tục như một tiến trình gửi nền.")
        send.add_argument("--interval", type=float, default=15.0,
                          help="Số giây nghỉ giữa hai lượt khi --loop (mặc định 15).")
        send.add_argument("--limit", type=int, default=200, help="Tối đa mỗi lượt.")
        send.add_argument("--rounds", type=int, default=0,
                          help="Dừng sau số lượt này (0: không giới hạn; để thử nghiệm).")
        listing = sub.add_parser("list", help="Liệt kê thông báo.")
        listing.add_argument("--failed", action="store_true", help="Chỉ các thông báo lỗi.")
        listing.add_argument("--commune", default="", help="Mã xã.")
        listing.add_argument("--limit", type=int, default=50)
        again = sub.add_parser("retry", help="Gửi lại ngay các thông báo lỗi.")
        again.add_argument("ids", nargs="*", type=int, help="Số hiệu (mặc định: mọi thông báo lỗi).")

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _send(self, *, loop: bool, interval: float, limit: int, rounds: int, **_):
        done = 0
        while True:
            result = services.deliver_due(limit=limit)
            if result.total or not loop:
                self.stdout.write(f"Đã gửi {result.sent}, lỗi {result.failed}.")
            done += 1
            if not loop or (rounds and done >= rounds):
                return
            if result.total < limit:
                time.sleep(interval)

    def _list(self, *, failed: bool, commune: str, limit: int, **_):
        rows = selectors.listing(only_failed=failed, commune_code=commune)[:limit]
        for row in rows:
            state = row.status
            if row.status == Status.FAILED:
                state = ("bỏ cuộc" if row.next_attempt_at is None
                         else f"thử lại {_local(row.next_attempt_at)}")
            self.stdout.write("\t".join([
                str(row.pk), row.dossier.code, row.kind, row.channel, row.recipient,
                row.status, str(row.attempts), state, row.last_error.replace("\n", " ")[:200],
            ]))
        if not rows:
            self.stdout.write("Không có thông báo nào.")

    def _retry(self, *, ids: list[int], **_):
        rows = services.retry(ids)
        for row in rows:
            self.stdout.write(f"{row.pk}\t{row.dossier.code}\t{row.channel}\t{row.status}"
                              f"\t{row.last_error[:200]}")
        sent = sum(1 for r in rows if r.status == Status.SENT)
        self.stdout.write(f"Gửi lại {len(rows)}: thành công {sent}.")
