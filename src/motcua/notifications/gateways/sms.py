"""SMS through an HTTP gateway. ``SmsGateway`` is what delivery needs; ``HttpJsonGateway``
speaks the small JSON contract below, which an adapter in front of any operator's or
aggregator's API can offer:

    POST <MOTCUA_SMS_URL>
    Authorization: Bearer <MOTCUA_SMS_TOKEN>
    Content-Type: application/json; charset=utf-8
    {"to": "+84912345678", "text": "...", "sender": "<MOTCUA_SMS_SENDER>", "reference": "42"}

Any 2xx answer means accepted; anything else, or no answer within the timeout, is a
failure that will be retried. ``reference`` is the outbox row's id, stable across retries,
so a gateway can drop a duplicate.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from motcua.notifications import conf
from motcua.notifications.gateways import DeliveryError


class SmsGateway(Protocol):
    def send(self, to: str, text: str, reference: str) -> None:
        """Hand the SMS over or raise ``DeliveryError``."""


def international(phone: str) -> str:
    """"0912345678" → "+84912345678" (numbers are stored in the national form)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "+84" + digits[1:] if digits.startswith("0") else "+" + digits


@dataclass(frozen=True)
class HttpJsonGateway:
    url: str
    token: str = ""
    sender: str = "MOTCUA"
    timeout: float = 10.0

    def send(self, to: str, text: str, reference: str) -> None:
        payload = json.dumps({"to": international(to), "text": text, "sender": self.sender,
                              "reference": reference}, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8",
                   "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=payload, headers=headers,
                                         method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            detail = exc.read(300).decode("utf-8", "replace").strip()
            raise DeliveryError(f"Cổng SMS trả lời HTTP {exc.code}: {detail}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise DeliveryError(f"Không kết nối được cổng SMS: {exc}") from exc
        if not 200 <= status < 300:
            raise DeliveryError(f"Cổng SMS trả lời HTTP {status}")


def configured_gateway() -> SmsGateway:
    return HttpJsonGateway(**conf.sms_options())
