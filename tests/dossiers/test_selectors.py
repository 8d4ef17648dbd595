"""Reads: scoping, worklists, detail, timeline, the register."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.accounts.domain import Role
from motcua.dossiers import selectors, services
from motcua.dossiers.domain import Status
from motcua.errors import InvalidInput, NotFound

LAND, BIRTH, HEALTH_CARD = "1.013978", "1.001193", "DP-BHYT-01"
VN = dt.timezone(dt.timedelta(hours=7))


def test_visible_dossiers_are_scoped_by_commune_and_province(w, receive):
    d = receive(LAND)
    elsewhere = receive(LAND, clerk=w.other[Role.CLERK])
    for role in Role:
        mine = set(selectors.visible_dossiers(w.own[role]))
        theirs = set(selectors.visible_dossiers(w.other[role]))
        if role is Role.VILLAGE_TEAM:
            assert mine == theirs == set()
        elif role in (Role.PROVINCE_OVERSEER, Role.ADMIN):
            assert mine == {d, elsewhere} and theirs == set()  # Lai Châu vs Hà Nội
        else:
            assert mine == {d} and theirs == {elsewhere}, role


def test_detail_of_another_communes_dossier_is_not_found(w, receive):
    d = receive(LAND)
    with pytest.raises(NotFound) as err:
        selectors.dossier_detail(w.other[Role.CLERK], d.code)
    assert err.value.status == 404 and err.value.code == "dossier.not_found"
    # the same answer as for a code that does not exist: nothing leaks
    with pytest.raises(NotFound) as missing:
        selectors.dossier_detail(w.other[Role.CLERK], d.code[:-4] + "9999")
    assert missing.value.code == err.value.code
    detail = selectors.dossier_detail(w.own[Role.CLERK], d.code.lower())
    assert detail.dossier == d and len(detail.documents) == 2
    assert detail.allowed_actions == sorted(["route", "refuse", "request_supplement",
                                             "withdraw"]) + ["add_note", "attach"]
    assert detail.events[0].label == "Tiếp nhận hồ sơ" and detail.events[0].to_label == "Đã tiếp nhận"


def test_allowed_actions_follow_the_handler(w, dossier_in):
    d = dossier_in("in_processing")
    spec = selectors.actions_for(w.own[Role.SPECIALIST], d)
    assert {"forward", "submit_for_signature", "request_supplement", "transfer"} <= set(spec)
    other_spec = selectors.actions_for(w.specialist2, d)
    assert "forward" not in other_spec and "add_note" in other_spec
    assert selectors.actions_for(w.own[Role.PROVINCE_OVERSEER], d) == []
    assert selectors.actions_for(w.own[Role.ADMIN], d) == ["reassign"]


def test_worklists(w, dossier_in, receive):
    now = dt.datetime.now(tz=VN)
    new = receive(BIRTH)
    working = dossier_in("in_processing")
    waiting = dossier_in("waiting_supplement")
    signing = dossier_in("waiting_signature")
    ready = dossier_in("result_ready")
    overdue = receive(LAND, received_at=now - dt.timedelta(days=60))
    clerk, spec, leader = w.own[Role.CLERK], w.own[Role.SPECIALIST], w.own[Role.LEADER]

    def codes(official, kind):
        return {d.code for d in selectors.worklist(official, kind, now=now)}

    assert new.code in codes(clerk, "new") and overdue.code in codes(clerk, "new")
    assert working.code not in codes(clerk, "new")
    assert codes(clerk, "overdue") == {overdue.code}
    assert codes(clerk, "waiting_supplement") == {waiting.code}
    assert codes(leader, "waiting_my_signature") == {signing.code}
    assert codes(clerk, "waiting_my_signature") == set()
    assert codes(clerk, "result_ready") == {ready.code}
    assert codes(spec, "mine") == {working.code, waiting.code, signing.code}
    # a specialist's lists hold their own dossiers only
    assert codes(spec, "new") == set() and codes(spec, "overdue") == set()
    assert len(codes(clerk, "all")) == 6
    assert codes(w.other[Role.CLERK], "all") == set()
    counts = selectors.worklist_counts(clerk, now=now)
    assert counts["overdue"] == 1 and counts["waiting_supplement"] == 1
    with pytest.raises(InvalidInput):
        selectors.worklist(clerk, "everything")


def test_due_soon_means_by_the_end_of_the_next_working_day(w, receive):
    received = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN)  # Monday
    d = receive(BIRTH, received_at=received)  # same day: due Monday 17:00
    later = receive(LAND, received_at=received)
    clerk = w.own[Role.CLERK]
    monday_morning = dt.datetime(2026, 3, 2, 10, 0, tzinfo=VN)
    assert [x.code for x in selectors.worklist(clerk, "due_soon", now=monday_morning)] == [d.code]
    assert later.code not in {x.code for x in selectors.worklist(clerk, "due_soon",
                                                                  now=monday_morning)}
    tuesday = dt.datetime(2026, 3, 3, 10, 0, tzinfo=VN)
    assert [x.code for x in selectors.worklist(clerk, "overdue", now=tuesday)] == [d.code]


def test_timeline_lists_every_event_with_labels(w, dossier_in):
    d = dossier_in("waiting_signature")
    services.add_note(w.own[Role.LEADER], d, text="Xem lại trích đo")
    entries = selectors.timeline(d)
    assert [e.action for e in entries] == ["receive", "route", "start", "submit_for_signature",
                                           "add_note"]
    assert entries[-1].label == "Ghi chú" and not entries[-1].changes_state
    assert entries[3].from_label == "Đang xử lý" and entries[3].to_label == "Chờ ký duyệt"
    assert all(e.actor_name.startswith("Cán bộ") for e in entries)


def test_register_rows_cover_a_date_range_of_the_counter(w, receive):
    day = dt.date(2026, 3, 2)
    first = receive(BIRTH, received_at=dt.datetime(2026, 3, 2, 8, 0, tzinfo=VN),
                    applicant_address="bản Nà Đon, xã Bình Lư")
    second = receive(LAND, received_at=dt.datetime(2026, 3, 2, 23, 59, tzinfo=VN))
    receive(BIRTH, received_at=dt.datetime(2026, 3, 3, 0, 1, tzinfo=VN))
    receive(LAND, clerk=w.other[Role.CLERK], received_at=dt.datetime(2026, 3, 2, 9, tzinfo=VN))
    services.assign(w.own[Role.CLERK], first, handler=w.own[Role.SPECIALIST])
    services.start(w.own[Role.SPECIALIST], first)
    services.submit_for_signature(w.own[Role.SPECIALIST], first)
    services.approve(w.own[Role.LEADER], first)
    rows = selectors.register_rows("03390", day, day)
    assert [r.code for r in rows] == [first.code, second.code]
    assert rows[0].entry == 1 and rows[0].procedure_name == "Đăng ký khai sinh"
    assert rows[0].applicant_address == "bản Nà Đon, xã Bình Lư"
    assert rows[0].state == Status.RESULT_READY and rows[0].outcome == "late"  # same day, done later
    assert rows[1].outcome == "" and len(rows[1].documents) == 2
    assert len(selectors.register_rows("03390", day, day + dt.timedelta(days=1))) == 3
    with pytest.raises(InvalidInput):
        selectors.register_rows("03390", day, day - dt.timedelta(days=1))
