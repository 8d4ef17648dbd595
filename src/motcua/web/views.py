from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, gettext_noop

from motcua.accounts.domain import ROLE_LABELS
from motcua.units import selectors as unit_selectors

# accounts.domain is Django-free and names the roles in Vietnamese; listed here so that
# makemessages finds them (tests/test_i18n_en.py keeps the list in step with ROLE_LABELS).
ROLE_LABEL_MSGIDS = (
    gettext_noop("Công chức tiếp nhận (bộ phận một cửa)"),
    gettext_noop("Công chức chuyên môn"),
    gettext_noop("Trưởng phòng"),
    gettext_noop("Lãnh đạo UBND xã"),
    gettext_noop("Giám đốc Trung tâm Phục vụ hành chính công"),
    gettext_noop("Cán bộ theo dõi cấp tỉnh"),
    gettext_noop("Thành viên Tổ công nghệ số cộng đồng"),
    gettext_noop("Quản trị hệ thống"),
)


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness probe and the benches' baseline: no template, no database."""
    return HttpResponse("ok", content_type="text/plain")


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    user = request.user
    code = user.commune_code or user.province_code
    unit_name = unit_selectors.unit_display_name(code) if code else ""
    roles = [gettext(ROLE_LABELS[r]) for r in sorted(user.role_set)]
    return render(request, "web/workspace.html", {"roles": roles, "unit_name": unit_name})
