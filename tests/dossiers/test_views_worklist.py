"""Worklists (/ho-so/?ds=…) and the counts on the landing page: the right dossiers per
role and commune, due dates marked, filter and pages."""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import re

import pytest
import views_fixtures as h  # noqa: E402  (tests/dossiers is on pythonpath)

from motcua.accounts.domain import Role
from motcua.dossiers import services

VN = dt.timezone(dt.timedelta(hours=7))


def _codes(response) -> list[str]:
    return re.findall(r'<td class="code"><a href="/ho-so/([^/]+)/">', response.content.decode())


def _tab_count(response, kind: str) -> int:
    found = re.search(rf'href="\?ds={kind}"[^>]*>[^<]*<span class="count">(\d+)</span>',
                      response.content.decode())
    assert found is not None, kind
    return int(found.group(1))


def test_each_role_sees_its_own_lists(w, dossier_in):
    received = dossier_in("received")
    routed = dossier_in("routed")
    signing = dossier_in("waiting_signature")
    clerk = h.client_for(w.own[Role.CLERK])
    spec = h.client_for(w.own[Role.SPECIALIST])
    leader = h.client_for(w.own[Role.LEADER])

    new = clerk.get("/ho-so/")  # the clerk starts on the new dossiers
    assert new.status_code == 200
    assert set(_codes(new)) == {received.code, routed.code}
    assert _tab_count(new, "new") == 2 and _tab_count(new, "waiting_my_signature") == 0
    assert h.client_for(w.other[Role.CLERK]).get("/ho-so/?ds=all").content.decode().count(
        '<td class="code">') == 0

    mine = spec.get("/ho-so/")  # a specialist starts on what they hold
    assert set(_codes(mine)) == {routed.code, signing.code}
    assert _codes(spec.get("/ho-so/?ds=new")) == [routed.code]  # only their own

    sign = leader.get("/ho-so/")  # a leader starts on what waits for their signature
    assert _codes(sign) == [signing.code]
    text = h.page_text(sign)
    assert "********1234" in text and "012090001234" not in text
    assert "Chờ ký duyệt" in text and str(w.own[Role.SPECIALIST]) in text


def test_due_dates_are_marked_and_overdue_listed(w, receive):
    late = receive("1.001193", received_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN))
    fresh = receive("1.013978")
    clerk = h.client_for(w.own[Role.CLERK])
    overdue = clerk.get("/ho-so/?ds=overdue")
    assert _codes(overdue) == [late.code]
    assert 'class="nowrap due overdue"' in overdue.content.decode()
    every = clerk.get("/ho-so/?ds=all").content.decode()
    row = re.search(rf"{re.escape(fresh.code)}.*?</tr>", every, flags=re.S).group(0)
    assert "overdue" not in row and "due-soon" not in row


def test_filter_by_code_or_name_and_pages(w, receive, monkeypatch):
    worklist_view = importlib.import_module("motcua.dossiers.views.worklist")
    a = receive("1.001193", applicant_name="Lò Thị Mai")
    b = receive("1.001193", applicant_name="Tòng Văn Pản")
    c = receive("1.001193", applicant_name="Lò Văn Sáng")
    clerk = h.client_for(w.own[Role.CLERK])
    assert set(_codes(clerk.get("/ho-so/", {"ds": "new", "q": "Lò"}))) == {a.code, c.code}
    assert _codes(clerk.get("/ho-so/", {"ds": "new", "q": b.code[-4:]})) == [b.code]
    assert "Không có hồ sơ nào khớp bộ lọc" in h.page_text(
        clerk.get("/ho-so/", {"ds": "new", "q": "không ai"}))
    monkeypatch.setattr(worklist_view, "PER_PAGE", 2)
    first = clerk.get("/ho-so/", {"ds": "new"})
    second = clerk.get("/ho-so/", {"ds": "new", "trang": 2})
    assert len(_codes(first)) == 2 and len(_codes(second)) == 1
    assert "Trang 1/2" in h.page_text(first) and 'rel="next"' in first.content.decode()


def test_unknown_list_is_a_clear_400(w):
    response = h.client_for(w.own[Role.CLERK]).get("/ho-so/?ds=lung-tung")
    assert response.status_code == 400
    assert "Không có danh sách «lung-tung»" in h.page_text(response)


def test_landing_page_shows_the_counts_with_links(w, dossier_in):
    d = dossier_in("waiting_supplement")
    response = h.client_for(w.own[Role.CLERK]).get("/lam-viec/")
    body = response.content.decode()
    assert re.search(r'href="/ho-so/\?ds=waiting_supplement"><span class="count">1</span>', body)
    assert 'href="/ho-so/tiep-nhan/"' in body
    spec = h.client_for(w.own[Role.SPECIALIST]).get("/lam-viec/").content.decode()
    assert 'href="/ho-so/tiep-nhan/"' not in spec  # only the counter receives
    services.receive_supplement(w.own[Role.CLERK], d)
    body = h.client_for(w.own[Role.CLERK]).get("/lam-viec/").content.decode()
    assert re.search(r'href="/ho-so/\?ds=waiting_supplement"><span class="count">0</span>', body)


@pytest.mark.parametrize("url", ["/ho-so/", "/ho-so/so-theo-doi/", "/lam-viec/"])
def test_login_required(client, w, url):
    response = client.get(url)
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]
