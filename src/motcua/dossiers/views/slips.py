"""The official slips of a dossier as PDF, and the commune's dossier register."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.accounts.domain import Role, may_see_commune
from motcua.accounts.models import Official
from motcua.dossiers import selectors, slip_data
from motcua.dossiers.views.common import no_store, official_view
from motcua.errors import InvalidInput, NotFound, PermissionDenied
from motcua.privacy.domain import AccessAction
from motcua.privacy.gate import needs_reason, reason_redirect
from motcua.privacy.services import record_access, record_accesses
from motcua.workdays.domain import VN_TZ

# A register longer than this is a report, not an extract to print.
MAX_REGISTER_DAYS = 366
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(content: bytes, content_type: str, filename: str, *, inline: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return no_store(response)


@official_view
@require_GET
def slip(request: HttpRequest, code: str, form: str) -> HttpResponse:
    dossier = selectors.get_dossier(request.user, code)  # type: ignore[arg-type]
    if form not in slip_data.SLIP_FORMS:
        raise NotFound(_("Không có biểu mẫu «%(form)s».") % {"form": form}, code="slip.unknown")
    page_size = (request.GET.get("kho") or "A4").upper()
    if page_size not in ("A4", "A5") or (page_size == "A5" and form != "giay-tiep-nhan"):
        raise InvalidInput(_("Khổ giấy chỉ là A4, hoặc A5 cho Giấy tiếp nhận."),
                           code="slip.page_size")
    if needs_reason(request, dossier):
        return reason_redirect(request, dossier.code)
    pdf = slip_data.slip_pdf(dossier, form, page_size=page_size)
    record_access(request.user, dossier, AccessAction.PRINT, request=request)
    return _file(pdf, "application/pdf", f"{form}-{dossier.code}.pdf", inline=True)


def _register_commune(official: Official, asked: str) -> str:
    roles = official.role_set - {Role.VILLAGE_TEAM}
    commune = asked or official.commune_code
    if not roles:
        raise PermissionDenied(_("Vai trò của bạn không xem sổ theo dõi hồ sơ."),
                               code="dossier.forbidden")
    if not commune:
        raise InvalidInput(_("Hãy chọn xã, phường (tham số «xa»)."), code="register.commune")
    from motcua.units.models import Unit

    unit = Unit.objects.filter(code=commune).first()
    if unit is None or not may_see_commune(roles, official.province_code,
                                           official.commune_code, unit.province_id, commune):
        raise NotFound(_("Không có sổ theo dõi hồ sơ của xã mã «%(code)s».") % {"code": commune},
                       code="register.not_found")
    return commune


def _date(text: str, default: dt.date, label: str) -> dt.date:
    if not text:
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(_("Ngày %(label)s «%(text)s» không hợp lệ (YYYY-MM-DD).")
                           % {"label": label, "text": text}, code="register.date") from None


def _record_export(request: HttpRequest, extract: slip_data.RegisterExtract) -> None:
    """Each dossier of an exported register is one access to its applicant's data."""
    from motcua.dossiers.models import Dossier

    codes = [row.code for row in extract.register.rows]
    dossiers = Dossier.objects.filter(code__in=codes).only(
        "id", "code", "commune_code", "province_code", "applicant_personal_id")
    record_accesses(request.user, dossiers, AccessAction.EXPORT,
                    reason="Xuất sổ theo dõi hồ sơ", request=request)


@official_view
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """Sổ theo dõi hồ sơ: the form, or the extract as PDF or XLSX (``dinh-dang``)."""
    from motcua.dossiers.slips.render import register_pdf
    from motcua.dossiers.slips.xlsx import register_xlsx

    official: Official = request.user  # type: ignore[assignment]
    commune = _register_commune(official, request.GET.get("xa", "").strip())
    today = timezone.now().astimezone(VN_TZ).date()
    fmt = request.GET.get("dinh-dang", "")
    error = ""
    try:
        date_from = _date(request.GET.get("tu", ""), today.replace(day=1), _("từ"))
        date_to = _date(request.GET.get("den", ""), today, _("đến"))
        if date_to < date_from:
            raise InvalidInput(_("Ngày kết thúc phải sau ngày bắt đầu."), code="register.range")
        if (date_to - date_from).days >= MAX_REGISTER_DAYS:
            raise InvalidInput(_("Mỗi lần in tối đa %(n)s ngày.") % {"n": MAX_REGISTER_DAYS},
                               code="register.range")
        if fmt and fmt not in ("pdf", "xlsx"):
            raise InvalidInput(_("Định dạng chỉ là pdf hoặc xlsx."), code="register.format")
    except InvalidInput as exc:
        error = exc.message
        date_from, date_to, fmt = today.replace(day=1), today, ""
    if fmt:
        extract = slip_data.register(commune, date_from, date_to)
        _record_export(request, extract)
        name = f"so-theo-doi-{commune}-{date_from:%Y%m%d}-{date_to:%Y%m%d}"
        if fmt == "pdf":
            return _file(register_pdf(extract.register), "application/pdf",
                         f"{name}.pdf", inline=True)
        return _file(register_xlsx(extract.register), XLSX, f"{name}.xlsx",
                     inline=False)
    rows = selectors.register_rows(commune, date_from, date_to)
    return no_store(render(request, "dossiers/register.html", {
        "date_from": date_from, "date_to": date_to, "rows": rows, "error": error,
        "commune": commune, "asked": request.GET.get("xa", ""),
    }, status=400 if error else 200))
