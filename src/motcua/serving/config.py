"""Settings built from MOTCUA_* environment variables, as functions of the environment so
that settings.py and the tests build them the same way. No Django imports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CACHED_DB_SESSIONS = "django.contrib.sessions.backends.cached_db"


def caches(env: Mapping[str, str]) -> dict[str, Any]:
    """Redis when MOTCUA_REDIS_URL is set (shared by every worker and machine: rate
    counters, the portal's pages, sessions), else a cache in each process."""
    url = env.get("MOTCUA_REDIS_URL", "").strip()
    timeout = int(env.get("MOTCUA_CACHE_TIMEOUT", "") or 300)
    if url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": env.get("MOTCUA_CACHE_KEY_PREFIX", "") or "motcua",
                "TIMEOUT": timeout,
                # A Redis that stops answering must not hold a request for long.
                "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
            }
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "motcua",
            "TIMEOUT": timeout,
        }
    }


def session_engine(env: Mapping[str, str], default: str) -> str:
    """With Redis: sessions read from the cache and written through to the database, so
    pages do not query the sessions table and a Redis restart logs no one out."""
    chosen = env.get("MOTCUA_SESSION_ENGINE", "").strip()
    if chosen:
        return chosen
    return CACHED_DB_SESSIONS if env.get("MOTCUA_REDIS_URL", "").strip() else default


def s3_storage(env: Mapping[str, str]) -> dict[str, Any] | None:
    """The default file storage in an S3-compatible object store (MinIO, Ceph, a cloud)
    when MOTCUA_S3_BUCKET is set. Objects are private and the storage makes no signed
    URLs: files reach users only through the views that check permissions and read them
    with storage.open()."""
    bucket = env.get("MOTCUA_S3_BUCKET", "").strip()
    if not bucket:
        return None
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env.get("MOTCUA_S3_ENDPOINT_URL") or None,
            "access_key": env.get("MOTCUA_S3_ACCESS_KEY") or None,
            "secret_key": env.get("MOTCUA_S3_SECRET_KEY") or None,
            "region_name": env.get("MOTCUA_S3_REGION") or None,
            "location": env.get("MOTCUA_S3_PREFIX", ""),
            "default_acl": "private",
            "querystring_auth": False,
            "file_overwrite": False,
            "client_config": Config(
                # Path style works with every S3-compatible server, virtual hosts need DNS.
                s3={"addressing_style": env.get("MOTCUA_S3_ADDRESSING_STYLE") or "path"},
                connect_timeout=5, read_timeout=30,
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        },
    }
