"""The API's hot paths: the intake answer built without reading back, the status lookup,
and the per-process memos of tokens, procedures and agencies (``motcua.memo``)."""

from __future__ import annotations

import json

from cachetools import TTLCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from motcua.accounts.domain import Role
from motcua.catalog.models import Procedure
from motcua.dossiers import services
from motcua.memo import Memo, clear_all
from motcua.units.models import Agency

BASE = "/api/dossiers/"
BIRTH, LAND = "1.001193", "1.013978"


def _client(w, official) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {w.token(official)}")


def _receive(client, docs, procedure=LAND, **extra):
    return _post(client, _body(docs, procedure, **extra))


def _body(docs, procedure=LAND, **extra) -> dict:
    return {"procedure_code": procedure, "applicant_name": "Lò Thị Hoa",
            "applicant_personal_id": "012190004321", "applicant_phone": "0912345678",
            "channel": "counter", "documents": docs(procedure), **extra}


def _post(client, body: dict):
    return client.post(BASE, data=json.dumps(body), content_type="application/json")


def test_the_intake_answer_is_what_a_read_back_returns(w, docs):
    client = _client(w, w.own[Role.CLERK])
    created = _receive(client, docs)
    assert created.status_code == 201, created.content
    body = created.json()
    again = client.get(BASE + body["code"])
    assert again.status_code == 200
    assert body == again.json()
    assert body["documents"] and body["allowed_actions"]


def test_intake_of_a_linked_group_lists_its_members_like_a_read_back(w, docs):
    client = _client(w, w.own[Role.CLERK])
    procedure = Procedure.objects.filter(as_group__isnull=False).values_list(
        "code", flat=True).first()
    assert procedure is not None, "the catalog has a linked group (the newborn procedure)"
    created = _receive(client, docs, procedure=procedure)
    assert created.status_code == 201, created.content
    body = created.json()
    assert len(body["members"]) >= 2
    assert body == client.get(BASE + body["code"]).json()


def test_status_lookup_is_one_query_and_shows_where_the_dossier_stands(w, docs, dossier_in):
    d = dossier_in("waiting_supplement")
    client = _client(w, w.own[Role.CLERK])
    for _ in range(2):  # warm the memos (token and its first use, procedure, agencies)
        client.get(BASE + d.code + "/status")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(BASE + d.code + "/status")
    assert response.status_code == 200
    assert len(queries.captured_queries) == 1
    body = response.json()
    assert body["code"] == d.code and body["state"] == "waiting_supplement"
    assert body["state_label"] and body["due_at"] and body["received_at"]
    assert body["missing_items"] == ["Bản sao sổ hộ khẩu"]
    assert body["procedure_code"] == LAND and body["handler"]["username"]
    assert "applicant_personal_id" not in body


def test_status_lookup_of_another_communes_dossier_is_not_found(w, dossier_in):
    d = dossier_in("received")
    response = _client(w, w.other[Role.CLERK]).get(BASE + d.code + "/status")
    assert response.status_code == 404
    assert response.json()["error"]["code"]


def test_intake_reads_no_reference_data_once_warm(w, docs):
    client = _client(w, w.own[Role.CLERK])
    body = _body(docs)
    for _ in range(2):  # warm the memos (token and its first use, procedure, agencies)
        assert _post(client, body).status_code == 201
    with CaptureQueriesContext(connection) as queries:
        assert _post(client, body).status_code == 201
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith("SELECT")
             and "indicators_" not in q["sql"] and "notifications_" not in q["sql"]]
    assert reads == []


def test_a_revoked_token_stops_working_at_once_in_this_process(w):
    clerk = w.own[Role.CLERK]
    token, raw = services.create_api_token(clerk, "hệ thống thử")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get(BASE + "?kind=new").status_code == 200
    services.revoke_api_token(token.pk)
    assert client.get(BASE + "?kind=new").status_code == 401


def test_a_disabled_official_loses_token_access_at_once_in_this_process(w):
    token, raw = services.create_api_token(w.own[Role.SPECIALIST], "hệ thống thử")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get(BASE + "?kind=mine").status_code == 200
    official = w.own[Role.SPECIALIST]
    official.is_active = False
    official.save(update_fields=["is_active"])
    try:
        assert client.get(BASE + "?kind=mine").status_code == 401
    finally:
        official.is_active = True
        official.save(update_fields=["is_active"])


def test_a_catalog_edit_applies_to_the_next_intake_in_this_process(w, docs):
    client = _client(w, w.own[Role.CLERK])
    first = _receive(client, docs).json()
    procedure = Procedure.objects.get(code=LAND)
    old = procedure.limit_value
    procedure.limit_value = old + 5
    procedure.save()
    second = _receive(client, docs).json()
    assert second["due_at"] > first["due_at"]


def test_an_agency_retired_in_this_process_is_no_longer_used(w, docs):
    client = _client(w, w.own[Role.CLERK])
    assert _receive(client, docs).status_code == 201
    Agency.objects.filter(commune_code=w.own[Role.CLERK].commune_code).update(is_active=False)
    clear_all()  # a queryset update sends no signal: what `motcua units agencies` does after
    response = _receive(client, docs)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "agency.missing"


def test_memo_entries_expire_and_can_be_switched_off():
    loads: list[int] = []
    clock = [1000.0]
    memo: Memo[int] = Memo("test", ttl=5)
    memo._cache = TTLCache(maxsize=10, ttl=5, timer=lambda: clock[0])

    def load() -> int:
        loads.append(1)
        return len(loads)

    assert memo.get("k", load) == 1 and memo.get("k", load) == 1
    clock[0] += 6
    assert memo.get("k", load) == 2
    memo.clear()
    assert memo.get("k", load) == 3
    off: Memo[int] = Memo("off", ttl=0)
    assert off.get("k", load) == 4 and off.get("k", load) == 5


def test_hot_path_bodies_match_their_declared_schemas(w, docs, dossier_in):
    from motcua.dossiers.schemas import DossierDetailOut, DossierListOut, DossierStatusOut

    client = _client(w, w.own[Role.CLERK])
    d = dossier_in("in_processing")
    created = _receive(client, docs)
    DossierDetailOut.model_validate(created.json())
    DossierStatusOut.model_validate(client.get(BASE + d.code + "/status").json())
    for kind in ("all", "new", "mine"):
        listed = client.get(BASE + f"?kind={kind}&limit=3")
        assert listed.status_code == 200
        body = DossierListOut.model_validate(listed.json())
        assert body.kind == kind
    everything = DossierListOut.model_validate(client.get(BASE + "?kind=all").json())
    assert everything.count >= 2 and {d.code, created.json()["code"]} <= {
        i.code for i in everything.items}
    assert any(i.handler for i in everything.items)
