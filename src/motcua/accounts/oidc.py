"""Citizens' sign-in through OpenID Connect (the national identity service is an
OIDC-style single sign-on): authorization code flow with PKCE (S256), provider metadata
from ``<issuer>/.well-known/openid-configuration``, ID token checked by Authlib (signature
against the provider's JWKS, issuer, audience, nonce, expiry).

Authlib is used rather than a Django-auth backend library because citizens are not
``Official``s (the project's ``AUTH_USER_MODEL``): Authlib does the protocol and leaves the
session to us.

Settings (or environment variables of the same name):

- ``MOTCUA_OIDC_ISSUER``: the issuer URL (required to sign in).
- ``MOTCUA_OIDC_CLIENT_ID`` / ``MOTCUA_OIDC_CLIENT_SECRET``: the registered client.
- ``MOTCUA_OIDC_SCOPES``: default ``openid profile email phone``.
- ``MOTCUA_OIDC_ID_CLAIM``: the claim holding the 12-digit personal id, default
  ``personal_id``.
- ``MOTCUA_OIDC_REDIRECT_BASE``: public origin the provider redirects back to (e.g.
  ``https://dichvucong.laichau.gov.vn``); empty means the request's own host.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from joserfc.errors import JoseError

from motcua.errors import InvalidInput

CLIENT_NAME = "motcua_identity"
log = logging.getLogger(__name__)
# Cached discovery documents are refreshed by Authlib only when asked; the JWKS is
# refetched on an unknown key id, which is how key rotation shows up.
_TIMEOUT = 10


def _setting(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    return str(value)


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    id_claim: str
    redirect_base: str

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def config() -> OidcConfig:
    return OidcConfig(
        issuer=_setting("MOTCUA_OIDC_ISSUER").strip(),
        client_id=_setting("MOTCUA_OIDC_CLIENT_ID").strip(),
        client_secret=_setting("MOTCUA_OIDC_CLIENT_SECRET"),
        scopes=_setting("MOTCUA_OIDC_SCOPES", "openid profile email phone").strip(),
        id_claim=_setting("MOTCUA_OIDC_ID_CLAIM", "personal_id").strip() or "personal_id",
        redirect_base=_setting("MOTCUA_OIDC_REDIRECT_BASE").strip().rstrip("/"),
    )


class SignInFailed(InvalidInput):
    """The identity service's answer could not be trusted or used; nothing was stored."""

    code = "citizen.sign_in_failed"


def _client(cfg: OidcConfig) -> Any:
    if not cfg.issuer or not cfg.client_id:
        raise SignInFailed("Cổng chưa được cấu hình đăng nhập bằng tài khoản định danh điện "
                           "tử. Xin liên hệ bộ phận một cửa.", code="citizen.oidc_not_configured")
    scopes = cfg.scopes.split()
    if "openid" not in scopes:
        scopes.insert(0, "openid")
    registry = OAuth()
    return registry.register(
        CLIENT_NAME, client_id=cfg.client_id, client_secret=cfg.client_secret,
        server_metadata_url=cfg.discovery_url,
        client_kwargs={"scope": " ".join(scopes), "code_challenge_method": "S256",
                       "default_timeout": _TIMEOUT},
    )


def redirect_uri(request: HttpRequest, cfg: OidcConfig) -> str:
    path = reverse("citizen:callback")
    return cfg.redirect_base + path if cfg.redirect_base else request.build_absolute_uri(path)


def start(request: HttpRequest) -> HttpResponse:
    """The redirect to the identity service (state, nonce and PKCE verifier go into the
    session)."""
    cfg = config()
    try:
        return _client(cfg).authorize_redirect(request, redirect_uri(request, cfg))
    except requests.RequestException:
        raise SignInFailed("Không kết nối được hệ thống định danh điện tử. Xin thử lại sau "
                           "ít phút.", code="citizen.oidc_unreachable") from None


def finish(request: HttpRequest) -> tuple[dict[str, Any], OidcConfig]:
    """The verified ID-token claims of the callback ``request``; ``SignInFailed`` for a
    wrong state, a refused authorization, a token that fails any check."""
    cfg = config()
    client = _client(cfg)
    if request.GET.get("error"):
        raise SignInFailed("Bạn đã không đồng ý hoặc hệ thống định danh từ chối đăng nhập. "
                           "Hãy thử đăng nhập lại.", code="citizen.oidc_denied",
                           details={"error": request.GET.get("error", "")[:100]})
    try:
        token = client.authorize_access_token(request)
    except requests.RequestException:
        raise SignInFailed("Không kết nối được hệ thống định danh điện tử. Xin thử lại sau "
                           "ít phút.", code="citizen.oidc_unreachable") from None
    except (AuthlibBaseError, JoseError, ValueError, KeyError, TypeError) as exc:
        # Operators need the reason (a rotated key, a skewed clock); the citizen does not.
        log.warning("citizen sign-in refused: %s: %s", type(exc).__name__, exc)
        raise SignInFailed(
            "Đăng nhập không thành công: phản hồi của hệ thống định danh không hợp lệ hoặc đã "
            "hết hạn. Hãy đăng nhập lại từ đầu.",
            code="citizen.oidc_invalid", details={"reason": type(exc).__name__}) from None
    claims = token.get("userinfo")
    if not claims:
        raise SignInFailed("Hệ thống định danh không trả về thông tin định danh (ID token). "
                           "Hãy đăng nhập lại.", code="citizen.oidc_no_id_token")
    return dict(claims), cfg
