"""Where messages leave the system: email through Django's mail backends, SMS through an
HTTP gateway. A gateway raises ``DeliveryError`` when the message was not accepted."""

from __future__ import annotations


class DeliveryError(Exception):
    """The peer did not take the message; ``str()`` says why (kept in ``last_error``)."""
