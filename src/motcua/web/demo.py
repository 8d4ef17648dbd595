"""Loads the demo province. Orchestrates the loaders of each app; each loader is idempotent."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from motcua.accounts.domain import ROLE_LABELS
from motcua.accounts.models import Official
from motcua.accounts.services import DEMO_ACCOUNTS, create_official
from motcua.errors import NotFound


@dataclass
class DemoResult:
    province_name: str = ""
    provinces: int = 0
    units: int = 0
    agencies: int = 0
    procedures: int = 0
    calendar_days: int = 0
    new_logins: list[tuple[str, str, str]] = field(default_factory=list)


def load_demo(province_name: str, progress: bool = False) -> DemoResult:
    from motcua.catalog.services import load_builtin_catalog
    from motcua.units import selectors as units
    from motcua.units.services import create_agencies, load_units
    from motcua.workdays.services import load_default_calendar

    result = DemoResult()
    from motcua.units.models import Agency, Province, Unit
    from motcua.workdays.models import CalendarException

    load_units(progress=progress)
    province = units.find_province(province_name)
    result.province_name = province.full_name
    create_agencies(province.code)
    load_default_calendar()
    result.procedures = load_builtin_catalog()
    result.provinces = Province.objects.count()
    result.units = Unit.objects.count()
    result.agencies = Agency.objects.filter(province_code=province.code).count()
    result.calendar_days = CalendarException.objects.count()
    result.new_logins = _create_demo_officials(province.code)
    return result


@transaction.atomic
def _create_demo_officials(province_code: str) -> list[tuple[str, str, str]]:
    from motcua.units import selectors as units

    created: list[tuple[str, str, str]] = []
    commune_codes = {u.name: u.code for u in units.units_of_province(province_code)}
    for acc in DEMO_ACCOUNTS:
        if Official.objects.filter(username=acc.username).exists():
            continue
        commune_code = ""
        if acc.commune:
            if acc.commune not in commune_codes:
                raise NotFound(f"Không tìm thấy đơn vị «{acc.commune}» trong tỉnh mẫu.")
            commune_code = commune_codes[acc.commune]
        _, password = create_official(
            username=acc.username,
            full_name=acc.full_name,
            roles=acc.roles,
            province_code=province_code,
            commune_code=commune_code,
            position=acc.position,
        )
        label = ", ".join(ROLE_LABELS[r] for r in acc.roles)
        if acc.commune:
            label += f" — {acc.commune}"
        created.append((acc.username, password, label))
    return created


@contextmanager
def _history_bar(enabled: bool) -> Iterator[Any]:
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn("[bold]{task.description}"), BarColumn(), TaskProgressColumn(),
               MofNCompleteColumn(), TextColumn("hồ sơ · {task.fields[rate]}/s"),
               TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task("Sinh hồ sơ", total=None, rate="0")

        def advance(done: int, total: int, commune: str) -> None:
            elapsed = bar.tasks[0].elapsed or 0
            rate = _n(done / elapsed) if elapsed else "0"
            bar.update(task, completed=done, total=total, description=f"Xã {commune}",
                       rate=rate)

        yield advance


def generate_demo_history(
    province_name: str, *, year: int | None = None, date_from: dt.date | None = None,
    date_to: dt.date | None = None, scale: float = 1.0, seed: int = 1, if_empty: bool = False,
    communes: list[str] | None = None, progress: bool = False,
) -> Any:
    """``motcua demo generate``: the history of the demo province (see
    ``dossiers.services.history``). ``year`` runs from 1 January to 31 December (or now);
    ``date_to`` includes the whole day."""
    from motcua.dossiers.services.history import generate_history
    from motcua.workdays.domain import VN_TZ

    start, end = date_from, None
    if year is not None:
        start, date_to = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if date_to is not None:
        end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), tzinfo=VN_TZ)
        end -= dt.timedelta(seconds=1)
    with _history_bar(progress) as advance:
        return generate_history(province_name, start=start, end=end, scale=scale, seed=seed,
                                if_empty=if_empty, communes=communes, progress=advance)


def _n(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%".replace(".", ",") if whole else "—"


def history_summary(report: Any) -> list[str]:
    """What ``generate_demo_history`` did, in Vietnamese, for the command's output."""
    if report.skipped:
        return [f"{report.province} đã có hồ sơ; không sinh thêm (--if-empty)."]
    states = report.states
    outcomes = report.outcomes
    settled = sum(outcomes.values())
    channels = report.channels
    online = channels["online"] + channels["assisted"]
    n = report.dossiers
    start = report.start.strftime("%d/%m/%Y") if report.start else ""
    end = report.end.astimezone(dt.timezone(dt.timedelta(hours=7))) if report.end else None
    seconds = f"{report.seconds:.1f}".replace(".", ",")
    lines = [
        f"Đã sinh {_n(n)} hồ sơ ({_n(report.intakes)} lượt tiếp nhận), {_n(report.events)} sự "
        f"kiện, {_n(report.documents)} giấy tờ cho {len(report.by_commune)} xã, phường của "
        f"{report.province}, từ {start} đến {end:%d/%m/%Y %H:%M}"
        f" trong {seconds} giây ({_n(report.per_second)} hồ sơ/giây).",
        f"Kết quả (đã kết thúc {_n(settled)}): trước hạn {_pct(outcomes['early'], settled)}, "
        f"đúng hạn {_pct(outcomes['on_time'], settled)}, trễ hạn {_pct(outcomes['late'], settled)}.",
        f"Đang giải quyết: {_n(n - settled)} (chờ bổ sung {_n(states['waiting_supplement'])}, "
        f"chờ ký {_n(states['waiting_signature'])}, liên thông {_n(states['transferred'])}); "
        f"có kết quả chờ trả {_n(states['result_ready'])}.",
        f"Từ chối {_n(states['refused'])}, rút {_n(states['withdrawn'])}, dừng "
        f"{_n(states['stopped'])}; yêu cầu bổ sung {_pct(report.supplements, n)}.",
        f"Nộp trực tuyến {_pct(online, n)} (nộp hộ {_pct(channels['assisted'], n)}), "
        f"bưu chính {_pct(channels['post'], n)}, trực tiếp {_pct(channels['counter'], n)}.",
        f"Số hóa {_pct(report.digitized, report.intakes)}, kết quả điện tử "
        f"{_pct(report.electronic, report.settled_with_result)}, tái sử dụng dữ liệu "
        f"{_pct(report.reused, report.reusable)} (thủ tục có giấy tờ khai thác được).",
    ]
    if report.officials_created:
        lines.append(f"Đã tạo {report.officials_created} tài khoản cán bộ mẫu (không có mật "
                     "khẩu) để ghi người thực hiện.")
    return lines
