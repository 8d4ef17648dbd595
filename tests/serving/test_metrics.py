"""/metrics: request counts and latency by view and status, the business gauges, and who
may read them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from motcua.serving.metrics import BUSINESS_CACHE_KEY


def _scrape(client: Client, **extra: str) -> dict[tuple[str, frozenset], float]:
    response = client.get("/metrics", **extra)
    assert response.status_code == 200, response.content
    found = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def _count(samples, view: str, status: str, method: str = "GET") -> float:
    labels = frozenset({("view", view), ("method", method), ("status", status)})
    return samples.get(("motcua_http_requests_total", labels), 0.0)


@pytest.mark.django_db
def test_requests_are_counted_by_view_and_status_with_their_latency():
    client = Client()
    before = _scrape(client)
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    assert client.get("/khong-co-trang-nay/").status_code == 404
    assert client.post("/healthz").status_code == 200  # the probe takes any method
    after = _scrape(client)

    assert _count(after, "web:healthz", "200") - _count(before, "web:healthz", "200") == 3
    assert _count(after, "web:healthz", "200", "POST") - _count(
        before, "web:healthz", "200", "POST") == 1
    # A path no view matches is one label, whatever the path (no label explosion).
    assert _count(after, "<unresolved>", "404") - _count(before, "<unresolved>", "404") == 1
    assert not any("khong-co-trang-nay" in str(key) for key in after)
    latency = frozenset({("view", "web:healthz"), ("method", "GET")})
    assert (after[("motcua_http_request_duration_seconds_count", latency)]
            - before.get(("motcua_http_request_duration_seconds_count", latency), 0)) == 3
    inf = frozenset({*latency, ("le", "+Inf")})
    assert after[("motcua_http_request_duration_seconds_bucket", inf)] == after[
        ("motcua_http_request_duration_seconds_count", latency)]


@pytest.mark.django_db
def test_metrics_are_refused_to_other_addresses_and_proxied_requests(settings):
    settings.MOTCUA_METRICS_TOKEN = ""
    client = Client()
    response = client.get("/metrics", REMOTE_ADDR="10.20.30.40")
    assert response.status_code == 403
    assert response.json() == {
        "code": "metrics.forbidden",
        "message": "Không được phép đọc số liệu giám sát từ địa chỉ này."}
    assert b"motcua_http_requests_total" not in response.content
    # From 127.0.0.1, but through the reverse proxy: the real client is elsewhere.
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 403
    assert client.get("/metrics", HTTP_X_REAL_IP="198.51.100.7").status_code == 403
    settings.MOTCUA_METRICS_ALLOWED_IPS = ["10.20.30.40"]
    assert client.get("/metrics", REMOTE_ADDR="10.20.30.40").status_code == 200
    assert client.get("/metrics").status_code == 403  # 127.0.0.1 no longer listed


@pytest.mark.django_db
def test_the_bearer_token_opens_metrics_from_anywhere_and_a_wrong_one_does_not(settings):
    settings.MOTCUA_METRICS_TOKEN = "mã-giám-sát-0123456789"
    client = Client()
    good = {"HTTP_AUTHORIZATION": "Bearer mã-giám-sát-0123456789"}
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.5", **good).status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.5",
                      HTTP_X_FORWARDED_FOR="203.0.113.5", **good).status_code == 200
    for wrong in ("Bearer sai", "Bearer ", "Basic bWE6Z2lhbQ==", "mã-giám-sát-0123456789"):
        assert client.get("/metrics", REMOTE_ADDR="203.0.113.5",
                          HTTP_AUTHORIZATION=wrong).status_code == 403, wrong
    # A wrong token is refused even from an allowed address.
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer sai").status_code == 403


def test_business_gauges_count_todays_receptions_and_overdue_dossiers(sworld, receive):
    from motcua.serving.selectors import business_counts

    cache.delete(BUSINESS_CACHE_KEY)
    empty = _scrape(Client())
    assert empty[("motcua_dossiers_received_today", frozenset())] == 0
    d = receive()
    # Kept a minute in the cache: the scrape right after still says 0.
    assert _scrape(Client())[("motcua_dossiers_received_today", frozenset())] == 0
    cache.delete(BUSINESS_CACHE_KEY)
    now = _scrape(Client())
    assert now[("motcua_dossiers_received_today", frozenset())] == 1
    assert now[("motcua_dossiers_overdue", frozenset())] == 0

    later = d.due_at + dt.timedelta(days=1)
    assert business_counts(later)["overdue"] == 1
    # Tomorrow (local time) the reception no longer counts as today's.
    assert business_counts(d.received_at + dt.timedelta(days=1))["received_today"] == 0


@pytest.fixture
def receive(sworld):
    import serving_dossier_world as dw  # loaded by this folder's conftest

    from motcua.accounts.domain import Role
    from motcua.dossiers import services

    def _receive():
        data = {**dw.APPLICANT, "documents": dw.complete_documents(dw.LAND)}
        return services.receive_dossier(sworld.own[Role.CLERK], procedure_code=dw.LAND,
                                        **data)

    return _receive
