"""Fixtures of the notification tests: Bình Lư's world (built by the dossier tests'
``_build``, held in its own rolled-back transaction under the name ``nworld`` so that it
never meets the dossier tests' ``world``), a real SMTP server (aiosmtpd) and a real HTTP
server playing the SMS gateway, both on free localhost ports."""

from __future__ import annotations

import importlib.util
import json
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from shared_world import SharedWorld

_spec = importlib.util.spec_from_file_location(
    "notifications_dossier_world", Path(__file__).parents[1] / "dossiers" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
dw = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = dw  # dataclasses look their module up there
_spec.loader.exec_module(dw)


_HOLDER: SharedWorld[Any] = SharedWorld(lambda: dw._build())


@pytest.fixture
def nworld_base(django_db_setup, django_db_blocker) -> Any:
    return _HOLDER.get(django_db_blocker)


@pytest.fixture
def nworld(nworld_base, db) -> Any:
    """The world, inside this test's savepoint (opened after the world's transaction)."""
    return nworld_base


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    yield
    _HOLDER.close_unless_next_uses(item, nextitem, "nworld")


@pytest.fixture
def receive(nworld: Any) -> Callable[..., Any]:
    from motcua.accounts.domain import Role
    from motcua.dossiers import services

    def _receive(procedure_code: str = dw.BIRTH, **kwargs: Any) -> Any:
        data = {**dw.APPLICANT, **kwargs}
        data.setdefault("documents", dw.complete_documents(procedure_code))
        return services.receive_dossier(nworld.own[Role.CLERK], procedure_code=procedure_code,
                                        **data)

    return _receive


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---- a real SMTP server ----------------------------------------------------------------


@dataclass
class SmtpServer:
    port: int
    received: list[EmailMessage] = field(default_factory=list)
    reject_with: str = ""  # e.g. "451 4.3.0 Try again later": refuse at DATA
    controller: Any = None

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.reject_with:
            return self.reject_with
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.received.append(message)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings) -> Iterator[SmtpServer]:
    server = SmtpServer(free_port())
    server.start()
    settings.MOTCUA_EMAIL_HOST = "127.0.0.1"
    settings.MOTCUA_EMAIL_PORT = server.port
    settings.MOTCUA_EMAIL_FROM = "Một cửa Bình Lư <motcua@binhlu.example>"
    settings.MOTCUA_EMAIL_TIMEOUT = 5
    settings.MOTCUA_PUBLIC_URL = "https://dichvucong.laichau.example"
    yield server
    server.stop()


# ---- a real HTTP server playing the SMS gateway ----------------------------------------


@dataclass
class Gateway:
    url: str = ""
    status: int = 200
    delay: float = 0.0  # seconds before answering (a gateway that hangs)
    requests: list[dict[str, Any]] = field(default_factory=list)


def _handler(gateway: Gateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            gateway.requests.append({
                "path": self.path,
                "authorization": self.headers.get("Authorization", ""),
                "content_type": self.headers.get("Content-Type", ""),
                "json": json.loads(body.decode("utf-8")),
            })
            if gateway.delay:
                time.sleep(gateway.delay)
            answer = json.dumps({"ok": gateway.status == 200}).encode()
            self.send_response(gateway.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def sms_gateway(settings) -> Iterator[Gateway]:
    gateway = Gateway()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(gateway))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/sms/send"
    settings.MOTCUA_SMS_URL = gateway.url
    settings.MOTCUA_SMS_TOKEN = "secret-token"
    settings.MOTCUA_SMS_SENDER = "UBND BINHLU"
    settings.MOTCUA_SMS_TIMEOUT = 5
    settings.MOTCUA_PUBLIC_URL = "https://dichvucong.laichau.example"
    yield gateway
    server.shutdown()
    server.server_close()
