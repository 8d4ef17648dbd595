"""The request id of the request being served, for every log line written meanwhile."""

from __future__ import annotations

import logging
from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("motcua_request_id", default="")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record ("-" outside a request) so that formatters can
    name it; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            # django.request reports a 4xx/5xx after the middleware has finished; the
            # request it carries still knows its id.
            request = getattr(record, "request", None)
            record.request_id = (getattr(request, "request_id", None)
                                 or request_id_var.get() or "-")
        return True
