"""Dashboards, downloads and open data: what each role sees, and that the figures on the
page are the rollups' figures."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re

import pytest
from django.test import Client

from motcua.accounts.domain import Role

VN = dt.timezone(dt.timedelta(hours=7))
BINH_LU, MUONG_THAN = "03390", "03618"


def client_for(official) -> Client:
    c = Client()
    c.force_login(official)
    return c


def text(response) -> str:
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture
def data(w, bulk):
    from motcua.indicators.rollups import rebuild

    day = dt.datetime(2026, 1, 5, 8, 0, tzinfo=VN)
    specs = [{"received_at": day, "state": "returned", "finished_at": day + dt.timedelta(hours=2),
              "digitized": True, "electronic_result": True}] * 3
    specs += [{"received_at": day, "state": "in_processing",
               "due_at": day + dt.timedelta(days=1)}]  # overdue since 6/1/2026
    bulk(specs, clerk=w.own[Role.CLERK])
    bulk([{"received_at": day, "channel": "counter"}], commune=MUONG_THAN,
         clerk=w.other[Role.CLERK])
    rebuild()
    return w


Q = {"tu": "2026-01-01", "den": "2026-01-31"}


def test_province_overseer_sees_every_commune_side_by_side(data):
    from motcua.units.models import Unit

    c = client_for(data.own[Role.PROVINCE_OVERSEER])
    home = c.get("/chi-so/")
    assert home.status_code == 302 and home["Location"] == "/chi-so/tinh/12/"
    r = c.get("/chi-so/tinh/12/", Q)
    assert r.status_code == 200
    body = r.content.decode()
    rows = re.findall(r'<tr data-commune="(\d+)">', body)
    assert len(rows) == Unit.objects.filter(province_id="12").count() == 38
    page = text(r)
    assert "Bình Lư" in page and "Mường Than" in page
    assert "<svg" in body and "http://" not in body.replace("http://www.w3.org/2000/svg", "")
    # Ranking by on-time rate: Bình Lư (3 of 3 settled in time) first.
    assert rows[0] == BINH_LU


def test_drill_down_commune_procedure_dossier(data):
    c = client_for(data.own[Role.PROVINCE_OVERSEER])
    r = c.get(f"/chi-so/xa/{BINH_LU}/", Q)
    assert r.status_code == 200
    page = text(r)
    assert "Tổng số hồ sơ tiếp nhận theo kỳ báo cáo là: 4 hồ sơ" in page
    link = re.search(r'href="(/chi-so/xa/03390/thu-tuc/[^/"]+/)\?', r.content.decode()).group(1)
    r = c.get(link, Q)
    assert r.status_code == 200
    codes = re.findall(r'href="/ho-so/([^/"]+)/"', r.content.decode())
    assert len(codes) == 4
    # A province overseer says why before opening a commune's dossier (docs/privacy.md).
    asked = c.get(f"/ho-so/{codes[0]}/")
    assert asked.status_code == 302 and "/du-lieu-ca-nhan/ly-do/" in asked["Location"]
    c.post(asked["Location"], {"reason": "Theo dõi chỉ số của xã"})
    assert c.get(f"/ho-so/{codes[0]}/").status_code == 200


def test_commune_leader_sees_own_commune_only(data):
    c = client_for(data.own[Role.LEADER])
    assert c.get("/chi-so/")["Location"] == f"/chi-so/xa/{BINH_LU}/"
    r = c.get(f"/chi-so/xa/{BINH_LU}/", Q)
    assert r.status_code == 200
    page = text(r)
    assert "Đang quá hạn" in page
    # Workload: the own clerk received the four dossiers of Bình Lư.
    assert re.search(r"Cán bộ t-own-clerk 4 0 0", page), page[page.find("Theo cán bộ"):][:300]
    assert re.search(r"Thủ tục cấp xã cung cấp trực tuyến: \d+ toàn trình, \d+ một phần", page)
    assert c.get(f"/chi-so/xa/{MUONG_THAN}/", Q).status_code == 404
    assert c.get("/chi-so/tinh/12/", Q).status_code == 404
    assert c.get(f"/chi-so/xa/{MUONG_THAN}/bao-cao.docx", Q).status_code == 404


def test_clerk_and_other_province_are_refused(data):
    clerk = client_for(data.own[Role.CLERK])
    assert clerk.get("/chi-so/").status_code == 403
    assert clerk.get(f"/chi-so/xa/{BINH_LU}/").status_code == 404
    other = client_for(data.other[Role.PROVINCE_OVERSEER])  # Hà Nội
    assert other.get("/chi-so/tinh/12/").status_code == 404
    assert Client().get("/chi-so/tinh/12/").status_code == 302  # to the login page


def test_bad_period_is_a_400_not_a_500(data):
    c = client_for(data.own[Role.PROVINCE_OVERSEER])
    assert c.get("/chi-so/tinh/12/", {"tu": "2026-02-01", "den": "2026-01-01"}).status_code == 400
    assert c.get("/chi-so/tinh/12/", {"tu": "hôm qua"}).status_code == 400
    assert c.get(f"/chi-so/xa/{BINH_LU}/bao-cao.pdf").status_code == 400


def test_downloads_and_open_data(data):
    from docx import Document
    from openpyxl import load_workbook

    c = client_for(data.own[Role.PROVINCE_OVERSEER])
    r = c.get(f"/chi-so/xa/{BINH_LU}/bao-cao.docx", Q)
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    first = Document(io.BytesIO(r.content)).paragraphs[0].text
    assert first.startswith("Tổng số hồ sơ tiếp nhận theo kỳ báo cáo là: 4 hồ sơ")
    assert "số hồ sơ quá hạn 1 hồ sơ" in first
    r = c.get("/chi-so/tinh/12/bao-cao.xlsx", Q)
    ws = load_workbook(io.BytesIO(r.content)).active
    names = [row[1] for row in ws.iter_rows(values_only=True)]
    assert "Tổng cộng" in names and len([n for n in names if n]) >= 38
    r = c.get("/chi-so/tinh/12/chi-so.csv", Q)
    rows = list(csv.DictReader(io.StringIO(r.content.decode())))
    assert len(rows) == 38
    bl = next(x for x in rows if x["commune_code"] == BINH_LU)
    assert (bl["received"], bl["early"], bl["overdue"], bl["digitization_rate"]) == (
        "4", "3", "1", "75.0")

    r = c.get("/api/indicators/provinces/12", Q)
    assert r.status_code == 200
    body = r.json()
    assert len(body["communes"]) == 38
    assert body["total"]["received"] == 5
    offer = body["procedures_online"]
    assert offer["fully"] + offer["partly"] + offer["in_person"] > 0
    api_csv = c.get("/api/indicators/provinces/12/csv", Q)
    assert api_csv.status_code == 200 and api_csv.content.decode().count("\n") == 39
    r = c.get(f"/api/indicators/communes/{BINH_LU}", Q)
    assert r.json()["total"]["overdue"] == 1


def test_api_is_scoped_and_token_works(data):
    leader = data.own[Role.LEADER]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {data.token(leader)}")
    assert api.get(f"/api/indicators/communes/{BINH_LU}", Q).status_code == 200
    r = api.get(f"/api/indicators/communes/{MUONG_THAN}", Q)
    assert r.status_code == 404 and r.json()["error"]["code"] == "indicators.commune_not_found"
    assert api.get("/api/indicators/provinces/12", Q).status_code == 404
    assert Client().get("/api/indicators/provinces/12").status_code == 401
