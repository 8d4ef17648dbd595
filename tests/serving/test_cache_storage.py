"""Redis cache and sessions, S3-compatible storage: settings from the environment, and
the real peers (Redis on 127.0.0.1:6379, an S3 server played by moto on a free port)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.core.files.base import ContentFile
from django.test import Client

from motcua.serving import config

REDIS_DB = 13  # this folder's own database number on the shared Redis
PREFIX = "motcua-test-serving"


@pytest.fixture
def redis_db() -> Iterator[redis.Redis]:
    client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    client.ping()
    for key in client.scan_iter(f"{PREFIX}*"):
        client.delete(key)
    yield client
    for key in client.scan_iter(f"{PREFIX}*"):
        client.delete(key)


@pytest.fixture
def s3(helpers) -> Iterator[dict[str, str]]:
    """A local S3 server with an empty private bucket; yields the MOTCUA_S3_* variables."""
    import boto3
    from moto.server import ThreadedMotoServer

    port = helpers.free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    env = {"MOTCUA_S3_BUCKET": "motcua-ho-so", "MOTCUA_S3_ENDPOINT_URL": f"http://127.0.0.1:{port}",
           "MOTCUA_S3_ACCESS_KEY": "kiem-thu", "MOTCUA_S3_SECRET_KEY": "bi-mat",
           "MOTCUA_S3_REGION": "us-east-1"}
    boto3.client("s3", endpoint_url=env["MOTCUA_S3_ENDPOINT_URL"], region_name="us-east-1",
                 aws_access_key_id="kiem-thu", aws_secret_access_key="bi-mat",
                 ).create_bucket(Bucket="motcua-ho-so")
    yield env
    server.stop()


def _s3_client(env: dict[str, str]) -> Any:
    import boto3

    return boto3.client("s3", endpoint_url=env["MOTCUA_S3_ENDPOINT_URL"],
                        region_name="us-east-1", aws_access_key_id="kiem-thu",
                        aws_secret_access_key="bi-mat")


def test_the_environment_selects_redis_cached_sessions_and_s3(live_env, redis_db, s3):
    """In a fresh process: the variables alone switch cache, sessions and storage."""
    env = {**live_env, "MOTCUA_REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
           "MOTCUA_CACHE_KEY_PREFIX": PREFIX, "MOTCUA_CACHE_TIMEOUT": "120", **s3}
    script = (
        "import django, json; django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.cache import cache, caches\n"
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage as s\n"
        "cache.set('tham-do', 'giá trị')\n"
        "name = s.save('kiem-thu/giay-to.pdf', ContentFile(b'%PDF-1.4 ho so'))\n"
        "print(json.dumps({'cache': type(caches['default']).__name__, 'session': settings.SESSION_ENGINE,\n"
        "  'storage': type(s._wrapped).__name__, 'name': name, 'url': s.url(name),\n"
        "  'read': s.open(name).read().decode()}))\n")
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["cache"] == "RedisCache" and seen["storage"] == "S3Storage"
    assert seen["session"] == "django.contrib.sessions.backends.cached_db"
    assert seen["read"] == "%PDF-1.4 ho so"
    # The value is in Redis, under the prefix, with the configured lifetime.
    key = f"{PREFIX}:1:tham-do"
    assert redis_db.exists(key) and 0 < redis_db.ttl(key) <= 120
    # The object is in the bucket, private, and its URL carries no signature to share.
    client = _s3_client(s3)
    assert client.get_object(Bucket="motcua-ho-so", Key=seen["name"])["Body"].read() == \
        b"%PDF-1.4 ho so"
    grants = client.get_object_acl(Bucket="motcua-ho-so", Key=seen["name"])["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]
    assert all(g["Grantee"].get("Type") == "CanonicalUser" for g in grants)
    assert "Signature" not in seen["url"] and "X-Amz" not in seen["url"]


def test_without_the_variables_cache_is_local_and_files_on_disk():
    assert config.caches({})["default"]["BACKEND"].endswith("LocMemCache")
    assert config.s3_storage({}) is None
    db = "django.contrib.sessions.backends.db"
    assert config.session_engine({}, db) == db
    assert config.session_engine({"MOTCUA_REDIS_URL": "redis://x/0",
                                  "MOTCUA_SESSION_ENGINE": db}, db) == db


def test_sessions_live_in_redis_and_survive_its_loss(sworld, settings, redis_db):
    from motcua.accounts.domain import Role

    settings.CACHES = config.caches({"MOTCUA_REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
                                     "MOTCUA_CACHE_KEY_PREFIX": PREFIX})
    settings.SESSION_ENGINE = config.CACHED_DB_SESSIONS
    client = Client()
    client.force_login(sworld.own[Role.CLERK])
    assert client.get("/ho-so/").status_code == 200
    session_keys = list(redis_db.scan_iter(f"{PREFIX}:*cached_db*"))
    assert len(session_keys) == 1
    # Redis restarted empty: the session is read back from the database.
    redis_db.delete(*session_keys)
    assert client.get("/ho-so/").status_code == 200
    assert len(list(redis_db.scan_iter(f"{PREFIX}:*cached_db*"))) == 1
    # Logging out removes it from both.
    client.post("/tai-khoan/dang-xuat/")
    assert client.get("/ho-so/").status_code == 302


def test_an_attachment_goes_to_s3_and_comes_back_only_through_the_checked_view(
        sworld, settings, s3, tmp_path):
    import serving_dossier_world as dw

    from motcua.accounts.domain import Role
    from motcua.dossiers import services
    from motcua.dossiers.models import DossierAttachment

    settings.STORAGES = {**settings.STORAGES, "default": config.s3_storage(s3)}
    settings.MEDIA_ROOT = tmp_path / "media"
    clerk, specialist = sworld.own[Role.CLERK], sworld.own[Role.SPECIALIST]
    d = services.receive_dossier(clerk, procedure_code=dw.LAND, **{
        **dw.APPLICANT, "documents": dw.complete_documents(dw.LAND)})
    services.assign(clerk, d, handler=specialist)
    services.start(specialist, d)
    from upload_files import pdf

    content = pdf("Bien ban xac minh thuc dia")  # a real PDF: uploads are opened and checked
    services.add_attachment(specialist, d, kind="scan",
                            file=ContentFile(content, name="bien-ban.pdf"))
    row = DossierAttachment.objects.get(dossier=d)

    client = _s3_client(s3)
    stored = client.get_object(Bucket="motcua-ho-so", Key=row.file.name)["Body"].read()
    assert stored == content
    assert not (tmp_path / "media").exists()  # nothing written to the local disk

    url = f"/ho-so/{d.code}/tep/{row.pk}/"
    own = Client()
    own.force_login(specialist)
    response = own.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Cache-Control"] == "no-store, private"
    outsider = Client()
    outsider.force_login(sworld.other[Role.SPECIALIST])
    assert outsider.get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page
