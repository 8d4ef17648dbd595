"""The general attempt counter: exact under concurrency on real Redis (shared by server
processes) and in process memory, and the 429 answers of pages and API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from motcua import ratelimit
from motcua.accounts.citizens.session import SESSION_KEY
from motcua.accounts.models import Citizen
from motcua.portal import ratelimit as portal_ratelimit

REDIS_URL = os.environ.get("MOTCUA_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def redis_cache():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as e:
        pytest.fail(f"Redis not reachable at {REDIS_URL} ({e}); set MOTCUA_TEST_REDIS_URL")
    prefix = f"motcua-websec-{uuid.uuid4().hex}"
    conf = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "rl": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
               "LOCATION": REDIS_URL, "KEY_PREFIX": prefix},
    }
    raw = redis.Redis.from_url(REDIS_URL)
    with override_settings(CACHES=conf, MOTCUA_RATELIMIT_CACHE="rl"):
        yield raw, prefix
    for key in raw.scan_iter(f"{prefix}:*"):  # only this run's keys
        raw.delete(key)


def _hammer(threads: int, per_thread: int, scope: str, **idents: str) -> list[bool]:
    results: list[bool] = []
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def work() -> None:
        start.wait()
        mine = [ratelimit.hit(scope, **idents).allowed for _ in range(per_thread)]
        with lock:
            results.extend(mine)

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return results


def test_exactly_n_allowed_under_threads_on_redis(redis_cache, settings):
    raw, prefix = redis_cache
    settings.MOTCUA_RATELIMIT_SUBMISSION = "37/600"
    results = _hammer(16, 25, "submission", ip="10.9.9.9", citizen="012090001234")
    assert len(results) == 400 and results.count(True) == 37
    # What every other process sees: the counters in Redis itself, every attempt counted.
    keys = list(raw.scan_iter(f"{prefix}:*motcua:rl:submission:*"))
    assert len(keys) == 2 and sorted(int(raw.get(k)) for k in keys) == [400, 400]
    assert all(0 < raw.ttl(k) <= 605 for k in keys)


WORKER = """
import sys, django
django.setup()
from django.test import override_settings
from motcua import ratelimit
conf = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "rl": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
               "LOCATION": sys.argv[1], "KEY_PREFIX": sys.argv[2]}}
with override_settings(CACHES=conf, MOTCUA_RATELIMIT_CACHE="rl", MOTCUA_RATELIMIT_LOOKUP="25/600"):
    print(sum(ratelimit.hit("lookup", ip="10.8.8.8", code="H12-1").allowed for _ in range(40)))
"""


def test_exactly_n_allowed_across_processes_on_redis(redis_cache):
    _, prefix = redis_cache
    env = {**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "motcua.settings"}
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, REDIS_URL, prefix], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    allowed = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err[-2000:]
        allowed.append(int(out.strip().splitlines()[-1]))
    assert sum(allowed) == 25, allowed


def test_exactly_n_allowed_under_threads_in_process(settings):
    settings.MOTCUA_RATELIMIT_FEEDBACK = "13/600"
    ident = uuid.uuid4().hex
    results = _hammer(8, 10, "feedback", ip=ident, code=ident[:8])
    assert results.count(True) == 13


def test_scopes_limits_and_the_portal_module(settings):
    assert ratelimit.limits("submission") == (20, 3600)
    assert portal_ratelimit.hit is ratelimit.hit  # callers of the old module keep working
    assert portal_ratelimit.DEFAULTS["lookup"] == ratelimit.limits("lookup")
    settings.MOTCUA_PORTAL_LOOKUP_LIMIT = "3/60"  # the older name still counts
    assert ratelimit.limits("lookup") == (3, 60)
    settings.MOTCUA_RATELIMIT_LOOKUP = "4/120"  # the general name wins
    assert ratelimit.limits("lookup") == (4, 120)
    with pytest.raises(KeyError):
        ratelimit.limits("no-such-scope")


def test_any_identity_over_its_limit_refuses(settings):
    settings.MOTCUA_RATELIMIT_SUBMISSION = "2/600"
    ip, a, b = (uuid.uuid4().hex for _ in range(3))
    assert ratelimit.hit("submission", ip=ip, citizen=a).allowed
    assert ratelimit.hit("submission", ip=ip, citizen=b).allowed
    verdict = ratelimit.hit("submission", ip=ip, citizen=uuid.uuid4().hex)  # new citizen, same IP
    assert not verdict.allowed and 0 < verdict.retry_after <= 601
    other_ip = uuid.uuid4().hex
    assert ratelimit.hit("submission", ip=other_ip, citizen=a).allowed  # a: 2nd attempt
    assert not ratelimit.hit("submission", ip=other_ip, citizen=a).allowed  # a: 3rd


def test_a_missing_cache_alias_falls_back_to_default(settings):
    settings.MOTCUA_RATELIMIT_CACHE = "not-configured"
    assert ratelimit.cache() is caches["default"]


@pytest.mark.django_db
def test_online_submission_is_limited_per_citizen(settings):
    settings.MOTCUA_RATELIMIT_SUBMISSION = "3/3600"
    citizen = Citizen.objects.create(personal_id="012090009999", full_name="Lò Thị Mai")
    client = Client(REMOTE_ADDR=f"10.7.{uuid.uuid4().int % 250}.1")
    session = client.session
    session[SESSION_KEY] = {"id": citizen.pk, "personal_id": citizen.personal_id,
                            "name": citizen.full_name, "at": "2026-12-06T08:00:00+00:00"}
    session.save()
    client.cookies["sessionid"] = session.session_key
    url = "/dich-vu-cong/nop/1.001193/xem-lai/"
    answers = [client.post(url) for _ in range(4)]
    # No catalog loaded: the first three reach the page (unknown procedure); the fourth is
    # refused before anything else is looked at.
    assert [a.status_code for a in answers] == [404, 404, 404, 429]
    refused = answers[-1]
    assert 0 < int(refused["Retry-After"]) <= 3601
    text = refused.content.decode()
    assert "Bạn đã thử quá nhiều lần" in text and 'data-code="rate_limited"' in text
    assert "Content-Security-Policy" in refused  # still a page of the site
    # Another citizen from another address is not held back by this one.
    other = Citizen.objects.create(personal_id="012090008888")
    c2 = Client(REMOTE_ADDR="10.6.6.6")
    s2 = c2.session
    s2[SESSION_KEY] = {"id": other.pk, "personal_id": other.personal_id, "name": "", "at": ""}
    s2.save()
    c2.cookies["sessionid"] = s2.session_key
    assert c2.post(url).status_code == 404


@pytest.mark.django_db
def test_api_lookup_answers_429_as_json(settings):
    settings.MOTCUA_RATELIMIT_LOOKUP = "2/600"
    client = Client(REMOTE_ADDR=f"10.5.{uuid.uuid4().int % 250}.2")
    body = json.dumps({"ma": "H12.03390-261206-0001", "so": "5678"})
    codes = [client.post("/dich-vu-cong/api/tra-cuu/", body, content_type="application/json")
             for _ in range(3)]
    assert [c.status_code for c in codes] == [404, 404, 429]
    error = codes[-1].json()["error"]
    assert error["code"] == "rate_limited" and error["details"]["retry_after"] > 0
    assert int(codes[-1]["Retry-After"]) == error["details"]["retry_after"]


def test_json_429_helper():
    response = ratelimit.too_many_json(90)
    body = json.loads(response.content)
    assert response.status_code == 429 and response["Retry-After"] == "90"
    assert body["error"]["code"] == "rate_limited" and "2 phút" in body["error"]["message"]
