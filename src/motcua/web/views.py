from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.accounts.domain import ROLE_LABELS
from motcua.units import selectors as unit_selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    user = request.user
    code = user.commune_code or user.province_code
    unit_name = unit_selectors.unit_display_name(code) if code else ""
    roles = [ROLE_LABELS[r] for r in sorted(user.role_set)]
    return render(request, "web/workspace.html", {"roles": roles, "unit_name": unit_name})
