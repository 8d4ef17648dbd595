"""JSON form of the public lookup, for the national portal's connectors and mobile apps:
the same key, the same limits, the same public fields as the page."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from motcua.errors import InvalidInput, MotcuaError, NotFound
from motcua.portal import domain, ratelimit, selectors, services


def _error(e: MotcuaError, status: int | None = None, **headers: str) -> JsonResponse:
    response = JsonResponse({"error": e.as_dict()}, status=status or e.status)
    for k, v in headers.items():
        response[k] = v
    return response


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def as_json(s: selectors.PublicStatus) -> dict[str, Any]:
    return {
        "code": s.code,
        "procedure": {"code": s.procedure_code, "name": s.procedure_name},
        "agency": s.agency_name,
        "state": s.state,
        "state_label": s.state_label,
        "received_at": _iso(s.received_at),
        "due_at": _iso(s.due_at),
        "original_due_at": _iso(s.original_due_at),
        "result_ready_at": _iso(s.result_ready_at),
        "returned_at": _iso(s.returned_at),
        "overdue": s.overdue,
        "steps": [{"action": p.action, "label": p.label, "state": p.to_state, "at": _iso(p.at)}
                  for p in s.steps],
        "missing_items": s.missing_items,
        "supplements": [{"round": r.round, "requested_at": _iso(r.requested_at),
                         "received_at": _iso(r.received_at), "missing_items": r.missing_items}
                        for r in s.supplements],
        "may_rate": s.may_rate and not s.rated,
        "rated": s.rated,
    }


@csrf_exempt  # a read with no session: nothing for a forged request to ride on
@require_POST
def lookup(request: HttpRequest) -> JsonResponse:
    """``POST {"ma": "<code>", "so": "<4 digits>"}`` → ``{"dossier": {…}}``; 404 with the same
    body for an unknown code and wrong digits; 429 over the limit."""
    try:
        body = json.loads(request.body or b"{}")
        code = domain.normalize_code(str(body.get("ma", "")))
        digits = str(body.get("so", "")).strip()
    except (ValueError, AttributeError):
        code, digits = "", ""
    if not code or len(domain.only_digits(digits)) != domain.DIGITS or len(digits) != 4:
        return _error(InvalidInput(
            "Cần mã hồ sơ (ma) và đúng 4 chữ số cuối (so) của số điện thoại hoặc số định "
            "danh cá nhân.", code="lookup.invalid"))
    verdict = ratelimit.hit("lookup", ip=ratelimit.client_ip(request), code=code)
    if not verdict.allowed:
        return _error(MotcuaError("Bạn đã thử quá nhiều lần; hãy thử lại sau.",
                                  code="rate_limited", details={"retry_after": verdict.retry_after}),
                      status=429, **{"Retry-After": str(verdict.retry_after)})
    dossier = selectors.find_dossier(code, digits)
    if dossier is None:
        return _error(NotFound(services.NOT_FOUND_MESSAGE, code="lookup.not_found"))
    return JsonResponse({"dossier": as_json(selectors.public_status(dossier))})
