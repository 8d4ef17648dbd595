"""Public pages of the citizen portal (no login): find a procedure, follow a dossier, rate
it, send a recommendation or feedback. Every form is a plain GET or POST, so the pages work
without JavaScript on any phone."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.catalog import selectors as catalog
from motcua.catalog.domain.rules import OnlineLevel
from motcua.catalog.views import fee_label, limit_label
from motcua.errors import Conflict, InvalidInput, NotFound
from motcua.petitions import domain as petitions_domain
from motcua.petitions import services as petitions
from motcua.portal import domain, ratelimit, selectors, services
from motcua.text import fold, nfc

MAX_RESULTS = 20
# Shown on an empty search page: the things people come for most (REFERENCE §1 figures).
COMMON_SEARCHES = ("khai sinh", "kết hôn", "xác nhận độc thân", "sổ đỏ", "chứng thực bản sao",
                   "đăng ký thường trú", "hộ kinh doanh")
ONLINE_LEVELS = (OnlineLevel.FULLY_ONLINE, OnlineLevel.PARTLY_ONLINE)


def _too_many(request: HttpRequest, template: str, context: dict, retry_after: int) -> HttpResponse:
    minutes = max(1, (retry_after + 59) // 60)
    context["error"] = gettext(
        "Bạn đã thử quá nhiều lần. Vì an toàn của hồ sơ, hãy thử lại sau %(n)s phút. "
        "Nếu cần gấp, hãy gọi hoặc đến bộ phận một cửa nơi đã nộp hồ sơ."
    ) % {"n": minutes}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _submit_url(code: str) -> str:
    # The online form lives in the submission app under /dich-vu-cong/nop/<code>/.
    return f"{reverse('portal:home')}nop/{code}/"


# ---- find ------------------------------------------------------------------------------------

def home(request: HttpRequest) -> HttpResponse:
    query = nfc(request.GET.get("q", ""))[:200]
    procedures = catalog.search_procedures(query, limit=MAX_RESULTS) if query else []
    for p in procedures:
        p.limit_label = limit_label(p)  # type: ignore[attr-defined]
        p.fee_label = fee_label(p)  # type: ignore[attr-defined]
    return render(request, "portal/home.html", {
        "query": query, "procedures": procedures, "common": COMMON_SEARCHES, "section": "find",
    })


def procedure(request: HttpRequest, code: str) -> HttpResponse:
    try:
        p = catalog.get_procedure(code)
    except NotFound:
        return render(request, "portal/not_found.html", {
            "section": "find",
            "message": gettext("Không tìm thấy thủ tục mã «%(code)s».") % {"code": code[:40]},
        }, status=404)
    p.limit_label = limit_label(p)  # type: ignore[attr-defined]
    p.fee_label = fee_label(p)  # type: ignore[attr-defined]
    documents = list(p.documents.all())
    return render(request, "portal/procedure.html", {
        "p": p,
        "mandatory": [d for d in documents if not d.is_conditional],
        "conditional": [d for d in documents if d.is_conditional],
        "online": p.online_level in ONLINE_LEVELS,
        "fully_online": p.online_level == OnlineLevel.FULLY_ONLINE,
        "submit_url": _submit_url(p.code) if p.online_level in ONLINE_LEVELS else "",
        "query": nfc(request.GET.get("q", ""))[:200],
        "section": "find",
    })


# ---- follow ----------------------------------------------------------------------------------

def _lookup_context(request: HttpRequest) -> dict:
    source = request.POST if request.method == "POST" else request.GET
    return {
        "code": domain.normalize_code(source.get("ma", "")) or nfc(source.get("ma", ""))[:40],
        "digits": domain.only_digits(source.get("so", ""))[:4] if request.method == "POST" else "",
        "criteria": [(c.value, label) for c, label in domain.CRITERIA.items()],
        "score_labels": sorted(domain.SCORE_LABELS.items(), reverse=True),
        "section": "follow",
    }


# never_cache: a status page must not be shown again from a shared phone's cache.
@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """GET shows the form (``?ma=<code>`` prefilled, the QR code on the receipt lands
    here); POST looks up. The digits are never put in a URL, so they stay out of logs."""
    context = _lookup_context(request)
    if request.method == "GET":
        return render(request, "portal/lookup.html", context)
    if not context["code"] or len(context["digits"]) != domain.DIGITS:
        context["error"] = gettext(
            "Hãy nhập mã hồ sơ (in trên giấy tiếp nhận) và đúng 4 chữ số cuối của số điện "
            "thoại hoặc số định danh cá nhân.")
        return render(request, "portal/lookup.html", context, status=400)
    verdict = ratelimit.hit("lookup", ip=ratelimit.client_ip(request), code=context["code"])
    if not verdict.allowed:
        return _too_many(request, "portal/lookup.html", context, verdict.retry_after)
    dossier = selectors.find_dossier(context["code"], context["digits"])
    if dossier is None:
        context["error"] = gettext(services.NOT_FOUND_MESSAGE)
        return render(request, "portal/lookup.html", context, status=404)
    context["status"] = selectors.public_status(dossier)
    return render(request, "portal/lookup.html", context)


@never_cache
@require_http_methods(["POST"])
def rate(request: HttpRequest) -> HttpResponse:
    context = _lookup_context(request)
    verdict = ratelimit.hit("lookup", ip=ratelimit.client_ip(request), code=context["code"])
    if not verdict.allowed:
        return _too_many(request, "portal/lookup.html", context, verdict.retry_after)
    scores = {c.value: request.POST.get(f"diem_{c.value}", "") for c in domain.Criterion}
    context["chosen"] = scores
    context["comment"] = request.POST.get("y_kien", "")[:domain.COMMENT_MAX + 10]
    try:
        services.rate_dossier(code=context["code"], digits=context["digits"], scores=scores,
                              comment=context["comment"])
    except (InvalidInput, Conflict, NotFound) as e:
        context["rate_error"] = e.message
        context["rate_error_field"] = (e.details or {}).get("field", "")
        dossier = selectors.find_dossier(context["code"], context["digits"])
        if dossier is not None:
            context["status"] = selectors.public_status(dossier)
        status = 409 if isinstance(e, Conflict) else 404 if isinstance(e, NotFound) else 400
        return render(request, "portal/lookup.html", context, status=status)
    return render(request, "portal/rated.html", context)


# ---- feedback --------------------------------------------------------------------------------

def _communes() -> list:
    province = selectors.portal_province()
    units = list(selectors.communes_of(province)) if province else []
    return sorted(units, key=lambda u: fold(u.name))


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    context = {
        "section": "feedback",
        "kinds": [(k.value, label) for k, label in petitions_domain.KIND_LABELS.items()],
        "communes": _communes(),
        "max_files": petitions_domain.MAX_FILES,
        "max_mb": petitions.max_file_bytes() // (1024 * 1024),
        "form": {k: nfc(source.get(k, ""))[:200] for k in
                 ("kind", "dossier_code", "contact_name", "contact_phone", "contact_email",
                  "commune_code")},
        "text": source.get("text", "")[:petitions_domain.TEXT_MAX + 10],
    }
    if not context["form"]["dossier_code"] and source.get("ma"):
        context["form"]["dossier_code"] = domain.normalize_code(source.get("ma", ""))
    if request.method == "GET":
        return render(request, "portal/feedback.html", context)
    verdict = ratelimit.hit("feedback", ip=ratelimit.client_ip(request))
    if not verdict.allowed:
        return _too_many(request, "portal/feedback.html", context, verdict.retry_after)
    form = context["form"]
    try:
        item = petitions.submit_feedback(
            kind=form["kind"], text=context["text"], commune_code=form["commune_code"],
            dossier_code=form["dossier_code"], contact_name=form["contact_name"],
            contact_phone=form["contact_phone"], contact_email=form["contact_email"],
            files=request.FILES.getlist("files"),
            allowed_province=selectors.portal_province(),
        )
    except InvalidInput as e:
        context["error"] = e.message
        context["error_field"] = (e.details or {}).get("field", "")
        context["had_files"] = bool(request.FILES.getlist("files"))
        return render(request, "portal/feedback.html", context, status=400)
    request.session["portal_feedback_ref"] = item.reference
    return redirect("portal:feedback_sent")


def feedback_sent(request: HttpRequest) -> HttpResponse:
    reference = request.session.get("portal_feedback_ref", "")
    if not reference:
        return redirect("portal:feedback")
    return render(request, "portal/feedback_sent.html",
                  {"reference": reference, "section": "feedback"})
