"""Demo history (``motcua demo generate``): a realistic stretch of one-stop-shop work for
every commune of a province — volume by population, a mix of procedures and channels,
supplements, refusals and withdrawals, early / on-time / late results, dossiers still in
progress — with valid codes, daily sequences and hash-chained events.

    generate_history("Lai Châu", start=date(2026, 1, 1), end=None, scale=1.0, seed=1)

Volumes: xã Bình Lư, about 18,500 people, received about 10,000 dossiers in its first
year (REFERENCE §1); every commune gets the same number per person (``history_data``:
rough figures, not official statistics). Shares of channels, supplements and outcomes
follow the province's and Bình Lư's reports (docs/performance.md lists what comes out).

Speed: a province-year is about a quarter of a million dossiers and 1.6 million events.
The lives are computed in memory (``history_life``) and written with bulk inserts
(``history_write``: SQLite ``executemany``, PostgreSQL ``COPY``) in one transaction, so an
interrupted run leaves nothing. Deterministic for a given ``seed``, period and officials.
"""

from __future__ import annotations

import random
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from motcua.accounts.domain import Role
from motcua.accounts.models import Official, OfficialRole
from motcua.catalog.models import Procedure
from motcua.dossiers.models import DailySequence, Dossier
from motcua.dossiers.planning import plan_from_steps, step_dict
from motcua.dossiers.services.history_data import (
    BORN_ELSEWHERE,
    CHUNK,
    CROSS_BOUNDARY,
    DEFAULT_ONLINE,
    DEFAULT_POPULATION,
    DOSSIERS_PER_PERSON_YEAR,
    FAMILY,
    MEN,
    MOUNTAIN,
    OTHER_WEIGHT,
    OUT_OF_HOURS,
    POPULATION,
    POST_SHARE,
    PROCEDURE_WEIGHTS,
    ROSTER,
    VILLAGES,
    WEEKEND_WEIGHT,
    WOMEN,
)
from motcua.dossiers.services.history_life import Shared, Simulator
from motcua.dossiers.services.history_parts import Commune, Doc, Intake, Person, Proc, WorkTime
from motcua.dossiers.services.history_write import Writer
from motcua.dossiers.services.routing import competent_agency, receiving_agency_for
from motcua.errors import InvalidInput
from motcua.text import fold
from motcua.units.models import Agency, Unit
from motcua.workdays.domain import VN_TZ, Limit
from motcua.workdays.selectors import clock_for


@dataclass
class HistoryReport:
    province: str = ""
    start: date | None = None
    end: datetime | None = None
    skipped: bool = False
    dossiers: int = 0
    intakes: int = 0  # receptions: a linked group is one intake and several dossiers
    events: int = 0
    documents: int = 0
    officials_created: int = 0
    seconds: float = 0.0
    states: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    channels: Counter[str] = field(default_factory=Counter)
    digitized: int = 0
    electronic: int = 0
    settled_with_result: int = 0
    reused: int = 0
    reusable: int = 0
    supplements: int = 0
    by_commune: dict[str, int] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.dossiers / self.seconds if self.seconds else 0.0


def planned_volume(population: int, days: int, scale: float) -> int:
    return round(population * DOSSIERS_PER_PERSON_YEAR * days / 365 * scale)


