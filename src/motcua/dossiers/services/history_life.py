"""The life of one generated dossier, event by event, for the demo history (``history``).

It writes what the services would have written had the officials taken each action on
the day: the same columns, the same event records (state machine payload plus the
services' extras), the same hash chain (``domain.audit``'s canonical text) — but in
memory, so that a province-year goes to the database in a few bulk inserts. The tests
replay generated chains through ``domain.apply`` and carry generated dossiers on with the
real services; ``Simulator`` also checks its first events against ``event_hash`` itself.

Times are whole POSIX seconds (UTC) here; working time comes from the province's
``WorkClock`` (``WorkTime`` indexes its office sessions for speed; a test checks it against
``WorkClock.add_working_time``).
"""

from __future__ import annotations

import hashlib
import json
import random
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from motcua.dossiers.domain.audit import GENESIS_HASH, HASH_VERSION, event_hash
from motcua.dossiers.services.history_data import (
    APOLOGY_OF_LATE,
    APOLOGY_REASONS,
    DIGITIZED,
    ELECTRONIC_RESULT,
    REFUSE_AT_COUNTER,
    REFUSE_LATER,
    REFUSE_REASONS,
    REJECT_AT_SIGNATURE,
    REJECT_REASONS,
    REUSE,
    SECOND_ROUND,
    STOP,
    STOP_REASONS,
    SUPPLEMENT_RATE,
    TRANSFER_RATE,
    WITHDRAW,
)
from motcua.dossiers.services.history_parts import (
    DAY,
    DUMPS,
    HOUR,
    STR,
    Buffers,
    Commune,
    Intake,
    Person,
    Proc,
    WorkTime,
    iso,
    iso_or_null,
)
from motcua.workdays.domain import VN_TZ, WorkClock


class Life:
    """One dossier's columns, written as the services' ``store_state`` would, and its
    chain. ``emit`` is ``chain.next_link``: one record, one hash, version + 1."""

    def __init__(self, sim: Simulator, pk: int) -> None:
        self.sim = sim
        self.pk = pk
        self.state = ""
        self.version = 0
        self.head = GENESIS_HASH
        self.updated = 0
        self.handler: Person | None = None
        self.step_index: int | None = None
        self.step_due: int | None = None
        self.steps: list[dict[str, Any]] = []
        self.signature_required = True
        self.signed = False
        self.rounds = 0
        self.resume = ""
        self.missing: list[str] = []
        self.pauses: list[list[Any]] = []  # [round, start, end | None, items]
        self.apologies: list[dict[str, str]] = []
        self.transfer_to: tuple[int, str, str] | None = None
        self.transfers = 0
        self.finished: int | None = None
        self.ready: int | None = None
        self.returned: int | None = None
        self.collected_by = ""
        self.return_channel = ""
        self.reason = ""
        self.electronic: bool | None = None
        self.due = 0

    def emit(self, action: str, to_state: str, actor: Person, at: int, payload: str) -> None:
        """``payload``: the event payload as canonical JSON text (keys sorted, no spaces,
        ``as_role`` included) — the stored column and the hashed text at once."""
        moment = iso(at)
        prev = self.head
        from_json = f'"{self.state}"' if self.state else "null"
        canonical = (
            f'{{"event":{{"action":"{action}","actor":"{actor.id}","at":"{moment}",'
            f'"from_state":{from_json},"note":"","payload":{payload},'
            f'"to_state":"{to_state}"}},"prev":"{prev}","v":{HASH_VERSION}}}'
        )
        digest = hashlib.sha256(canonical.encode()).hexdigest()
        sim = self.sim
        if sim.checks_left > 0 or action not in sim.checked:
            sim.check(prev, digest, {
                "action": action, "from_state": self.state or None, "to_state": to_state,
                "actor": actor.ref, "at": moment, "note": "", "payload": json.loads(payload),
            })
            sim.checked.add(action)
        self.version += 1
        sim.buffers.events.append((
            self.pk, self.version, action, self.state, to_state, actor.id, actor.ref,
            actor.name, sim.dbtime(at), "", payload, prev, digest,
        ))
        self.head = digest
        self.state = to_state
        self.updated = at


@dataclass
class Shared:
    """What the simulators of one run share: clock caches and the self-check budget."""

    checks_left: int = 300
    checked: set[str] = field(default_factory=set)
    reception: dict[tuple[int, bool], date] = field(default_factory=dict)
    due: dict[tuple[date, str, Decimal], int] = field(default_factory=dict)
    per_day: dict[date, int] = field(default_factory=dict)


