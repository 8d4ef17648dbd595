"""Probes and metrics for the machines that watch the installation (no login, no page)."""

from __future__ import annotations

import hmac
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from motcua.serving import metrics

READY_CACHE_KEY = "serving:readyz"


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    value = uuid.uuid4().hex
    cache.set(READY_CACHE_KEY, value, 10)
    if cache.get(READY_CACHE_KEY) != value:
        raise RuntimeError("bộ nhớ đệm không giữ được giá trị vừa ghi")


def _check_storage() -> None:
    # One metadata call (a stat on disk, a HEAD/list on S3); nothing is written.
    default_storage.exists("readyz-probe")


CHECKS = (
    ("database", "cơ sở dữ liệu", _check_database),
    ("cache", "bộ nhớ đệm", _check_cache),
    ("storage", "kho lưu tệp", _check_storage),
)


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers, the cache keeps a value, the file storage answers.
    200 when all do; 503 naming what failed otherwise (the load balancer then sends the
    traffic elsewhere)."""
    results: dict[str, dict[str, object]] = {}
    failed: list[str] = []
    for key, label, check in CHECKS:
        started = time.perf_counter()
        try:
            check()
        except Exception as exc:  # any failure of a peer means "not ready"
            failed.append(label)
            results[key] = {"ok": False, "error": type(exc).__name__}
        else:
            results[key] = {"ok": True}
        results[key]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    if failed:
        return JsonResponse(
            {"status": "not_ready", "code": "not_ready",
             "message": "Hệ thống chưa sẵn sàng: không kết nối được " + ", ".join(failed) + ".",
             "checks": results},
            status=503, json_dumps_params={"ensure_ascii": False},
        )
    return JsonResponse({"status": "ready", "checks": results})


def _allowed(request: HttpRequest) -> bool:
    token = getattr(settings, "MOTCUA_METRICS_TOKEN", "")
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header[7:].strip().encode(), token.encode())
    # A request that came through the reverse proxy arrives from 127.0.0.1 too: the
    # address says nothing then, so such a request needs the token.
    proxied = any(k in request.META for k in ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP",
                                              "HTTP_FORWARDED"))
    return (not proxied
            and request.META.get("REMOTE_ADDR", "") in settings.MOTCUA_METRICS_ALLOWED_IPS)


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        return JsonResponse(
            {"code": "metrics.forbidden",
             "message": "Không được phép đọc số liệu giám sát từ địa chỉ này."},
            status=403, json_dumps_params={"ensure_ascii": False},
        )
    return HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)
