"""The rollups kept by the receiver agree with a direct recount after random sequences of
dossier actions through the real services; rebuild and check."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from django.core.management import call_command

from motcua.accounts.domain import Role
from motcua.errors import MotcuaError

VN = dt.timezone(dt.timedelta(hours=7))
PROCEDURES = ["1.001193", "1.013978", "2.000815", "DP-BHYT-01"]


def _documents(code):
    from motcua.catalog.models import RequiredDocument

    lines = []
    for doc in RequiredDocument.objects.filter(procedure__code=code, requirement="mandatory"):
        if doc.reusable_from_data:
            lines.append({"required_document_id": doc.pk, "from_data_held": True})
        else:
            lines.append({"required_document_id": doc.pk, "scanned": True})
    return lines


def _step(rng, w, dossiers, clock):
    from motcua.dossiers import services
    from motcua.dossiers.models import Dossier

    own = w.own
    clerk, spec, leader = own[Role.CLERK], own[Role.SPECIALIST], own[Role.LEADER]
    at = clock[0] = clock[0] + dt.timedelta(hours=rng.choice([1, 3, 20, 50, 120]))
    if not dossiers or rng.random() < 0.25:
        code = rng.choice(PROCEDURES)
        d = services.receive_dossier(
            clerk, procedure_code=code, applicant_name="Lò Văn Minh",
            applicant_personal_id="012090001234",
            channel=rng.choice(["counter", "online", "post"]), documents=_documents(code),
            received_at=at)
        dossiers.append(d.code)
        return
    d = rng.choice(dossiers)
    actions = {
        "assign": lambda: services.assign(clerk, d, handler=spec, at=at),
        "start": lambda: services.start(spec, d, at=at),
        "supplement": lambda: services.request_supplement(spec, d, missing_items=["Tờ khai"],
                                                          at=at),
        "supplemented": lambda: services.receive_supplement(clerk, d, at=at),
        "submit": lambda: services.submit_for_signature(spec, d, at=at),
        "approve": lambda: services.approve(leader, d, at=at,
                                            electronic_result=rng.random() < 0.5),
        "return": lambda: services.return_result(clerk, d, collected_by="Lò Văn Minh", at=at),
        "refuse": lambda: services.refuse(leader, d, reason="Không đủ điều kiện", at=at),
        "withdraw": lambda: services.withdraw(clerk, d, requested_by="Lò Văn Minh", at=at),
    }
    state = Dossier.objects.get(code=d).state
    natural = {"received": ["assign", "start"], "in_processing": ["supplement", "submit"],
               "waiting_supplement": ["supplemented"], "waiting_signature": ["approve"],
               "result_ready": ["return"]}.get(state, [])
    if natural and rng.random() < 0.85:
        action = actions[rng.choice(natural)]
    else:
        action = actions[rng.choice(sorted(actions))]
    try:
        action()
    except MotcuaError:
        pass  # not allowed in this state: the rollups must not move either


@pytest.mark.parametrize("seed", [1, 2])
def test_random_actions_keep_rollups_equal_to_a_recount(w, seed):
    from motcua.indicators.rollups import check

    rng = random.Random(seed)
    clock = [dt.datetime(2026, 3, 2, 8, 0, tzinfo=VN)]
    dossiers: list[str] = []
    for _ in range(70):
        _step(rng, w, dossiers, clock)
    from motcua.dossiers.models import Dossier
    from motcua.indicators.models import CommuneDay

    states = set(Dossier.objects.values_list("state", flat=True))
    assert len(states) >= 4, states  # the sequence went somewhere
    assert CommuneDay.objects.exists()
    assert check() == []


def test_rebuild_after_bulk_insert_and_check_command(w, bulk):
    from motcua.indicators.models import CommuneDay

    bulk([{"state": "received"}, {"state": "returned",
                                  "finished_at": dt.datetime(2025, 9, 2, 9, 0, tzinfo=VN)}],
         clerk=w.own[Role.CLERK])
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("indicators", "check", stdout=io.StringIO(), stderr=err)
    assert exit_info.value.code == 1
    assert "chênh lệch" in err.getvalue() and "lưu 0, đếm lại 2" in err.getvalue()
    out = io.StringIO()
    call_command("indicators", "rebuild", "--quiet", stdout=out)
    assert "Đã tính lại" in out.getvalue()
    out = io.StringIO()
    call_command("indicators", "check", stdout=out)
    assert "khớp" in out.getvalue()
    row = CommuneDay.objects.get(day=dt.date(2025, 9, 1))
    assert (row.received, row.early, row.in_progress) == (2, 1, 1)


def test_receiver_moves_counters_with_each_action(w):
    from motcua.dossiers import services
    from motcua.indicators.models import CommuneDay, ProcedureDay

    clerk, spec, leader = w.own[Role.CLERK], w.own[Role.SPECIALIST], w.own[Role.LEADER]
    at = dt.datetime(2026, 3, 2, 8, 0, tzinfo=VN)
    d = services.receive_dossier(clerk, procedure_code="2.000815", applicant_name="A", applicant_personal_id="012090001234",
                                 channel="online", documents=_documents("2.000815"),
                                 received_at=at)
    row = CommuneDay.objects.get(commune_code="03390", day=dt.date(2026, 3, 2))
    assert (row.received, row.ch_online, row.in_progress) == (1, 1, 1)
    services.assign(clerk, d, handler=spec, at=at + dt.timedelta(minutes=5))
    services.start(spec, d, at=at + dt.timedelta(minutes=10))
    services.submit_for_signature(spec, d, at=at + dt.timedelta(minutes=20))
    services.approve(leader, d, at=at + dt.timedelta(minutes=30), electronic_result=True)
    row.refresh_from_db()
    assert (row.received, row.in_progress, row.result_ready, row.with_result,
            row.electronic_result) == (1, 0, 1, 1, 1)
    assert row.early + row.on_time == 1
    services.return_result(clerk, d, collected_by="A", at=at + dt.timedelta(hours=1))
    row.refresh_from_db()
    assert (row.result_ready, row.returned) == (0, 1)
    assert ProcedureDay.objects.get(commune_code="03390", day=dt.date(2026, 3, 2)).returned == 1


@pytest.mark.parametrize("period", [
    ("2025-12-15", "2026-03-10"),  # edge days + whole months
    ("2026-01-01", "2026-02-28"),  # whole months only
    ("2026-01-05", "2026-01-20"),  # inside one month
    ("2025-12-31", "2026-01-01"),  # two edge days, no whole month
])
def test_months_and_edge_days_add_up_like_a_direct_count(w, bulk, period):
    from motcua.dossiers.models import Dossier
    from motcua.indicators import selectors
    from motcua.indicators.domain import Figures, contribution
    from motcua.indicators.rollups import facts_of, rebuild

    start = dt.datetime(2025, 12, 1, 0, 30, tzinfo=VN)
    bulk([{"received_at": start + dt.timedelta(hours=29 * i), "state": "returned",
           "finished_at": start + dt.timedelta(hours=29 * i + 5 * (i % 20)),
           "channel": ["counter", "online", "post"][i % 3]} for i in range(300)],
         clerk=w.own[Role.CLERK])
    rebuild()
    p = selectors.Period(dt.date.fromisoformat(period[0]), dt.date.fromisoformat(period[1]))
    expected = Figures.of(
        contribution(facts_of(d)) for d in Dossier.objects.filter(
            commune_code="03390", received_at__gte=p.start, received_at__lt=p.end))
    assert expected.received > 0
    got = selectors.commune_figures("03390", p)
    assert got.counts == expected.counts
    filtered = selectors.commune_figures("03390", p, selectors.Filters(procedure_code="1.001193"))
    assert filtered.counts == expected.counts  # every dossier here is a birth registration
    months = selectors.monthly_trend(p, commune_code="03390")
    assert sum(f.received for _, f in months) == expected.received
