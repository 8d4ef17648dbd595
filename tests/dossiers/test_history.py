"""The demo history generator (``motcua demo generate``): what it writes must be what the
services would have written — valid chains, the state machine's records and states,
consistent codes and daily numbers — and the real services must carry its dossiers on."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.dossiers import domain as d
from motcua.dossiers.models import DailySequence, Dossier, DossierEvent, DossierPause
from motcua.dossiers.services.chain import record_of
from motcua.dossiers.services.history import generate_history
from motcua.dossiers.services.state import state_of

BINH_LU = "03390"
VN = dt.timezone(dt.timedelta(hours=7))
START = dt.date(2026, 3, 2)
END = dt.datetime(2026, 4, 10, 12, 0, tzinfo=VN)


def _generate(**kwargs):
    options = {"start": START, "end": END, "scale": 0.5, "seed": 3, "communes": [BINH_LU]}
    options.update(kwargs)
    return generate_history("Lai Châu", **options)


@pytest.fixture
def history(w):
    report = _generate()
    assert report.dossiers > 300
    return report


def test_generated_chains_verify(history):
    out = StringIO()
    call_command("audit", "verify", "--quiet", stdout=out)
    assert "toàn vẹn" in out.getvalue()
    assert DossierEvent.objects.count() == history.events
    assert Dossier.objects.count() == history.dossiers


def test_codes_registers_and_daily_sequences_agree(history):
    rows = list(Dossier.objects.values_list("code", "received_at", "register_entry",
                                            "receiving_agency__electronic_id"))
    codes = [r[0] for r in rows]
    assert len(codes) == len(set(codes))
    by_day: dict[tuple[str, dt.date], list[int]] = {}
    for code, received_at, _, agency in rows:
        parsed = d.parse_code(code)
        assert parsed.agency_id == agency
        assert parsed.day == received_at.astimezone(VN).date()
        by_day.setdefault((agency, parsed.day), []).append(parsed.seq)
    stored = {(a, day): last for a, day, last in DailySequence.objects.filter(
        scope=DailySequence.CODE).values_list("agency_electronic_id", "day", "last")}
    for key, seqs in by_day.items():
        assert sorted(seqs) == list(range(1, len(seqs) + 1))
        assert stored[key] == len(seqs)
    entries = sorted(r[2] for r in rows)
    assert entries == list(range(1, len(entries) + 1))
    # codes follow the order of reception
    ordered = sorted(rows, key=lambda r: (r[1], r[0]))
    assert [r[2] for r in ordered] == sorted(r[2] for r in ordered)


def test_the_mix_looks_like_the_reports(history):
    states = Counter(Dossier.objects.values_list("state", flat=True))
    assert states["returned"] > 0.8 * history.dossiers
    assert {"refused", "withdrawn"} & set(states)
    channels = Counter(Dossier.objects.filter(parent=None).values_list("channel", flat=True))
    online = (channels["online"] + channels["assisted"]) / sum(channels.values())
    assert online > 0.85  # Bình Lư: over 90% online
    assert 0.9 < history.digitized / history.intakes <= 1
    settled = sum(history.outcomes.values())
    assert (history.outcomes["early"] + history.outcomes["on_time"]) / settled > 0.97
    assert Dossier.objects.filter(supplement_rounds__gt=0).exists()
    assert Dossier.objects.exclude(group_id=None).exists()  # the newborn group


def _actor(official_roles: dict[int, frozenset], ref: str) -> d.Actor:
    return d.Actor(user_id=ref, roles=official_roles[int(ref)])


def _command(row: DossierEvent, actor: d.Actor, dossier: Dossier, previous_due):
    p = row.payload
    at = row.at
    kind = row.action
    if kind == "route":
        return d.Route(actor=actor, at=at, steps=tuple(p["steps"]), handler=p["handler"],
                       signature_required=p["signature_required"])
    if kind == "start":
        return d.Start(actor=actor, at=at)
    if kind == "forward":
        return d.Forward(actor=actor, at=at, handler=p["handler"])
    if kind == "request_supplement":
        return d.RequestSupplement(actor=actor, at=at, missing_items=tuple(p["missing_items"]))
    if kind == "receive_supplement":
        return d.ReceiveSupplement(actor=actor, at=at,
                                   new_due_at=dt.datetime.fromisoformat(p["due_at"]))
    if kind == "submit_for_signature":
        return d.SubmitForSignature(actor=actor, at=at)
    if kind == "approve":
        return d.Approve(actor=actor, at=at, electronic_result=p["electronic_result"])
    if kind == "mark_result_ready":
        return d.MarkResultReady(actor=actor, at=at, electronic_result=p["electronic_result"])
    if kind == "reject":
        return d.Reject(actor=actor, at=at, reason=p["reason"])
    if kind == "return_result":
        return d.ReturnResult(actor=actor, at=at, collected_by=p["collected_by"],
                              channel=d.ReturnChannel(p["channel"]))
    if kind == "refuse":
        return d.Refuse(actor=actor, at=at, reason=p["reason"])
    if kind == "stop":
        return d.Stop(actor=actor, at=at, reason=p["reason"])
    if kind == "withdraw":
        return d.Withdraw(actor=actor, at=at, requested_by=p["requested_by"])
    if kind == "transfer":
        return d.Transfer(actor=actor, at=at, to_agency=p["to_agency"])
    if kind == "receive_back":
        return d.ReceiveBack(actor=actor, at=at)
    if kind == "apologize_and_reschedule":
        from motcua.dossiers.services.actions import notice_in_time

        stub = SimpleNamespace(province_code=dossier.province_code, due_at=previous_due)
        return d.ApologizeAndReschedule(
            actor=actor, at=at, reason=p["reason"],
            new_due_at=dt.datetime.fromisoformat(p["due_at"]),
            notice_in_time=notice_in_time(stub, at))
    raise AssertionError(kind)


def test_every_generated_chain_replays_through_the_state_machine(history):
    """Each stored record is what ``domain.apply`` produces for that action by that
    official at that time (the services' extras aside), and the dossier row is the
    machine's final state."""
    from motcua.accounts.models import Official

    roles = {o.pk: o.role_set for o in Official.objects.prefetch_related("roles")}
    events: dict[int, list[DossierEvent]] = {}
    for row in DossierEvent.objects.order_by("dossier_id", "seq"):
        events.setdefault(row.dossier_id, []).append(row)
    pauses: dict[int, list[DossierPause]] = {}
    for pause in DossierPause.objects.order_by("started_at", "id"):
        pauses.setdefault(pause.dossier_id, []).append(pause)
    seen = Counter()
    for dossier in Dossier.objects.select_related("transferred_to"):
        rows = events[dossier.pk]
        first = rows[0]
        state, event = d.receive(d.Receive(
            actor=_actor(roles, first.actor_ref), at=first.at,
            due_at=dt.datetime.fromisoformat(first.payload["due_at"]),
            channel=d.Channel(first.payload["channel"])))
        records = [event.record()]
        for row in rows[1:]:
            command = _command(row, _actor(roles, row.actor_ref), dossier, state.due_at)
            state, event = d.apply(state, command)
            records.append(event.record())
        for row, machine in zip(rows, records, strict=True):
            stored = record_of(row)
            seen[row.action] += 1
            assert {k: v for k, v in stored.items() if k != "payload"} == {
                k: v for k, v in machine.items() if k != "payload"}, row
            assert {k: stored["payload"].get(k) for k in machine["payload"]} == \
                machine["payload"], row
        assert d.invariant_violations(state) == []
        assert state_of(dossier, pauses.get(dossier.pk, [])) == state, dossier.code
        assert dossier.version == len(rows) and dossier.last_event_hash == rows[-1].hash
    assert {"receive", "route", "start", "approve", "return_result", "request_supplement",
            "receive_supplement", "withdraw"} <= set(seen)


def test_the_services_carry_generated_dossiers_on(history):
    from motcua.accounts.models import Official
    from motcua.dossiers import services

    leader = Official.objects.get(username="binhlu.lanhdao")
    clerk = Official.objects.get(username="binhlu.tiepnhan")
    moved = 0
    for dossier in Dossier.objects.filter(state="waiting_signature")[:3]:
        services.approve(leader, dossier.code, electronic_result=True)
        moved += 1
    for dossier in Dossier.objects.filter(state="result_ready")[:3]:
        services.return_result(clerk, dossier.code, collected_by=dossier.applicant_name)
        moved += 1
    for dossier in Dossier.objects.filter(state="in_processing").select_related("handler")[:3]:
        services.add_note(dossier.handler, dossier.code, text="Đã kiểm tra hồ sơ.")
        moved += 1
    assert moved >= 3
    out = StringIO()
    call_command("audit", "verify", "--quiet", stdout=out)
    assert "toàn vẹn" in out.getvalue()


def test_a_new_intake_takes_the_next_number_of_the_day(w, docs):
    from motcua.accounts.models import Official
    from motcua.dossiers import services

    _generate(start=dt.date.today() - dt.timedelta(days=6), end=None, scale=1.0)
    clerk = Official.objects.get(username="binhlu.tiepnhan")
    today = dt.datetime.now(VN).date()
    last = DailySequence.objects.filter(scope=DailySequence.CODE, day=today).values_list(
        "last", flat=True).first() or 0
    dossier = services.receive_dossier(
        clerk, procedure_code="2.000815", applicant_name="Lò Văn Mới",
        applicant_personal_id="012090001234", documents=docs("2.000815"))
    assert dossier.code.endswith(f"-{last + 1:04d}")
    assert Dossier.objects.filter(received_at__gt=dossier.received_at).count() == 0


def test_same_seed_same_history_and_if_empty(w):
    _generate(start=START, end=dt.datetime(2026, 3, 3, 12, tzinfo=VN))  # the staff exists
    heads = []
    for _ in range(2):
        sid = transaction.savepoint()
        _generate(start=dt.date(2026, 3, 9), end=dt.datetime(2026, 3, 20, 17, tzinfo=VN))
        heads.append(sorted(Dossier.objects.filter(received_at__gte=dt.datetime(
            2026, 3, 9, tzinfo=VN)).values_list("code", "state", "last_event_hash")))
        transaction.savepoint_rollback(sid)
    assert heads[0] == heads[1] and len(heads[0]) > 50
    report = _generate(if_empty=True)
    assert report.skipped and report.dossiers == 0


def test_the_command_prints_the_indicators(w):
    out = StringIO()
    call_command("demo", "generate", "--commune", BINH_LU, "--from", "2026-03-02", "--to",
                 "2026-03-13", "--scale", "0.5", "--quiet", stdout=out)
    text = out.getvalue()
    assert "Đã sinh" in text and "trước hạn" in text and "Nộp trực tuyến" in text
    # Satisfaction has data: a share of the handed-back dossiers is rated.
    from motcua.portal.models import Rating

    assert "đánh giá mức độ hài lòng" in text and Rating.objects.filter(
        commune_code=BINH_LU, dossier__state="returned").exists()
    out = StringIO()
    call_command("demo", "generate", "--if-empty", "--quiet", stdout=out)
    assert "không sinh thêm" in out.getvalue()


@settings(max_examples=60, deadline=None)
@given(minutes=st.integers(0, 60 * 24 * 30), seconds=st.integers(1, 3 * 8 * 3600),
       days=st.sampled_from(["0", "1", "3", "15"]))
def test_worktime_and_due_match_the_clock(minutes, seconds, days):
    """The generator's fast working time and due dates are the workdays clock's."""
    import random

    from motcua.dossiers.services.history_life import Simulator
    from motcua.dossiers.services.history_parts import Proc, WorkTime
    from motcua.workdays.domain import DEFAULT_CUTOFF, Calendar, Limit, WorkClock
    from motcua.workdays.domain.shipped import shipped_exceptions, shipped_office_hours

    clock = _CLOCK.get("") or _CLOCK.setdefault("", WorkClock(
        Calendar(shipped_exceptions("")), shipped_office_hours(""), DEFAULT_CUTOFF))
    start = dt.date(2026, 1, 20)
    wt = _WT.get(start) or _WT.setdefault(start, WorkTime(clock, start, start + dt.timedelta(
        days=120)))
    moment = dt.datetime(2026, 1, 26, 6, 0, tzinfo=VN) + dt.timedelta(minutes=minutes)
    ts = int(moment.timestamp())
    assert wt.add(ts, seconds) == int(clock.add_working_time(
        moment, dt.timedelta(seconds=seconds)).timestamp())
    limit = Limit.same_day() if days == "0" else Limit.days(int(days))
    sim = Simulator(clock=clock, worktime=wt, now=ts, rng=random.Random(0), dbtime=str)
    proc = Proc(id=1, code="x", limit=limit, steps=[], signature_required=True, docs=[],
                online=True)
    assert sim.due(proc, ts) == int(clock.due(moment, limit).timestamp())


_WT: dict = {}
_CLOCK: dict = {}
