"""One middleware for what every request needs in production: a request id (taken from
the proxy's X-Request-ID when it looks like one, else made here) that every log line of
the request carries and the response returns, the access line, and the metrics."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from motcua.serving import metrics
from motcua.serving.logs import request_id_var

access_log = logging.getLogger("motcua.access")
# What nginx's $request_id and common tracing ids look like; anything else (a header
# carrying a line break, a log-injection attempt, a very long value) is replaced.
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def _view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unresolved>"  # 404 before any view: the path would explode the labels
    return match.view_name or match._func_path


class RequestObservabilityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _SAFE_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            seconds = time.perf_counter() - started
            view = _view_name(request)
            metrics.observe(view, request.method or "", response.status_code, seconds)
            if access_log.isEnabledFor(logging.INFO):
                access_log.info(
                    "%s %s %s %.1fms", request.method, request.path, response.status_code,
                    seconds * 1000,
                    extra={"method": request.method, "path": request.path,
                           "status": response.status_code, "view": view,
                           "duration_ms": round(seconds * 1000, 2),
                           "remote_addr": request.META.get("REMOTE_ADDR", "")},
                )
            return response
        finally:
            request_id_var.reset(token)
