"""Prometheus metrics: requests by view and status, their latency, and two business
gauges read at scrape time.

Under `motcua serve` several gunicorn workers each count their own requests; with
``PROMETHEUS_MULTIPROC_DIR`` set (the command sets it before the workers start)
prometheus_client keeps the values in files there and a scrape adds them up.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from django.conf import settings
from django.core.cache import cache
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REQUESTS = Counter(
    "motcua_http_requests_total", "HTTP requests answered, by view, method and status.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "motcua_http_request_duration_seconds", "Time to answer a request, by view.",
    ["view", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
BUSINESS_CACHE_KEY = "serving:metrics:business"
BUSINESS_CACHE_SECONDS = 60


def observe(view: str, method: str, status: int, seconds: float) -> None:
    method = method if method in KNOWN_METHODS else "other"
    REQUESTS.labels(view, method, str(status)).inc()
    LATENCY.labels(view, method).observe(seconds)


class BusinessCollector(Collector):
    """Dossiers received today and dossiers past their due date, across the installation.
    Two counts on indexed columns, kept a minute in the cache so that frequent scrapes
    (and every worker answering them) cost the database one pair of counts a minute."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from motcua.serving.selectors import business_counts

        counts = cache.get(BUSINESS_CACHE_KEY)
        if counts is None:
            counts = business_counts()
            cache.set(BUSINESS_CACHE_KEY, counts, BUSINESS_CACHE_SECONDS)
        received = GaugeMetricFamily(
            "motcua_dossiers_received_today", "Dossiers received since local midnight.")
        received.add_metric([], counts["received_today"])
        yield received
        overdue = GaugeMetricFamily(
            "motcua_dossiers_overdue", "Dossiers being processed past their due date.")
        overdue.add_metric([], counts["overdue"])
        yield overdue


def exposition() -> bytes:
    """The text exposition of every metric, summed over workers in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(REQUESTS)
        registry.register(LATENCY)
    if getattr(settings, "MOTCUA_METRICS_BUSINESS", True):
        registry.register(BusinessCollector())
    return generate_latest(registry)
