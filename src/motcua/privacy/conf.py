"""The privacy settings, read when used (tests change them with ``settings``)."""

from __future__ import annotations

from django.conf import settings

from motcua.accounts.domain import Role
from motcua.privacy.domain import (
    DEFAULT_REASON_ROLES,
    Duration,
    RetentionKind,
    parse_retention,
    parse_roles,
)


def reason_roles() -> frozenset[Role]:
    value = getattr(settings, "MOTCUA_ACCESS_REASON_REQUIRED_FOR", None)
    if value is None:
        return DEFAULT_REASON_ROLES
    return parse_roles(value)


def retention() -> dict[RetentionKind, Duration | None]:
    return parse_retention(getattr(settings, "MOTCUA_RETENTION", "") or "")
