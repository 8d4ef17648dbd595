"""The settings of notifications, read here so that an installation configures them with
environment variables (or Django settings of the same name, which win; tests use those).

A channel is on only when it is configured: no ``MOTCUA_EMAIL_HOST`` (or
``MOTCUA_EMAIL_BACKEND``), no email; no ``MOTCUA_SMS_URL``, no SMS. Nothing is queued for a
channel that is off. See docs/notifications.md.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def setting(name: str, default: Any = None) -> Any:
    return getattr(settings, name, os.environ.get(name, default))


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in {"1", "true", "yes", "on"}


def email_enabled() -> bool:
    return bool(setting("MOTCUA_EMAIL_HOST", "") or setting("MOTCUA_EMAIL_BACKEND", ""))


def email_backend() -> str:
    return str(setting("MOTCUA_EMAIL_BACKEND", "") or SMTP_BACKEND)


def smtp_options() -> dict[str, Any]:
    """Keyword arguments of Django's SMTP ``EmailBackend``."""
    return {
        "host": setting("MOTCUA_EMAIL_HOST", "") or "localhost",
        "port": int(setting("MOTCUA_EMAIL_PORT", 25)),
        "username": setting("MOTCUA_EMAIL_USER", "") or None,
        "password": setting("MOTCUA_EMAIL_PASSWORD", "") or None,
        "use_tls": _bool(setting("MOTCUA_EMAIL_USE_TLS", False)),
        "use_ssl": _bool(setting("MOTCUA_EMAIL_USE_SSL", False)),
        "timeout": float(setting("MOTCUA_EMAIL_TIMEOUT", 10)),
    }


def email_from() -> str:
    return str(setting("MOTCUA_EMAIL_FROM", "") or settings.DEFAULT_FROM_EMAIL)


def sms_enabled() -> bool:
    return bool(setting("MOTCUA_SMS_URL", ""))


def sms_options() -> dict[str, Any]:
    return {
        "url": str(setting("MOTCUA_SMS_URL", "")),
        "token": str(setting("MOTCUA_SMS_TOKEN", "") or ""),
        "sender": str(setting("MOTCUA_SMS_SENDER", "") or "MOTCUA"),
        "timeout": float(setting("MOTCUA_SMS_TIMEOUT", 10)),
    }


def public_url() -> str:
    """The portal's address as citizens reach it, e.g. https://dichvucong.laichau.gov.vn;
    links in messages are built on it ("" leaves them out of SMS)."""
    return str(setting("MOTCUA_PUBLIC_URL", "") or "").rstrip("/")


def max_attempts() -> int:
    return max(1, int(setting("MOTCUA_NOTIFY_MAX_ATTEMPTS", 6)))


def deliver_on_commit() -> bool:
    """``task`` (default): hand each new message to the tasks backend right after the
    commit; ``worker``: leave them to ``motcua notifications send --loop``."""
    return str(setting("MOTCUA_NOTIFY_DELIVERY", "task") or "task").strip().lower() != "worker"
