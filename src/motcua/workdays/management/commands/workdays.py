"""``motcua workdays``: deadlines, working time and the holiday list from the command line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.errors import MotcuaError
from motcua.workdays import selectors, services
from motcua.workdays.domain import (
    Limit,
    describe_due,
    format_day,
    format_hours,
    format_moment,
    parse_moment,
)
from motcua.workdays.domain.format import describe_duration

KIND_LABELS = {
    "holiday": "nghỉ lễ, Tết",
    "day_off": "nghỉ (theo quyết định)",
    "make_up_workday": "làm bù",
    "weekend": "cuối tuần",
    "workday": "làm việc",
}


class Command(BaseCommand):
    help = "Lịch làm việc: tính hạn giải quyết, số giờ làm việc, danh sách ngày nghỉ."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{due,between,holidays,load}"
        )

        due = sub.add_parser("due", help="Tính hạn trả kết quả.")
        due.add_argument("received_at", help='Thời điểm tiếp nhận, ví dụ "2026-02-13 10:00".')
        due.add_argument("limit", help="Thời hạn: 3d, 8h, 0d hoặc same_day.")
        due.add_argument("--province", default="", help="Mã tỉnh (ví dụ 12 = Lai Châu).")
        due.add_argument(
            "--pause",
            nargs=2,
            action="append",
            default=[],
            metavar=("START", "END"),
            help="Khoảng tạm dừng (chờ bổ sung hồ sơ); có thể lặp lại.",
        )

        between = sub.add_parser("between", help="Số giờ làm việc giữa hai thời điểm.")
        between.add_argument("start")
        between.add_argument("end")
        between.add_argument("--province", default="")

        holidays = sub.add_parser("holidays", help="Danh sách ngày nghỉ và ngày làm bù.")
        holidays.add_argument("--year", type=int, default=dt.date.today().year)
        holidays.add_argument("--province", default="")

        sub.add_parser("load", help="Nạp lịch mặc định (ngày nghỉ, giờ làm việc) vào CSDL.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except MotcuaError as exc:
            raise CommandError(exc.message) from exc

    def _due(self, options: dict[str, Any]) -> None:
        received = parse_moment(options["received_at"])
        limit = Limit.parse(options["limit"])
        pauses = [(parse_moment(a), parse_moment(b)) for a, b in options["pause"]]
        clock = selectors.clock_for(options["province"])
        due = clock.due_with_pauses(received, limit, pauses)
        self.stdout.write(due.isoformat())
        self.stdout.write(describe_due(received, limit, due, clock.counting_start(received, limit)))
        if pauses:
            plain = clock.due(received, limit)
            shift = clock.working_time(plain, due)
            self.stdout.write(
                f"Hạn lùi {describe_duration(shift)} làm việc do tạm dừng; "
                f"hạn khi không tạm dừng: {format_moment(plain)}"
            )

    def _between(self, options: dict[str, Any]) -> None:
        start, end = parse_moment(options["start"]), parse_moment(options["end"])
        worked = selectors.elapsed_for(options["province"], start, end)
        self.stdout.write(format_hours(worked))
        self.stdout.write(
            f"{describe_duration(worked)} làm việc từ {format_moment(start)} "
            f"đến {format_moment(end)}"
        )

    def _holidays(self, options: dict[str, Any]) -> None:
        year = options["year"]
        days = selectors.special_days(year, options["province"])
        for info in days:
            self.stdout.write(
                f"{info.date.isoformat()}  {format_day(info.date):<22}  "
                f"{KIND_LABELS[info.kind]:<22}  {info.name}"
            )
        off = sum(1 for d in days if not d.working and d.date.weekday() < 5)
        extra = sum(1 for d in days if d.working)
        self.stdout.write(f"Năm {year}: {off} ngày nghỉ rơi vào ngày thường, {extra} ngày làm bù.")

    def _load(self, options: dict[str, Any]) -> None:
        created = services.load_default_calendar()
        self.stdout.write(f"Đã nạp lịch mặc định: {created} dòng mới.")
