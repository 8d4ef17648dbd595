"""Email through Django's mail backends: SMTP (``MOTCUA_EMAIL_*``) or any backend named by
``MOTCUA_EMAIL_BACKEND`` (console while developing, locmem in other apps' tests)."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence

from django.core.mail import EmailMessage, get_connection

from motcua.notifications import conf
from motcua.notifications.gateways import DeliveryError


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def send_email(to: str, subject: str, body: str,
               attachments: Sequence[tuple[str, bytes, str]] = ()) -> None:
    backend = conf.email_backend()
    options = conf.smtp_options() if backend == conf.SMTP_BACKEND else {}
    try:
        connection = get_connection(backend, fail_silently=False, **options)
        message = EmailMessage(subject=subject, body=body, from_email=conf.email_from(),
                               to=[to], connection=connection)
        for name, content, mimetype in attachments:
            message.attach(name, content, mimetype)
        sent = message.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        refused = "; ".join(f"{code} {_text(reply)}" for code, reply in exc.recipients.values())
        raise DeliveryError(f"Máy chủ thư từ chối người nhận: {refused}") from exc
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"Máy chủ thư trả lời {exc.smtp_code} {_text(exc.smtp_error)}") from exc
    except (smtplib.SMTPException, OSError) as exc:  # timeouts are OSError
        raise DeliveryError(f"Không gửi được thư ({type(exc).__name__}: {exc})") from exc
    if sent != 1:
        raise DeliveryError("Máy chủ thư không nhận thư.")
