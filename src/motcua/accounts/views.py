"""Officials' login, second factor, account security page and password change. Thin: the
writes are in services, the rules in domain."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import verify_token

from motcua.accounts import selectors, services
from motcua.accounts.domain import SecondFactor, requires_two_factor
from motcua.accounts.forms import TokenForm
from motcua.accounts.sessions import SECOND_FACTOR_KEY
from motcua.errors import MotcuaError
from motcua.portal import ratelimit


def _next_url(request: HttpRequest, default: str = "") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return default or reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class OfficialLoginView(auth_views.LoginView):
    """Password first; then the second factor the official owes, if any. Each address may
    post the form ``MOTCUA_PORTAL_LOGIN_LIMIT`` times per window (default 30 per 10 min)."""

    template_name = "accounts/login.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        verdict = ratelimit.hit("login", ip=ratelimit.client_ip(request))
        if not verdict.allowed:
            return ratelimit.too_many_page(request, verdict.retry_after,
                                          "accounts/login_throttled.html")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        step = self.request.session.get(SECOND_FACTOR_KEY)
        if step == SecondFactor.VERIFY:
            return redirect(_with_next(reverse("accounts:otp_verify"), self.get_success_url()))
        if step == SecondFactor.ENROL:
            return redirect(_with_next(reverse("accounts:otp_enrol"), self.get_success_url()))
        return response


def _secret_text(device: Any) -> str:
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]
        return HttpResponseRedirect(next_url)
    device = selectors.confirmed_device(user)  # type: ignore[arg-type]
    if device is None:
        if request.session.get(SECOND_FACTOR_KEY) == SecondFactor.ENROL:
            return redirect(_with_next(reverse("accounts:otp_enrol"), next_url))
        return HttpResponseRedirect(next_url)
    form = TokenForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        allowed, why = device.verify_is_allowed()
        if not allowed and why and why.get("locked_until"):
            error = "Nhập sai nhiều lần liên tiếp. Vui lòng đợi ít giây rồi nhập mã mới."
        else:
            verified = verify_token(user, device.persistent_id, form.cleaned_data["token"])
            if verified is not None:
                otp_login(request, verified)
                return HttpResponseRedirect(next_url)
            error = "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trên ứng dụng."
    return render(request, "accounts/otp_verify.html",
                  {"form": form, "error": error, "next": next_url})


@never_cache
@login_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request, reverse("accounts:security"))
    user = request.user
    if selectors.confirmed_device(user) is not None:  # type: ignore[arg-type]
        if not user.is_verified():  # type: ignore[union-attr]
            return redirect(_with_next(reverse("accounts:otp_verify"), next_url))
        messages.info(request, "Xác thực hai bước đã được bật cho tài khoản này.")
        return redirect("accounts:security")
    form = TokenForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            device = services.confirm_enrolment(user, form.cleaned_data["token"])  # type: ignore[arg-type]
        except MotcuaError as exc:
            error = exc.message
        else:
            otp_login(request, device)
            request.session[SECOND_FACTOR_KEY] = SecondFactor.VERIFY.value
            messages.success(request, "Đã bật xác thực hai bước. Từ lần đăng nhập sau, "
                                      "hãy nhập mã trên ứng dụng sau mật khẩu.")
            return HttpResponseRedirect(next_url)
    device = services.pending_device(user)  # type: ignore[arg-type]
    qr = segno.make(device.config_url, error="m")
    return render(request, "accounts/otp_enrol.html", {
        "form": form, "error": error, "next": next_url,
        # segno's SVG is plain markup (no style attribute, no script).
        "qr_svg": mark_safe(qr.svg_inline(scale=5, border=2)),  # noqa: S308
        "secret": _secret_text(device),
        "required": requires_two_factor(user.role_set),  # type: ignore[union-attr]
    })


@never_cache
@login_required
def security(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "accounts/security.html", {
        "device": selectors.confirmed_device(user),  # type: ignore[arg-type]
        "required": requires_two_factor(user.role_set),  # type: ignore[union-attr]
        "events": selectors.recent_events(user),  # type: ignore[arg-type]
    })


class OfficialPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")
    form_class = PasswordChangeForm

    def form_valid(self, form: Any) -> HttpResponse:
        services.change_password(self.request.user, form.cleaned_data["new_password1"])  # type: ignore[arg-type]
        old_key = self.request.session.session_key
        # Keeps this session valid (the others end) and gives it a new key.
        update_session_auth_hash(self.request, self.request.user)  # type: ignore[arg-type]
        services.replace_session(self.request.user, old_key,  # type: ignore[arg-type]
                                 self.request.session.session_key)
        messages.success(self.request, "Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.")
        return HttpResponseRedirect(self.get_success_url())
