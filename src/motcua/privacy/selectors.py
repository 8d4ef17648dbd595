"""Reads of the access log: per person, scoped like every official's query."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.accounts.domain import Role, sees_whole_province
from motcua.errors import InvalidInput, PermissionDenied
from motcua.privacy.domain import normalise_personal_id
from motcua.privacy.models import AccessRecord
from motcua.privacy.services import key_for

# Who may list the accesses to a person's data (the commune's leaders and administrators;
# province-wide roles over their province).
LOG_ROLES = frozenset({Role.ADMIN, Role.LEADER, Role.CENTER_DIRECTOR})


def may_read_log(roles: frozenset[Role]) -> bool:
    return bool(LOG_ROLES & roles)


def _key(personal_id: str) -> str:
    number = normalise_personal_id(personal_id)
    if not number or len(number) < 6:
        raise InvalidInput("Hãy nhập số định danh cá nhân (12 số) hoặc số giấy tờ của người "
                           "cần tra cứu.", code="privacy.personal_id")
    return key_for(number)


def accesses_for(personal_id: str) -> QuerySet[AccessRecord]:
    """Every access to the dossiers of the person with this number (no scope: the command
    line and the person themselves)."""
    return AccessRecord.objects.filter(citizen_key=_key(personal_id)).order_by("-at", "-id")


def accesses_seen_by(official, personal_id: str) -> QuerySet[AccessRecord]:  # type: ignore[no-untyped-def]
    """The accesses an official may list: of their commune, or their province for
    province-wide roles."""
    roles = official.role_set
    if not may_read_log(roles):
        raise PermissionDenied("Chỉ lãnh đạo và quản trị xem được nhật ký truy cập dữ liệu "
                               "cá nhân.", code="privacy.forbidden")
    qs = accesses_for(personal_id)
    if sees_whole_province(roles):
        if not official.province_code:
            return qs.none()
        return qs.filter(province_code=official.province_code)
    if not official.commune_code:
        return qs.none()
    return qs.filter(commune_code=official.commune_code)


def citizen_accesses(personal_id: str, limit: int = 500) -> list[AccessRecord]:
    """What a signed-in citizen sees about their own data (officials' lookups of the log
    included: they too read the person's data)."""
    return list(accesses_for(personal_id)[:limit])
