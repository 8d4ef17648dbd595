"""/readyz: database, cache and file storage each answer, else 503 saying which did not."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from motcua.serving import config


@pytest.mark.django_db
def test_ready_when_database_cache_and_storage_answer():
    response = Client().get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert {k: v["ok"] for k, v in body["checks"].items()} == {
        "database": True, "cache": True, "storage": True}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_redis_that_does_not_answer_makes_the_site_not_ready(settings, helpers):
    port = helpers.free_port()
    settings.CACHES = config.caches({"MOTCUA_REDIS_URL": f"redis://:mat-khau@127.0.0.1:{port}/0"})
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "not_ready" and body["checks"]["cache"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    assert body["message"] == "Hệ thống chưa sẵn sàng: không kết nối được bộ nhớ đệm."
    # Vietnamese as written, not escaped.
    assert "bộ nhớ đệm".encode() in response.content
    # The probe is public: it names what failed, never where it is or how to log in.
    assert b"mat-khau" not in response.content and str(port).encode() not in response.content
    assert b"127.0.0.1" not in response.content


@pytest.mark.django_db
def test_an_object_store_that_does_not_answer_makes_the_site_not_ready_quickly(settings,
                                                                               helpers):
    settings.STORAGES = {**settings.STORAGES, "default": config.s3_storage({
        "MOTCUA_S3_BUCKET": "motcua", "MOTCUA_S3_ENDPOINT_URL":
            f"http://127.0.0.1:{helpers.free_port()}",
        "MOTCUA_S3_ACCESS_KEY": "k", "MOTCUA_S3_SECRET_KEY": "s", "MOTCUA_S3_REGION": "us-east-1",
    })}
    started = time.monotonic()
    response = Client().get("/readyz")
    assert time.monotonic() - started < 10
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["storage"]["ok"] is False
    assert "kho lưu tệp" in body["message"]
