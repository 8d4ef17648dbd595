"""Structured logs: the request id from the proxy (or made here) in the response and in
every log line of the request, one JSON object per line."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import re
from collections.abc import Iterator

import pytest
from django.conf import settings as django_settings
from django.test import Client


@pytest.fixture
def captured(request) -> Iterator[io.StringIO]:
    """The project's console handler (its formatter and filters, from LOGGING) writing to
    a buffer, attached to the access log and to django.request."""
    fmt = getattr(request, "param", "json")
    stream = io.StringIO()
    configurator = logging.config.DictConfigurator({"version": 1})
    handler = logging.StreamHandler(stream)
    handler.setFormatter(configurator.configure_formatter(
        dict(django_settings.LOGGING["formatters"][fmt])))
    for name in django_settings.LOGGING["handlers"]["console"]["filters"]:
        handler.addFilter(configurator.configure_filter(
            dict(django_settings.LOGGING["filters"][name])))
    loggers = [logging.getLogger("motcua.access"), logging.getLogger("django.request")]
    levels = [x.level for x in loggers]
    for x in loggers:
        x.addHandler(handler)
        x.setLevel(logging.INFO)
    yield stream
    for x, level in zip(loggers, levels, strict=True):
        x.removeHandler(handler)
        x.setLevel(level)


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.django_db
def test_the_access_line_is_json_with_the_request_id_from_the_proxy(captured):
    response = Client().get("/healthz?x=1", HTTP_X_REQUEST_ID="9f1c2d3e4b5a69788796a5b4c3d2e1f0")
    assert response["X-Request-ID"] == "9f1c2d3e4b5a69788796a5b4c3d2e1f0"
    [line] = _lines(captured)
    assert line["logger"] == "motcua.access" and line["level"] == "INFO"
    assert line["request_id"] == "9f1c2d3e4b5a69788796a5b4c3d2e1f0"
    assert line["method"] == "GET" and line["path"] == "/healthz" and line["status"] == 200
    assert line["view"] == "web:healthz"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00", line["time"])
    assert "x=1" not in json.dumps(line)  # query strings (lookups by ID number) stay out


@pytest.mark.django_db
@pytest.mark.parametrize("sent", ["", "short", "abc\r\nFAKE level=ERROR", "x" * 65,
                                  "<script>alert(1)</script>"])
def test_an_unusable_request_id_is_replaced_by_a_fresh_one(captured, sent):
    response = Client().get("/healthz", HTTP_X_REQUEST_ID=sent)
    made = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    [line] = _lines(captured)
    assert line["request_id"] == made


@pytest.mark.django_db
def test_each_request_gets_its_own_id(captured):
    client = Client()
    ids = {client.get("/healthz")["X-Request-ID"] for _ in range(5)}
    assert len(ids) == 5
    assert {line["request_id"] for line in _lines(captured)} == ids


@pytest.mark.django_db
def test_django_s_own_warning_about_a_request_carries_its_id(captured):
    response = Client().get("/khong-co-trang-nay/")
    assert response.status_code == 404
    warning = [x for x in _lines(captured) if x["logger"] == "django.request"]
    assert warning and warning[0]["level"] == "WARNING"
    assert warning[0]["request_id"] == response["X-Request-ID"]


@pytest.mark.django_db
@pytest.mark.parametrize("captured", ["text"], indirect=True)
def test_the_text_format_names_the_request_id_too(captured):
    response = Client().get("/healthz")
    line = captured.getvalue().strip()
    assert f"[{response['X-Request-ID']}]" in line and "GET /healthz 200" in line


def test_outside_a_request_the_id_is_a_dash(captured):
    logging.getLogger("motcua.access").warning("khởi động")
    [line] = _lines(captured)
    assert line["request_id"] == "-" and line["message"] == "khởi động"
