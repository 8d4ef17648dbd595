"""Worklists read branch by branch (``selectors.fast_worklist``) return the same dossiers in
the same order as the plain query, for every list, every role and any page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.paginator import Paginator

from motcua.accounts.domain import Role
from motcua.dossiers import selectors, services
from motcua.dossiers.models import Dossier

LAND, BIRTH = "1.013978", "1.001193"
VN = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def history(w, receive):
    """Dossiers of both communes, some received in Bình Lư for Mường Than and back, at
    distinct and equal times (ties are broken by id)."""
    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=VN)
    own, other = w.own[Role.CLERK], w.other[Role.CLERK]
    made = []
    for i in range(14):
        at = start + dt.timedelta(hours=i // 2)  # pairs share a reception time
        clerk = own if i % 3 else other
        kwargs = {}
        if i % 5 == 0 and clerk is own:
            kwargs["competent_commune_code"] = other.commune_code
        elif i % 7 == 0 and clerk is other:
            kwargs["competent_commune_code"] = own.commune_code
        made.append(receive(LAND if i % 2 else BIRTH, clerk=clerk, received_at=at, **kwargs))
    services.assign(own, made[1], handler=w.own[Role.SPECIALIST])
    services.start(w.own[Role.SPECIALIST], made[1])
    services.request_supplement(w.own[Role.SPECIALIST], made[1], missing_items=["Trích đo"])
    services.assign(own, made[2], handler=w.own[Role.SPECIALIST])
    services.start(w.own[Role.SPECIALIST], made[2])
    services.submit_for_signature(w.own[Role.SPECIALIST], made[2])
    return made


NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=VN)


@pytest.mark.parametrize("kind", list(selectors.WORKLIST_KINDS))
@pytest.mark.parametrize("role", [Role.CLERK, Role.SPECIALIST, Role.LEADER,
                                  Role.PROVINCE_OVERSEER, Role.ADMIN, Role.VILLAGE_TEAM])
@pytest.mark.parametrize("side", ["own", "other"])
def test_same_rows_and_order_as_the_plain_query(w, history, role, side, kind):
    official = getattr(w, side)[role]
    expected = [d.code for d in selectors.worklist(official, kind, now=NOW)]
    fast = selectors.fast_worklist(official, kind, now=NOW)
    assert fast.count() == len(expected)
    assert [d.code for d in fast[0:len(expected) + 3]] == expected
    for start in range(0, len(expected) + 1, 3):
        assert [d.code for d in fast[start:start + 4]] == expected[start:start + 4]
    pages = Paginator(fast, 5)
    assert [d.code for n in pages.page_range for d in pages.page(n).object_list] == expected


def test_the_lists_under_test_are_not_empty(w, history):
    clerk = w.own[Role.CLERK]
    sizes = {k: selectors.fast_worklist(clerk, k, now=NOW).count()
             for k in ("new", "overdue", "waiting_supplement", "all")}
    assert all(sizes.values()), sizes


def test_cross_commune_dossiers_appear_once_for_the_receiving_commune(w, history):
    clerk = w.own[Role.CLERK]
    codes = [d.code for d in selectors.fast_worklist(clerk, "all")[0:100]]
    assert len(codes) == len(set(codes))
    for_other = Dossier.objects.filter(receiving_commune_code=clerk.commune_code).exclude(
        commune_code=clerk.commune_code)
    assert for_other.exists() and set(for_other.values_list("code", flat=True)) <= set(codes)
    handled_here = Dossier.objects.filter(commune_code=clerk.commune_code).exclude(
        receiving_commune_code=clerk.commune_code)
    assert handled_here.exists() and set(handled_here.values_list("code", flat=True)) <= set(codes)
