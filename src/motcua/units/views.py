"""Public pages: "Tra cứu địa chỉ mới" and the address hint partial for htmx."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from motcua.errors import MotcuaError
from motcua.units import selectors

EXAMPLES = (
    "thị trấn Tam Đường, huyện Tam Đường, tỉnh Lai Châu",
    "xã Mường Mít, huyện Than Uyên, Lai Châu",
    "TT. Tam Duong, H. Tam Duong, T. Lai Chau",
)


def _convert(address: str) -> tuple[object | None, str]:
    if not address:
        return None, ""
    try:
        return selectors.convert_address(address), ""
    except MotcuaError as exc:
        return None, exc.message


@require_GET
def convert_page(request: HttpRequest) -> HttpResponse:
    address = request.GET.get("address", "").strip()
    result, error = _convert(address)
    return render(request, "units/convert.html", {
        "address": address, "result": result, "error": error, "examples": EXAMPLES,
        "detail": True,
    })


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """The ``units/_address_conversion.html`` partial for an address typed in any form.

    The address is read from ``?address=`` or from the parameter named by ``?field=``
    (htmx sends the input under its own name). ``?detail=1`` lists every candidate.
    """
    field = request.GET.get("field") or "address"
    address = (request.GET.get(field) or request.GET.get("address") or "").strip()
    result, error = _convert(address)
    return render(request, "units/_address_conversion.html", {
        "address": address, "result": result, "error": error,
        "detail": request.GET.get("detail") == "1",
    })