class Simulator:
    """Turns intakes into rows. ``now``: events after it have not happened yet (the dossier
    stays where it is); ``dbtime``: a moment as the database column takes it."""

    def __init__(self, *, clock: WorkClock, worktime: WorkTime, now: int, rng: random.Random,
                 dbtime: Callable[[int], Any], shared: Shared | None = None) -> None:
        self.clock = clock
        self.wt = worktime
        self.now = now
        self.rng = rng
        self.dbtime = dbtime
        self.buffers = Buffers()
        self.shared = shared = shared or Shared()
        self.checked = shared.checked
        self._reception = shared.reception
        self._due = shared.due
        self._per_day = shared.per_day
        if not worktime.cutoffs:
            worktime.index_cutoffs(clock)

    @property
    def checks_left(self) -> int:
        return self.shared.checks_left

    # -- checks and clocks -----------------------------------------------------------

    def check(self, prev: str, digest: str, record: dict[str, Any]) -> None:
        """The fast canonical text must hash like ``domain.audit.event_hash``."""
        self.shared.checks_left -= 1
        expected = event_hash(prev, record)
        if expected != digest:
            raise RuntimeError(f"history: event hash differs from the domain's ({record})")

    def due(self, proc: Proc, at: int) -> int:
        """``clock.due``: for limits in days it depends only on the reception day, which is
        the same for every second of a minute but its first (boundaries fall on minutes)."""
        limit = proc.limit
        moment = datetime.fromtimestamp(at, VN_TZ)
        if limit.unit == "hours":
            return int(self.clock.due(moment, limit).timestamp())
        # The reception day depends only on the next office session and on whether the
        # dossier arrives there after the cut-off.
        wt = self.wt
        i = bisect_right(wt.ends, at)
        start = max(at, wt.starts[i])
        key = (i, start > wt.cutoffs[i])
        day = self._reception.get(key)
        if day is None:
            day = self._reception[key] = self.clock.reception_day(moment)
        dkey = (day, limit.unit, limit.value)
        due = self._due.get(dkey)
        if due is None:
            due = self._due[dkey] = int(self.clock.due(moment, limit).timestamp())
        return due

    def _day_seconds(self, at: int) -> int:
        day = datetime.fromtimestamp(at, VN_TZ).date()
        seconds = self._per_day.get(day)
        if seconds is None:
            per_day = self.clock.hours.rule_on(day).daily_duration
            seconds = self._per_day[day] = int(per_day.total_seconds())
        return seconds

    def step_due(self, life: Life, index: int, start: int) -> int | None:
        """``actions.step_due``: the step's catalog duration in working time."""
        step = life.steps[index]
        value = step.get("duration_value")
        if not value:
            return None
        amount = Decimal(str(value))
        if step.get("duration_unit") == "hours":
            seconds = int(amount * 60) * 60
        else:
            seconds = int(Decimal(self._day_seconds(start)) * amount)
        return self.wt.add(start, seconds)

    def resumed_due(self, life: Life, intake: Intake, due: int) -> int:
        """``actions.resumed_due``: the statutory limit recomputed with every pause (after
        an apology: the new promise moved by the last wait's working time)."""
        clock = self.clock
        if life.apologies:
            start, end = (datetime.fromtimestamp(t, VN_TZ) for t in life.pauses[-1][1:3])
            moment = datetime.fromtimestamp(due, VN_TZ)
            if start < moment:
                moment = clock.add_working_time(end, clock.working_time(start, moment))
            return max(int(moment.timestamp()), due)
        pauses = [
            (datetime.fromtimestamp(p[1], VN_TZ), datetime.fromtimestamp(p[2], VN_TZ))
            for p in life.pauses
        ]
        moved = clock.due_with_pauses(
            datetime.fromtimestamp(intake.at, VN_TZ), intake.proc.limit, pauses)
        return max(int(moved.timestamp()), due)

    # -- one dossier -----------------------------------------------------------------

    def live(self, intake: Intake, pk: int, proc: Proc, *, code: str, entry: int,
             group: str | None, parent: tuple[int, str] | None, main: bool) -> Life:
        """Receive ``proc`` (the intake's procedure, or a member of its group) and play its
        life until ``now``; append its rows."""
        commune = intake.commune
        life = Life(self, pk)
        t0 = intake.at
        due = life.due = self.due(proc, t0)
        agency = commune.competent[proc.id]
        machine_channel = {"counter": "in_person", "post": "post"}.get(intake.channel, "online")
        life.emit("receive", "received", intake.clerk, t0, (
            f'{{"as_role":"clerk","channel":"{machine_channel}","code":"{code}",'
            f'"competent_agency":"{agency[1]}",'
            f'"cross_boundary":{"true" if intake.cross_boundary else "false"},'
            f'"due_at":"{iso(due)}","group_id":{STR(group) if group else "null"},'
            f'"parent":{STR(parent[1]) if parent else "null"},"procedure":{STR(proc.code)},'
            f'"receiving_agency":"{commune.receiving[1]}","register_entry":{entry}}}'))
        plan, apology = self._plan(intake, proc, due)
        self._play(life, intake, proc, plan, apology)
        self._rows(life, intake, proc, code=code, entry=entry, group=group,
                   parent=parent, main=main)
        return life

    def _plan(self, intake: Intake, proc: Proc, due: int) -> tuple[list[list[Any]], bool]:
        """The actions ahead, as [position, action, extra] (positions in working seconds
        from the reception, supplement waits left out: ``_play`` puts them back in), and
        whether a late dossier gets the apology slip."""
        rng = self.rng
        base = self.wt.offset(intake.at)
        room = max(self.wt.offset(due) - base, 120)
        late = rng.random() < intake.commune.late_rate
        if late:
            settle = room + rng.randint(HOUR // 2, 3 * DAY)
        else:
            settle = max(60, int(room * (0.02 + 0.96 * rng.betavariate(1.3, 5.0))))
        steps = len(proc.steps)
        work = ["route", "start"] + ["forward"] * (steps - 1)
        if proc.transfer_to is not None and rng.random() < TRANSFER_RATE:
            work += ["transfer", "receive_back"]
        if proc.signature_required:
            work.append("submit_for_signature")
            if rng.random() < REJECT_AT_SIGNATURE:
                work += ["reject", "submit_for_signature"]
        positions = sorted(rng.randint(1, max(2, settle - 1)) for _ in work)
        plan: list[list[Any]] = [[pos, action, None] for pos, action in zip(positions, work, strict=True)]
        plan.append([settle, "approve" if proc.signature_required else "mark_result_ready",
                     rng.random() < ELECTRONIC_RESULT])
        plan.append([settle, "return_result", None])
        self._end_early(plan)
        if rng.random() < SUPPLEMENT_RATE:
            self._supplements(plan)
        apology = late and rng.random() < APOLOGY_OF_LATE
        return plan, apology

    def _end_early(self, plan: list[list[Any]]) -> None:
        """A few dossiers are refused, withdrawn or stopped on the way: the plan is cut
        after ``keep`` actions and ends with that one."""
        rng = self.rng
        r = rng.random()
        if r < REFUSE_AT_COUNTER:
            action, keep = "refuse", 0
        elif (r := r - REFUSE_AT_COUNTER) < REFUSE_LATER:
            action, keep = "refuse", 2
        elif (r := r - REFUSE_LATER) < WITHDRAW:
            action, keep = "withdraw", rng.randint(0, len(plan) - 2)
        elif r - WITHDRAW < STOP:
            action, keep = "stop", 2
        else:
            return
        keep = min(keep, len(plan) - 2)
        if keep and plan[keep - 1][1] == "transfer":  # another agency holds it: wait
            keep += 1
        at = (plan[keep - 1][0] if keep else 1) + rng.randint(60, HOUR)
        del plan[keep:]
        plan.append([at, action, None])

    def _supplements(self, plan: list[list[Any]]) -> None:
        """One wait for a supplement (a tenth of them two): the first one in four asked at
        the counter before routing, the others by the specialist while processing."""
        rng = self.rng
        rounds = 2 if rng.random() < SECOND_ROUND else 1
        for n in range(rounds):
            counter = n == 0 and rng.random() < 0.25
            if counter:
                anchor, at = 0, plan[0][0]
            else:
                start = next((i for i, p in enumerate(plan) if p[1] == "start"), None)
                if start is None or start + 1 >= len(plan):
                    return
                anchor = start + 1
                at = rng.randint(plan[start][0], max(plan[start][0], plan[anchor][0]))
            wait = rng.randint(2 * HOUR, 6 * DAY)
            plan.insert(anchor, [at, "request_supplement", (wait, rng.random() < 0.1)])

    def _play(self, life: Life, intake: Intake, proc: Proc, plan: list[list[Any]],
              apology: bool) -> None:
        rng = self.rng
        wt = self.wt
        base = wt.offset(intake.at)
        shift = 0
        last = intake.at
        clerk = intake.clerk
        leader = rng.choice(intake.commune.leaders)
        for position, action, extra in plan:
            if action == "return_result":
                if life.state != "result_ready":
                    return
                at = wt.add(last, self._return_gap(intake, life))
            else:
                at = max(last, wt.at(base + max(1, position) + shift))
            if apology and action in ("approve", "mark_result_ready"):
                apology = False
                sent = self._apologize(life, leader, last, at)
                if sent is None:
                    return
                last = max(last, sent)
            if at > self.now:
                return
            if action != "request_supplement":
                self._act(life, intake, proc, action, extra, at, leader)
                last = at
                if life.state in ("refused", "withdrawn", "stopped", "returned"):
                    return
                continue
            wait, give_up = extra
            actor = clerk if life.state == "received" else life.handler
            assert actor is not None
            items = [rng.choice(proc.docs).name] if proc.docs else ["Tờ khai"]
            life.rounds += 1
            life.resume, life.missing = life.state, items
            life.pauses.append([life.rounds, at, None, items])
            life.emit("request_supplement", "waiting_supplement", actor, at,
                      f'{{"as_role":"{actor.role}","missing_items":{DUMPS(items)},'
                      f'"round":{life.rounds}}}')
            shift += wait
            back = max(at, wt.at(base + max(1, position) + shift))
            if back > self.now:
                return
            if give_up:
                self._end(life, "withdraw", clerk, back, intake)
                return
            life.pauses[-1][2] = back
            previous = life.due
            life.due = self.resumed_due(life, intake, previous)
            resume = life.resume
            life.resume, life.missing = "", []
            life.emit("receive_supplement", resume, clerk, back, (
                f'{{"as_role":"{clerk.role}","due_at":"{iso(life.due)}",'
                f'"paused_from":"{iso(at)}","paused_until":"{iso(back)}",'
                f'"previous_due_at":"{iso(previous)}"}}'))
            last = back

    def _return_gap(self, intake: Intake, life: Life) -> int:
        rng = self.rng
        if life.electronic and intake.channel in ("online", "assisted"):
            return rng.randint(60, 2 * HOUR)
        if intake.channel == "post":
            return rng.randint(DAY, 3 * DAY)
        return rng.randint(10 * 60, 3 * DAY)

    def _apologize(self, life: Life, leader: Person, last: int, settle: int) -> int | None:
        """The apology slip (form 4) for a dossier that will be late: sent on the working
        day before the promise at the latest (``actions.notice_in_time``), with a new date
        it will keep. Returns when it was sent (``last`` when it could no longer be), None
        when that moment is still to come."""
        calendar = self.clock.calendar
        day = datetime.fromtimestamp(life.due, VN_TZ).date() - timedelta(days=1)
        for _ in range(400):
            if calendar.is_working_day(day):
                break
            day -= timedelta(days=1)
        span = self.wt.days.get(day)
        if span is None:
            return last
        start, end = max(last, self.wt.at(span[0] + 1)), self.wt.at(span[1])
        if start > end or start >= life.due:
            return last
        at = self.rng.randint(start, end)
        if at > self.now:
            return None
        settle_day = datetime.fromtimestamp(max(settle, life.due + 1), VN_TZ).date()
        new_due = int(self.clock.day_end(calendar.next_working_day(settle_day)).timestamp())
        reason = self.rng.choice(APOLOGY_REASONS)
        life.apologies.append({"at": iso(at), "reason": reason,
                               "previous_due_at": iso(life.due), "new_due_at": iso(new_due)})
        previous, life.due = life.due, new_due
        life.emit("apologize_and_reschedule", life.state, leader, at, (
            f'{{"as_role":"{leader.role}","due_at":"{iso(new_due)}",'
            f'"previous_due_at":"{iso(previous)}","reason":{STR(reason)}}}'))
        return at

    def _staff(self, commune: Commune, role: str) -> Person:
        pool = commune.heads if role == "division_head" else commune.specialists
        return self.rng.choice(pool)

    def _act(self, life: Life, intake: Intake, proc: Proc, action: str, extra: Any,
             at: int, leader: Person) -> None:
        rng = self.rng
        commune = intake.commune
        clerk = intake.clerk
        if action == "route":
            life.steps = [dict(s) for s in proc.steps]
            life.signature_required = proc.signature_required
            handler = self._staff(commune, life.steps[0]["role"])
            life.handler, life.step_index, life.step_due = handler, None, None
            life.emit("route", "received", clerk, at, (
                f'{{"as_role":"{clerk.role}","handler":"{handler.id}",'
                f'"handler_name":{handler.name_json},'
                f'"signature_required":{"true" if proc.signature_required else "false"},'
                f'"steps":{proc.step_names_json}}}'))
        elif action == "start":
            handler = life.handler
            assert handler is not None
            life.step_index = 0
            life.step_due = self.step_due(life, 0, at)
            life.emit("start", "in_processing", handler, at, (
                f'{{"as_role":"{handler.role}","handler":"{handler.id}",'
                f'"step":{STR(life.steps[0]["name"])},'
                f'"step_due_at":{iso_or_null(life.step_due)},"step_index":0}}'))
        elif action == "forward":
            previous = life.handler
            assert previous is not None and life.step_index is not None
            index = life.step_index + 1
            handler = self._staff(commune, life.steps[index]["role"])
            life.step_index, life.handler = index, handler
            life.step_due = self.step_due(life, index, at)
            life.emit("forward", "in_processing", previous, at, (
                f'{{"as_role":"{previous.role}","handler":"{handler.id}",'
                f'"handler_name":{handler.name_json},"previous_handler":"{previous.id}",'
                f'"step":{STR(life.steps[index]["name"])},'
                f'"step_due_at":{iso_or_null(life.step_due)},"step_index":{index}}}'))
        elif action == "transfer":
            assert proc.transfer_to is not None and life.handler is not None
            life.transfer_to = proc.transfer_to
            life.transfers += 1
            life.emit("transfer", "transferred", life.handler, at, (
                f'{{"as_role":"{life.handler.role}","to_agency":{STR(proc.transfer_to[1])},'
                f'"to_agency_name":{STR(proc.transfer_to[2])}}}'))
        elif action == "receive_back":
            assert life.transfer_to is not None and life.handler is not None
            source, life.transfer_to = life.transfer_to, None
            life.emit("receive_back", "in_processing", life.handler, at, (
                f'{{"as_role":"{life.handler.role}","from_agency":{STR(source[1])},'
                f'"handler":"{life.handler.id}"}}'))
        elif action == "submit_for_signature":
            assert life.handler is not None and life.step_index is not None
            life.emit("submit_for_signature", "waiting_signature", life.handler, at,
                      f'{{"as_role":"{life.handler.role}",'
                      f'"step":{STR(life.steps[life.step_index]["name"])}}}')
        elif action == "reject":
            life.emit("reject", "in_processing", leader, at,
                      f'{{"as_role":"{leader.role}","reason":{STR(rng.choice(REJECT_REASONS))}}}')
        elif action in ("approve", "mark_result_ready"):
            actor = leader if action == "approve" else life.handler
            assert actor is not None
            life.signed = life.signed or action == "approve"
            life.finished = life.ready = at
            life.electronic = bool(extra)
            life.emit(action, "result_ready", actor, at,
                      f'{{"as_role":"{actor.role}",'
                      f'"electronic_result":{"true" if life.electronic else "false"}}}')
        elif action == "return_result":
            if intake.channel == "post":
                channel = "post"
            elif life.electronic and intake.channel in ("online", "assisted"):
                channel = "online"
            else:
                channel = "counter"
            who = intake.applicant[0]
            life.returned = at
            life.collected_by, life.return_channel = who, channel
            life.emit("return_result", "returned", clerk, at,
                      f'{{"as_role":"{clerk.role}","channel":"{channel}",'
                      f'"collected_by":{STR(who)}}}')
        elif action in ("refuse", "withdraw", "stop"):
            if action == "refuse":
                actor = clerk if life.state == "received" else (
                    life.handler if life.state == "in_processing" else leader)
            elif action == "stop":
                if life.state == "received":  # stopping needs a dossier in processing
                    action, actor = "withdraw", clerk
                else:
                    actor = leader
            else:
                actor = clerk
            if life.state == "transferred":  # nothing ends while another agency holds it
                return
            assert actor is not None
            self._end(life, action, actor, at, intake)
        else:  # pragma: no cover - the plan only holds the actions above
            raise ValueError(action)

    def _end(self, life: Life, action: str, actor: Person, at: int, intake: Intake) -> None:
        rng = self.rng
        if action == "withdraw":
            who = intake.applicant[0]
            payload = f'{{"as_role":"{actor.role}","requested_by":{STR(who)}}}'
        else:
            who = rng.choice(STOP_REASONS if action == "stop" else REFUSE_REASONS)
            payload = f'{{"as_role":"{actor.role}","reason":{STR(who)}}}'
        if life.pauses and life.pauses[-1][2] is None:
            life.pauses[-1][2] = at
        life.resume, life.missing = "", []
        life.transfer_to = None
        life.finished = at
        life.reason = who
        target = {"refuse": "refused", "withdraw": "withdrawn", "stop": "stopped"}[action]
        life.emit(action, target, actor, at, payload)

    # -- rows ------------------------------------------------------------------------

    def _rows(self, life: Life, intake: Intake, proc: Proc, *, code: str, entry: int,
              group: str | None, parent: tuple[int, str] | None, main: bool) -> None:
        rng = self.rng
        buffers = self.buffers
        dbtime = self.dbtime
        commune = intake.commune
        name, personal_id, phone, email, address, unit = intake.applicant
        digitized = reused = False
        if main:
            scanned_all = rng.random() < DIGITIZED
            lines = []
            for doc in proc.docs:
                if not doc.mandatory and rng.random() > 0.3:
                    continue
                held = doc.reusable and rng.random() < REUSE
                lines.append([doc, not held, held, not held])
            paper = [line for line in lines if line[1]]
            if paper and not scanned_all:
                rng.choice(paper)[3] = False
            for order, (doc, provided, held, scanned) in enumerate(lines, start=1):
                buffers.documents.append(
                    (life.pk, doc.id, order, doc.name, doc.copies, provided, held, scanned))
            digitized = all(line[3] for line in paper)
            reused = any(line[2] for line in lines)
        for round_, start, end, items in life.pauses:
            buffers.pauses.append((life.pk, round_, dbtime(start),
                                   dbtime(end) if end is not None else None, DUMPS(items)))
        competent = commune.competent[proc.id]
        handler = life.handler
        buffers.dossiers.append({
            "id": life.pk,
            "code": code,
            "province_code": commune.province_code,
            "commune_code": commune.code,
            "receiving_commune_code": commune.code,
            "cross_boundary": intake.cross_boundary,
            "receiving_agency_id": commune.receiving[0],
            "competent_agency_id": competent[0],
            "procedure_id": proc.id,
            "applicant_name": name,
            "applicant_personal_id": personal_id,
            "applicant_phone": phone,
            "applicant_email": email,
            "applicant_address": address,
            "applicant_unit_code": unit,
            "channel": intake.channel,
            "received_by_id": intake.clerk.id,
            "assisted_by_id": intake.helper.id if intake.helper else None,
            "state": life.state,
            "steps": proc.steps_json if life.steps else "[]",
            "step_index": life.step_index,
            "step_due_at": dbtime(life.step_due) if life.step_due else None,
            "handler_id": handler.id if handler else None,
            "signature_required": life.signature_required,
            "signed": life.signed,
            "resume_state": life.resume,
            "missing_items": DUMPS(life.missing) if life.missing else "[]",
            "transferred_to_id": life.transfer_to[0] if life.transfer_to else None,
            "transfer_count": life.transfers,
            "received_at": dbtime(intake.at),
            "due_at": dbtime(life.due),
            "original_due_at": dbtime(self.due(proc, intake.at)),
            "updated_at": dbtime(life.updated),
            "finished_at": dbtime(life.finished) if life.finished else None,
            "result_ready_at": dbtime(life.ready) if life.ready else None,
            "returned_at": dbtime(life.returned) if life.returned else None,
            "collected_by": life.collected_by,
            "return_channel": life.return_channel,
            "outcome_reason": life.reason,
            "supplement_rounds": life.rounds,
            "late_by_supplements": life.rounds > 1,
            "apologies": DUMPS(life.apologies) if life.apologies else "[]",
            "digitized": digitized,
            "electronic_result": life.electronic,
            "data_reused": reused,
            "group_id": group,
            "parent_id": parent[0] if parent else None,
            "register_entry": entry,
            "note": "",
            "version": life.version,
            "last_event_hash": life.head,
        })
