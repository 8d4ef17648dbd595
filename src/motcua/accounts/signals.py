"""Login and logout hooks for officials: remember the session (so disabling an account can
end it) and work out, once per login, what second factor the session still owes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from motcua.accounts import services
from motcua.accounts.sessions import SECOND_FACTOR_KEY, touch


@receiver(user_logged_in, dispatch_uid="motcua-accounts-login")
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    services.record_session(user, session.session_key)
    session[SECOND_FACTOR_KEY] = services.second_factor_for(user).value
    touch(session)


@receiver(user_logged_out, dispatch_uid="motcua-accounts-logout")
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        services.forget_session(session.session_key)
