"""Who may see and touch which dossier (DESIGN: every query is scoped by commune).

Two questions, answered separately:

- **see**: officials of the competent commune and of the receiving commune see the
  dossier; the province overseer and the administrator see every dossier of their
  province; a member of the village digital team sees only the dossiers they submitted on
  someone's behalf. A dossier one may not see does not exist for them (404, not 403), so
  that its existence does not leak.
- **act**: the competent commune's officials act on it (the state machine then checks the
  role: ``domain.rules``); the receiving commune's counter may also take the counter
  actions on a dossier it received for another commune (hand the supplement in, hand the
  result back, withdraw, write a note). Province-wide roles act within their province.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from motcua.accounts.domain import Role, may_see_commune, sees_whole_province
from motcua.dossiers.domain import Action
from motcua.dossiers.labels import ADD_NOTE
from motcua.errors import NotFound, PermissionDenied

if TYPE_CHECKING:
    from motcua.accounts.models import Official
    from motcua.dossiers.models import Dossier

# Roles that work on dossiers; they may write notes and attach files.
WORKING_ROLES: frozenset[Role] = frozenset(
    {Role.CLERK, Role.SPECIALIST, Role.DIVISION_HEAD, Role.LEADER, Role.CENTER_DIRECTOR}
)
# Actions the receiving commune's counter may take on a dossier received for another commune.
COUNTER_ACTIONS: frozenset[str] = frozenset(
    {Action.RECEIVE_SUPPLEMENT.value, Action.RETURN_RESULT.value, Action.WITHDRAW.value, ADD_NOTE}
)
# Officials who may hold (be the handler of) a dossier.
HANDLER_ROLES: frozenset[Role] = frozenset(
    {Role.SPECIALIST, Role.DIVISION_HEAD, Role.LEADER, Role.CENTER_DIRECTOR}
)


def _scoping_roles(official: Official) -> frozenset[Role]:
    # The village team's role gives no view of the commune's dossiers (only their own
    # submissions), so it does not count when deciding the commune scope.
    return official.role_set - {Role.VILLAGE_TEAM}


def visibility_filter(official: Official) -> Q:
    """The dossiers ``official`` may see, as a filter on ``Dossier``."""
    nothing = Q(pk__in=[])
    if not official.is_active:
        return nothing
    roles = _scoping_roles(official)
    scope = nothing
    if sees_whole_province(roles):
        if official.province_code:
            scope = Q(province_code=official.province_code)
    elif roles and official.commune_code:
        scope = Q(commune_code=official.commune_code) | Q(
            receiving_commune_code=official.commune_code
        )
    if Role.VILLAGE_TEAM in official.role_set:
        scope |= Q(assisted_by=official)
    return scope


def _in_commune(official: Official, dossier: Dossier, commune_code: str) -> bool:
    roles = _scoping_roles(official)
    if not roles or not official.is_active:
        return False
    return may_see_commune(
        roles, official.province_code, official.commune_code, dossier.province_code, commune_code
    )


def in_competent_scope(official: Official, dossier: Dossier) -> bool:
    return _in_commune(official, dossier, dossier.commune_code)


def in_receiving_scope(official: Official, dossier: Dossier) -> bool:
    return _in_commune(official, dossier, dossier.receiving_commune_code)


def can_view(official: Official, dossier: Dossier) -> bool:
    if in_competent_scope(official, dossier) or in_receiving_scope(official, dossier):
        return True
    return (
        official.is_active
        and Role.VILLAGE_TEAM in official.role_set
        and dossier.assisted_by_id == official.pk
    )


def not_found(code: str) -> NotFound:
    return NotFound(f"Không tìm thấy hồ sơ mã «{code}».", code="dossier.not_found")


def check_can_view(official: Official, dossier: Dossier) -> None:
    if not can_view(official, dossier):
        raise not_found(dossier.code)


def may_act(official: Official, dossier: Dossier, action: str) -> bool:
    if in_competent_scope(official, dossier):
        return True
    return action in COUNTER_ACTIONS and in_receiving_scope(official, dossier)


def check_may_act(official: Official, dossier: Dossier, action: str) -> None:
    """NotFound when the dossier is out of sight; PermissionDenied when it is visible but
    belongs to another commune's processing. Roles are checked by the state machine."""
    check_can_view(official, dossier)
    if not may_act(official, dossier, action):
        raise PermissionDenied(
            "Hồ sơ này do xã khác giải quyết; bạn chỉ được xem.",
            code="dossier.other_commune",
        )


def check_working_role(official: Official, what: str) -> None:
    if not (official.role_set & WORKING_ROLES):
        raise PermissionDenied(
            f"Vai trò của bạn không được {what}.", code="dossier.forbidden"
        )
