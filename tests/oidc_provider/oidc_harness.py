"""Start the test identity provider (``provider_settings``) as a real HTTP server in a
subprocess, on a free port of 127.0.0.1, for as long as a pytest session needs it.

    provider = IdentityProvider.start(tmp_dir)
    provider.issuer            # http://127.0.0.1:PORT/o
    provider.allow_redirect("http://testserver/cong-dan/dang-nhap/xong/")
    provider.stop()
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

HERE = Path(__file__).resolve().parent
CLIENT_ID = "motcua-test"
CLIENT_SECRET = "motcua-test-secret-0123456789"  # noqa: S105
PASSWORDS = {
    "012090001234": "mat-khau-1",
    "012190005678": "mat-khau-2",
    "bad-signature": "mat-khau-3",
    "expired": "mat-khau-4",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class IdentityProvider:
    port: int
    env: dict[str, str]
    process: subprocess.Popen | None = None
    redirects: set[str] = field(default_factory=set)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        return f"{self.base}/o"

    def _run(self, *args: str) -> None:
        subprocess.run([sys.executable, *args], cwd=HERE, env=self.env, check=True,
                       capture_output=True, timeout=120)

    @classmethod
    def start(cls, folder: Path) -> IdentityProvider:
        folder.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        key_file = folder / "provider-key.pem"
        key_file.write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
        port = _free_port()
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("DJANGO_", "MOTCUA_"))}
        env.update({
            "DJANGO_SETTINGS_MODULE": "provider_settings",
            "PYTHONPATH": str(HERE),
            "OIDC_TEST_DB": str(folder / "provider.sqlite3"),
            "OIDC_TEST_RSA_KEY": str(key_file),
            "OIDC_TEST_ISSUER": f"http://127.0.0.1:{port}/o",
        })
        provider = cls(port, env)
        provider._run("-m", "django", "migrate", "--noinput")
        provider._run("seed.py", CLIENT_ID, CLIENT_SECRET, "http://testserver/unused/")
        log = open(folder / "provider.log", "wb")  # noqa: SIM115
        provider.process = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload",
             "--skip-checks"],
            cwd=HERE, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(provider.discovery_url, timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if provider.process.poll() is not None or time.monotonic() > deadline:
                provider.stop()
                raise RuntimeError((folder / "provider.log").read_text())
            time.sleep(0.2)
        return provider

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def allow_redirect(self, uri: str) -> None:
        if uri not in self.redirects:
            self._run("seed.py", CLIENT_ID, CLIENT_SECRET, uri)
            self.redirects.add(uri)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def settings(self) -> dict[str, str]:
        """The motcua settings that point at this provider."""
        return {"MOTCUA_OIDC_ISSUER": self.issuer, "MOTCUA_OIDC_CLIENT_ID": CLIENT_ID,
                "MOTCUA_OIDC_CLIENT_SECRET": CLIENT_SECRET}

    def sign_in(self, authorize_url: str, username: str) -> str:
        """Play the person at the provider with a plain HTTP session: log in, follow the
        authorization request; returns the redirect back to the relying party."""
        http = requests.Session()
        login = http.get(f"{self.base}/login/", timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
        http.post(f"{self.base}/login/", timeout=10, allow_redirects=False, data={
            "csrfmiddlewaretoken": token, "username": username,
            "password": PASSWORDS[username], "next": "/"},
            headers={"Referer": f"{self.base}/login/"})
        answer = http.get(authorize_url, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text[:500]
        return unescape(answer.headers["Location"])
