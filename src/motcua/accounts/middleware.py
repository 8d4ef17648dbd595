"""Officials' sessions: the idle timeout and the second factor still owed after login.

Both run after ``AuthenticationMiddleware`` and ``OTPMiddleware`` (``user.is_verified()``)
and after ``MessageMiddleware`` (the idle notice is a message on the login page)."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from motcua.accounts.domain import SecondFactor, session_idle_expired, should_touch
from motcua.accounts.sessions import LAST_SEEN_KEY, SECOND_FACTOR_KEY, idle_seconds, touch

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if request.method == "GET":
        url = f"{url}?{urlencode({'next': request.get_full_path()})}"
    if request.headers.get("HX-Request"):
        # An htmx request would swap the login page into a fragment: send the whole page.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class IdleSessionMiddleware:
    """Ends an official's session after ``MOTCUA_SESSION_IDLE_MINUTES`` without a request.
    The last activity is written to the session at most once a minute, so a busy counter
    does not turn every read into a session write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            now = time.time()
            last = session.get(LAST_SEEN_KEY)
            if session_idle_expired(last, now, idle_seconds()):
                logout(request)
                if not _is_api(request):  # the API answers 401 to the now anonymous request
                    minutes = idle_seconds() // 60
                    messages.info(request, f"Phiên làm việc đã hết hạn do không thao tác quá "
                                           f"{minutes} phút. Vui lòng đăng nhập lại.")
                    return _redirect(request, reverse(settings.LOGIN_URL))
            elif should_touch(last, now):
                touch(session, now)
        return self.get_response(request)


class SecondFactorMiddleware:
    """Until an official who owes a second factor (a confirmed authenticator, or a role
    that requires one) has given it, only the code, enrolment and logout pages answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def _exempt(self, path: str) -> bool:
        if path.startswith(settings.STATIC_URL) or path.startswith("/i18n/"):
            return True
        return path in {reverse("accounts:otp_verify"), reverse("accounts:otp_enrol"),
                        reverse("accounts:logout")}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            step = request.session.get(SECOND_FACTOR_KEY)
            if step is None:  # a session from before this rule: work it out once
                from motcua.accounts.services import second_factor_for

                step = second_factor_for(user).value  # type: ignore[arg-type]
                request.session[SECOND_FACTOR_KEY] = step
            if (step != SecondFactor.NONE and not user.is_verified()  # type: ignore[union-attr]
                    and not self._exempt(request.path)):
                if _is_api(request):
                    return JsonResponse({"error": {
                        "code": "otp_required",
                        "message": "Cần xác thực hai bước trước khi dùng phiên làm việc này.",
                    }}, status=401)
                name = "accounts:otp_enrol" if step == SecondFactor.ENROL else "accounts:otp_verify"
                return _redirect(request, reverse(name))
        return self.get_response(request)
