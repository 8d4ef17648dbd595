"""API tokens for other systems (``Authorization: Bearer <token>``). Only a hash is kept:
the token itself is shown once, when it is created."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import Official
from motcua.dossiers.models import ApiToken
from motcua.errors import InvalidInput, NotFound
from motcua.memo import Memo
from motcua.text import nfc

TOKEN_PREFIX = "mc_"
# ``last_used_at`` is for administrators ("is this token still used?"); writing it on
# every request would turn each read into a write.
TOUCH_EVERY = timedelta(minutes=5)
_TOKENS: Memo[tuple[int, Any, Official] | None] = Memo("api-tokens")


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def create_api_token(official: Official, name: str) -> tuple[ApiToken, str]:
    """A new token acting as ``official``; returns the row and the token (shown once)."""
    label = nfc(name)
    if not label:
        raise InvalidInput("Chưa đặt tên cho token (tên hệ thống dùng nó).",
                           code="token.name_required", details={"field": "name"})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(official=official, name=label[:200], prefix=raw[:8],
                                    token_hash=hash_token(raw))
    return token, raw


@transaction.atomic
def revoke_api_token(token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id).first()
    if token is None:
        raise NotFound("Không tìm thấy token.", code="token.not_found")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def official_for_token(raw: str) -> Official | None:
    """The active official behind a valid, unrevoked token; None otherwise.

    Kept in a per-process memo for a few seconds (``motcua.memo``): a revocation or a
    disabled account takes effect at once in this process, within the memo's lifetime in
    the others."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    digest = hash_token(raw)
    found = _TOKENS.get(digest, lambda: _lookup(digest))
    if found is None:
        return None
    token_id, last_used_at, official = found
    now = timezone.now()
    if last_used_at is None or now - last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
        _TOKENS.put(digest, (token_id, now, official))
    return official


def _lookup(digest: str) -> tuple[int, Any, Official] | None:
    token = (
        ApiToken.objects.select_related("official")
        .filter(token_hash=digest, revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.official.is_active:
        return None
    token.official.role_set  # noqa: B018 - load the roles once, with the memo entry
    return token.pk, token.last_used_at, token.official