def generate_history(
    province_name: str,
    *,
    start: date | None = None,
    end: datetime | None = None,
    scale: float = 1.0,
    seed: int = 1,
    if_empty: bool = False,
    communes: Iterable[str] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> HistoryReport:
    """Generate the history of ``province_name`` from ``start`` (default: a year before
    ``end``) to ``end`` (default now; nothing after it happens). ``communes`` limits it
    to those unit codes. ``progress(done, total, commune_name)`` is called as rows are
    written. With ``if_empty``, nothing happens when the province has dossiers already."""
    from motcua.units import selectors as units

    began = time.perf_counter()
    province = units.find_province(province_name)
    now = timezone.now()
    end = min(end or now, now).astimezone(UTC).replace(microsecond=0)
    start = start or (end.astimezone(VN_TZ).date() - timedelta(days=364))
    if start > end.astimezone(VN_TZ).date():
        raise InvalidInput("Ngày bắt đầu phải trước ngày kết thúc.", code="history.range")
    if scale <= 0 or scale > 100:
        raise InvalidInput("Hệ số quy mô phải lớn hơn 0 và không quá 100.",
                           code="history.scale")
    report = HistoryReport(province=province.full_name, start=start, end=end)
    if if_empty and Dossier.objects.filter(province_code=province.code).exists():
        report.skipped = True
        return report
    unit_rows = list(units.units_of_province(province.code))
    if communes is not None:
        wanted = set(communes)
        unit_rows = [u for u in unit_rows if u.code in wanted]
    if not unit_rows:
        raise InvalidInput(f"{province.full_name} chưa có xã, phường nào; hãy chạy "
                           "«motcua demo load» trước.", code="history.no_units")
    procs, models = _procedures(province.code)
    days = (end.astimezone(VN_TZ).date() - start).days + 1
    volumes = {u.code: planned_volume(POPULATION.get(u.name, (DEFAULT_POPULATION, 0))[0],
                                      days, scale) for u in unit_rows}
    total = sum(volumes[u.code] * _rows_per_intake(procs) for u in unit_rows)
    clock = clock_for(province.code)
    worktime = WorkTime(clock, start - timedelta(days=7), end.astimezone(VN_TZ).date()
                        + timedelta(days=400))
    writer = Writer()
    # One transaction: a run that fails or is interrupted leaves nothing behind.
    with writer.bulk_mode(), transaction.atomic(), writer.deferred_indexes():
        _generate(report, writer, unit_rows, province, procs, models, clock, worktime, end,
                  start, volumes, total, seed, progress)
        writer.analyze()
    report.seconds = time.perf_counter() - began
    return report


def _generate(report: HistoryReport, writer: Writer, unit_rows: list[Unit], province: Any,
              procs: list[tuple[Proc, float]], models: dict[int, Procedure], clock: Any,
              worktime: WorkTime, end: datetime, start: date, volumes: dict[str, int],
              total: float, seed: int, progress: Callable[[int, int, str], None] | None,
              ) -> None:
    done = 0
    shared = Shared()
    routes: dict[tuple[str, str, str], tuple[int, str]] = {}
    for unit in unit_rows:
        rng = random.Random(f"{seed}:{unit.code}")
        commune, created = _commune(unit, province, procs, models, rng, routes)
        report.officials_created += created
        sim = Simulator(clock=clock, worktime=worktime, now=int(end.timestamp()), rng=rng,
                        dbtime=writer.dbtime, shared=shared)
        intakes = _arrivals(unit, province.name, commune, procs, rng, worktime, start,
                            end, volumes[unit.code])
        written = _write_commune(sim, writer, commune, intakes, report,
                                 lambda n, base=done, name=unit.name: progress and progress(
                                     base + n, max(int(total), base + n), name))
        done += written
        report.by_commune[unit.name] = written
        if progress:
            progress(done, max(int(total), done), unit.name)


# -- catalog and staff ---------------------------------------------------------------------


def _procedures(province_code: str) -> tuple[list[tuple[Proc, float]], dict[int, Procedure]]:
    department = _land_department(province_code)
    out: list[tuple[Proc, float]] = []
    by_code: dict[str, Proc] = {}
    qs = (Procedure.objects.filter(is_active=True)
          .prefetch_related("steps", "documents", "as_group__memberships__procedure")
          .order_by("code"))
    rows = list(qs)
    if not rows:
        raise InvalidInput("Danh mục thủ tục còn trống; hãy chạy «motcua demo load» trước.",
                           code="history.no_catalog")
    for p in rows:
        plan = plan_from_steps(
            step_dict(s.name, s.role, s.duration_value, s.duration_unit, s.performer)
            for s in p.steps.all())
        land_step = any("đất đai" in (s.performer or "") for s in p.steps.all())
        by_code[p.code] = Proc(
            id=p.pk, code=p.code, limit=Limit(p.limit_value, p.limit_unit),
            steps=list(plan.steps), signature_required=plan.signature_required,
            docs=[Doc(d.pk, d.name, d.copies, d.requirement == "mandatory",
                      d.reusable_from_data) for d in p.documents.all()],
            online=p.online_level != "in_person",
            transfer_to=department if land_step and p.agency_kind != "province_department"
            else None,
        )
    for p in rows:
        proc = by_code[p.code]
        group = next(iter(p.as_group.all()), None)
        if group is not None:
            proc.members = [by_code[m.procedure.code] for m in group.memberships.all()
                            if m.procedure.is_active and m.procedure.pk != p.pk]
        out.append((proc, PROCEDURE_WEIGHTS.get(p.code, OTHER_WEIGHT)))
    return out, {p.pk: p for p in rows}


def _land_department(province_code: str) -> tuple[int, str, str] | None:
    for agency in Agency.objects.filter(province_code=province_code, commune_code="",
                                        kind="province_department", is_active=True):
        if "nong nghiep va moi truong" in fold(agency.name):
            return agency.pk, agency.electronic_id, agency.name
    return None


def _rows_per_intake(procs: list[tuple[Proc, float]]) -> float:
    weights = sum(w for _, w in procs)
    return sum(w * (1 + len(p.members)) for p, w in procs) / weights


def _person_name(rng: random.Random, male: bool) -> str:
    family = rng.choice(FAMILY)
    middle = ("A" if family in MOUNTAIN else "Văn") if male else "Thị"
    return f"{family} {middle} {rng.choice(MEN if male else WOMEN)}"


def _staff(unit: Unit, province_code: str, rng: random.Random) -> tuple[dict[Role, list[Person]], int]:
    """The commune's officials for the history (created when missing: no password, they
    never log in; the demo logins of the commune are used when they exist)."""
    slug = fold(unit.name).replace(" ", "")
    wanted = [(f"{slug}.{suffix}", role) for suffix, role in ROSTER]
    existing = {o.username: o for o in Official.objects.filter(
        username__in=[u for u, _ in wanted]).prefetch_related("roles")}
    staff: dict[Role, list[Person]] = {role: [] for _, role in ROSTER}
    new: list[tuple[Official, Role]] = []
    for username, role in wanted:
        official = existing.get(username)
        if official is None:
            official = Official(
                username=username, full_name=_person_name(rng, rng.random() < 0.5),
                province_code=province_code, commune_code=unit.code,
                password=make_password(None), position="Cán bộ (dữ liệu trình diễn)")
            new.append((official, role))
            continue
        if official.role_set != {role} or official.commune_code != unit.code:
            continue  # someone else's account: leave it out of the history
        staff[role].append(Person(official.pk, role.value,
                                  official.full_name or official.username))
    if new:
        Official.objects.bulk_create([o for o, _ in new])
        OfficialRole.objects.bulk_create(
            [OfficialRole(official=o, role=r.value) for o, r in new])
        for o, role in new:
            staff[role].append(Person(o.pk, role.value, o.full_name or o.username))
    return staff, len(new)


def _commune(unit: Unit, province: Any, procs: list[tuple[Proc, float]],
             models: dict[int, Procedure], rng: random.Random,
             routes: dict[tuple[str, str, str], tuple[int, str]]) -> tuple[Commune, int]:
    staff, created = _staff(unit, province.code, rng)
    for role in (Role.CLERK, Role.SPECIALIST, Role.DIVISION_HEAD, Role.LEADER):
        if not staff[role]:
            raise InvalidInput(f"Xã {unit.name} thiếu cán bộ vai trò {role}.",
                               code="history.staff")
    clerk = Official.objects.get(pk=staff[Role.CLERK][0].id)
    receiving = receiving_agency_for(clerk, None)
    competent = {}
    for proc, _ in procs:
        for p in (proc, *proc.members):
            model = models[p.id]
            # ``competent_agency`` reads only the procedure's agency kind and name
            key = (unit.code, model.agency_kind, model.agency_name)
            if key not in routes:
                agency, _ = competent_agency(model, unit.code, receiving)
                routes[key] = (agency.pk, agency.electronic_id)
            competent[p.id] = routes[key]
    late = 0.002 if unit.name == "Bình Lư" else rng.uniform(0.004, 0.022)
    return Commune(
        code=unit.code, province_code=receiving.province_code or province.code,
        receiving=(receiving.pk, receiving.electronic_id), competent=competent,
        clerks=staff[Role.CLERK], specialists=staff[Role.SPECIALIST],
        heads=staff[Role.DIVISION_HEAD], leaders=staff[Role.LEADER],
        team=staff[Role.VILLAGE_TEAM], late_rate=late,
    ), created


# -- arrivals ------------------------------------------------------------------------------


def _applicant(rng: random.Random, place: str, unit_code: str,
               born_before: int) -> tuple[str, str, str, str, str, str]:
    male = rng.random() < 0.5
    name = _person_name(rng, male)
    year = rng.randint(1950, min(born_before, 2007))
    century = (year - 1900) // 100 * 2 + (0 if male else 1)
    origin = "012" if rng.random() < 0.85 else rng.choice(BORN_ELSEWHERE)
    personal_id = f"{origin}{century}{year % 100:02d}{rng.randrange(1_000_000):06d}"
    phone = f"0{rng.choice('9873')}{rng.randrange(100_000_000):08d}" if rng.random() < 0.9 else ""
    email = ""
    if rng.random() < 0.15:
        email = f"{fold(name).replace(' ', '')}{rng.randrange(100)}@gmail.com"
    return name, personal_id, phone, email, place, unit_code


def _address(rng: random.Random, unit: Unit, province_name: str) -> str:
    if unit.kind == "phuong":
        return f"Tổ dân phố số {rng.randint(1, 20)}, phường {unit.name}, tỉnh {province_name}"
    return f"Bản {rng.choice(VILLAGES)}, xã {unit.name}, tỉnh {province_name}"


def _arrivals(unit: Unit, province_name: str, commune: Commune,
              procs: list[tuple[Proc, float]], rng: random.Random, wt: WorkTime,
              start: date, end: datetime, count: int) -> list[Intake]:
    """``count`` receptions spread over the period: working days, office hours, a few
    online ones in the evening or on a day off; in the order they were received."""
    online_share = POPULATION.get(unit.name, (0, DEFAULT_ONLINE))[1]
    assisted = 0.02 + max(0.0, 0.9 - online_share) * 0.3
    last_day = end.astimezone(VN_TZ).date()
    days = [start + timedelta(days=i) for i in range((last_day - start).days + 1)]
    weights = [1.0 if d in wt.days else WEEKEND_WEIGHT for d in days]
    chosen = rng.choices(days, weights, k=count)
    proc_list = [p for p, _ in procs]
    proc_weights = [w for _, w in procs]
    picks = rng.choices(proc_list, proc_weights, k=count)
    end_ts = int(end.timestamp())
    others = [u for u in Unit.objects.filter(province_id=unit.province_id).exclude(
        code=unit.code).values_list("code", "name")] or [(unit.code, unit.name)]
    intakes = []
    for day, proc in zip(chosen, picks, strict=True):
        r = rng.random()
        if day not in wt.days and not proc.online:  # the counter is closed: next working day
            later = [d for d in days if d > day and d in wt.days]
            day = later[0] if later else day
        working = day in wt.days
        if not proc.online:
            channel = "post" if r < 0.1 else "counter"
        elif not working or r < online_share:
            channel = "online"
        elif r < online_share + assisted:
            channel = "assisted"
        elif r < online_share + assisted + POST_SHARE:
            channel = "post"
        else:
            channel = "counter"
        if working and (channel != "online" or rng.random() > OUT_OF_HOURS):
            begin, finish = wt.days[day]
            at = wt.at(rng.randint(begin + 1, finish))
        else:
            midnight = int(datetime(day.year, day.month, day.day, tzinfo=VN_TZ).timestamp())
            at = midnight + rng.randint(6 * 3600, 23 * 3600)
        if at > end_ts:
            at = end_ts - rng.randint(0, 3600)
        cross = rng.random() < CROSS_BOUNDARY
        home = rng.choice(others) if cross else (unit.code, unit.name)
        place = _address(rng, unit, province_name) if not cross else (
            f"Bản {rng.choice(VILLAGES)}, xã {home[1]}, tỉnh {province_name}")
        intakes.append(Intake(
            commune=commune, proc=proc, at=at, channel=channel,
            clerk=rng.choice(commune.clerks),
            helper=rng.choice(commune.team) if channel == "assisted" and commune.team else None,
            applicant=_applicant(rng, place, home[0], day.year),
            cross_boundary=cross,
        ))
        if channel == "assisted" and not commune.team:
            intakes[-1].channel = "online"
    intakes.sort(key=lambda i: i.at)
    return intakes


# -- numbering and writing -----------------------------------------------------------------


def _sequences(agency: str) -> dict[tuple[str, date], int]:
    return {(scope, day): last for scope, day, last in DailySequence.objects.filter(
        agency_electronic_id=agency).values_list("scope", "day", "last")}


def _write_commune(sim: Simulator, writer: Writer, commune: Commune, intakes: list[Intake],
                   report: HistoryReport, progress: Callable[[int], Any]) -> int:
    """Number, live and write the commune's intakes; then move its daily sequences on so
    that the next reception at the counter takes the next number."""
    from motcua.dossiers.domain import format_code

    agency = commune.receiving[1]
    format_code(agency, date(2026, 1, 1), 1)  # the identifier is valid: codes below are
    used = _sequences(agency)
    start = dict(used)
    rows = sum(1 + len(i.proc.members) for i in intakes)
    ids = iter(writer.reserve_ids(rows))
    written = 0
    for chunk_start in range(0, len(intakes), CHUNK):
        for intake in intakes[chunk_start:chunk_start + CHUNK]:
            local = datetime.fromtimestamp(intake.at, VN_TZ).date()
            year = local.replace(month=1, day=1)
            parts = [intake.proc, *intake.proc.members]
            group = str(uuid.UUID(int=sim.rng.getrandbits(128), version=4)) \
                if len(parts) > 1 else None
            parent = None
            for n, proc in enumerate(parts):
                seq = used[(DailySequence.CODE, local)] = used.get(
                    (DailySequence.CODE, local), 0) + 1
                entry = used[(DailySequence.REGISTER, year)] = used.get(
                    (DailySequence.REGISTER, year), 0) + 1
                if seq > 9999:
                    format_code(agency, local, seq)  # raises SequenceExhausted
                code = f"{agency}-{local:%y%m%d}-{seq:04d}"
                pk = next(ids)
                life = sim.live(intake, pk, proc, code=code, entry=entry, group=group,
                                parent=parent, main=n == 0)
                if n == 0:
                    parent = (pk, code)
                _tally(report, life, intake, proc, main=n == 0)
        written += writer.flush(sim.buffers, report)
        progress(written)
    DailySequence.objects.bulk_create(
        [DailySequence(scope=s, agency_electronic_id=agency, day=d, last=last)
         for (s, d), last in used.items() if start.get((s, d)) != last],
        update_conflicts=True, unique_fields=["scope", "agency_electronic_id", "day"],
        update_fields=["last"], batch_size=500)
    return written


_VN_OFFSET = 7 * 3600  # Vietnam has kept UTC+7 since 1975: local dates for the tally


def _tally(report: HistoryReport, life: Any, intake: Intake, proc: Proc, main: bool) -> None:
    """The report's counters (``workdays.classify``'s rule on whole seconds)."""
    report.states[life.state] += 1
    report.channels[intake.channel] += 1
    report.supplements += life.rounds > 0
    if life.finished is not None:
        finished, due = life.finished, life.due
        if life.rounds > 1 or finished > due:
            outcome = "late"
        elif (finished + _VN_OFFSET) // 86400 < (due + _VN_OFFSET) // 86400:
            outcome = "early"
        else:
            outcome = "on_time"
        report.outcomes[outcome] += 1
    if life.ready is not None:
        report.settled_with_result += 1
        report.electronic += bool(life.electronic)
    if main:
        report.intakes += 1
        report.reusable += any(d.reusable for d in proc.docs)
