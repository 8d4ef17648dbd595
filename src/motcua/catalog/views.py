"""Public catalog pages (no login): browse and search, and one page per procedure."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import gettext, gettext_noop, ngettext

from motcua.catalog import selectors
from motcua.catalog.domain.rules import LimitUnit, StepUnit
from motcua.catalog.models import Procedure, ProcessingStep
from motcua.errors import NotFound
from motcua.text import nfc

MAX_RESULTS = 50

# The domain (rules.py) is Django-free and says its labels in Vietnamese, and field names
# come from the catalog data. The templates pass both through {% translate %}; listing the
# Vietnamese texts here lets makemessages find them. tests/test_i18n_en.py keeps this list
# in step with rules.py and procedures.json. An unlisted text simply shows in Vietnamese.
TRANSLATABLE_LABELS = (
    # Lĩnh vực (catalog/data/procedures.json)
    gettext_noop("Hộ tịch"),
    gettext_noop("Chứng thực"),
    gettext_noop("Đất đai"),
    gettext_noop("Bảo trợ xã hội"),
    gettext_noop("Thành lập và hoạt động của hộ kinh doanh"),
    gettext_noop("Xây dựng"),
    gettext_noop("Cư trú"),
    gettext_noop("Bảo hiểm y tế"),
    # rules.ONLINE_LEVEL_LABELS
    gettext_noop("Trực tuyến toàn trình"),
    gettext_noop("Trực tuyến một phần"),
    gettext_noop("Trực tiếp"),
    # rules.LEVEL_LABELS
    gettext_noop("Cấp xã"),
    gettext_noop("Cấp tỉnh"),
    gettext_noop("Cấp trung ương"),
    # rules.AGENCY_KIND_LABELS
    gettext_noop("Ủy ban nhân dân"),
    gettext_noop("Văn phòng HĐND và UBND"),
    gettext_noop("Phòng Kinh tế"),
    gettext_noop("Phòng Văn hóa - Xã hội"),
    gettext_noop("Trung tâm Phục vụ hành chính công"),
    gettext_noop("Sở, ngành cấp tỉnh"),
    # rules.DOCUMENT_FORM_LABELS
    gettext_noop("Bản chính"),
    gettext_noop("Bản sao"),
    gettext_noop("Bản chính hoặc bản sao"),
    # rules.STEP_ROLE_LABELS
    gettext_noop("Công chức tiếp nhận"),
    gettext_noop("Công chức chuyên môn"),
    gettext_noop("Trưởng phòng"),
    gettext_noop("Lãnh đạo UBND"),
    gettext_noop("Giám đốc Trung tâm"),
)


def _number(value: Decimal | int) -> str:
    """A number in the active language: "0,5" and "8.000" in Vietnamese, "0.5" and "8,000"
    in English (the Vietnamese spelling is the one rules.format_number/format_vnd use)."""
    number = Decimal(value)
    shown: Decimal | int = (
        int(number) if number == number.to_integral_value() else number.normalize()
    )
    return numberformat.format(
        shown,
        get_format("DECIMAL_SEPARATOR"),
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


def _plural_count(value: Decimal | int) -> int:
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() else 2


def _working_time(value: Decimal | int, hours: bool) -> str:
    """The same words as rules.describe_limit/describe_duration, in the active language."""
    n, count = _number(value), _plural_count(value)
    if hours:
        return ngettext("%(n)s giờ làm việc", "%(n)s giờ làm việc", count) % {"n": n}
    return ngettext("%(n)s ngày làm việc", "%(n)s ngày làm việc", count) % {"n": n}


def limit_label(procedure: Procedure) -> str:
    if procedure.limit_unit == LimitUnit.SAME_DAY:
        return gettext("Trong ngày")
    return _working_time(procedure.limit_value or 0, procedure.limit_unit == LimitUnit.HOURS)


def fee_label(procedure: Procedure) -> str:
    """Short fee for lists, as rules.describe_fee says it for the catalog pages."""
    if procedure.fee_amount is None:
        return gettext("Theo quy định (xem chi tiết)")
    if procedure.fee_amount == 0:
        return gettext("Không thu phí, lệ phí")
    return gettext("%(amount)s đồng") % {"amount": _number(procedure.fee_amount)}


def duration_label(step: ProcessingStep) -> str:
    return _working_time(step.duration_value, step.duration_unit == StepUnit.HOURS)


def _with_labels(procedures: Iterable[Procedure]) -> None:
    for p in procedures:
        p.limit_label = limit_label(p)  # type: ignore[attr-defined]
        p.fee_label = fee_label(p)  # type: ignore[attr-defined]


def procedure_list(request: HttpRequest) -> HttpResponse:
    query = nfc(request.GET.get("q", ""))[:200]
    field_code = request.GET.get("field", "").strip()
    fields = list(selectors.fields_with_counts())
    current_field = next((f for f in fields if f.code == field_code), None)
    if field_code and current_field is None:
        field_code = ""
    if query:
        procedures = selectors.search_procedures(query, field_code=field_code, limit=MAX_RESULTS)
    else:
        procedures = list(selectors.active_procedures(field_code))
    _with_labels(procedures)
    context = {
        "query": query,
        "fields": fields,
        "current_field": current_field,
        "procedures": procedures,
        "total": sum(f.procedure_count for f in fields),
        "catalog_empty": not fields,
    }
    return render(request, "catalog/list.html", context)


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        procedure = selectors.get_procedure(code)
    except NotFound:
        message = gettext("Không tìm thấy thủ tục hành chính mã '%(code)s'.") % {"code": code}
        return render(request, "catalog/not_found.html", {"message": message}, status=404)
    _with_labels([procedure])
    # get_procedure prefetches the steps, so the template iterates these same objects.
    for step in procedure.steps.all():
        step.duration_label = duration_label(step)  # type: ignore[attr-defined]
    groups = list(procedure.groups.all()) + list(procedure.as_group.all())
    return render(request, "catalog/detail.html", {"p": procedure, "groups": groups})
