"""The attempt counter on Django's cache: in-process by default, Redis when configured."""

import os

import pytest
from django.core.cache import caches
from django.test import RequestFactory, override_settings

from motcua.portal import ratelimit

REDIS_URL = os.environ.get("MOTCUA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _count_out(scope="lookup"):
    verdicts = [ratelimit.hit(scope, ip="10.1.1.1", code="C-1") for _ in range(4)]
    return [v.allowed for v in verdicts], verdicts[-1].retry_after


def test_in_process_cache(settings):
    settings.MOTCUA_PORTAL_LOOKUP_LIMIT = "3/60"
    caches["default"].clear()
    allowed, retry = _count_out()
    assert allowed == [True, True, True, False] and 0 < retry <= 61
    ratelimit.reset("lookup", ip="10.1.1.1", code="C-1")
    assert ratelimit.hit("lookup", ip="10.1.1.1", code="C-1").allowed


def test_redis_cache_shared_by_processes(settings):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as e:
        pytest.skip(f"Redis not reachable at {REDIS_URL} ({e}); set MOTCUA_TEST_REDIS_URL")
    cache_conf = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                   "LOCATION": REDIS_URL, "KEY_PREFIX": f"motcua-test-{os.getpid()}"},
    }
    with override_settings(CACHES=cache_conf, MOTCUA_PORTAL_CACHE="shared",
                           MOTCUA_PORTAL_LOOKUP_LIMIT="3/60"):
        raw = redis.Redis.from_url(REDIS_URL)
        pattern = f"motcua-test-{os.getpid()}:*motcua:rl:lookup:*"

        def forget():  # only this test's keys: never flush a database others may use
            for key in raw.keys(pattern):
                raw.delete(key)

        forget()
        try:
            allowed, _ = _count_out()
            assert allowed == [True, True, True, False]
            # What another process sees: the counters in Redis itself.
            keys = raw.keys(pattern)
            assert len(keys) == 2 and all(int(raw.get(k)) == 4 for k in keys)
        finally:
            forget()


def test_client_address_header_only_when_configured(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="1.2.3.4")
    assert ratelimit.client_ip(request) == "10.0.0.1"
    settings.MOTCUA_PORTAL_IP_HEADER = "HTTP_X_REAL_IP"
    assert ratelimit.client_ip(request) == "1.2.3.4"
