"""Who may see which dashboard, and finding units by name or code."""

from __future__ import annotations

from typing import Any

from motcua.accounts.domain import Role, may_see_commune, sees_whole_province
from motcua.errors import InvalidInput, NotFound, PermissionDenied
from motcua.text import fold
from motcua.units.models import Province, Unit

# Who may open the dashboards: the commune's leaders and the centre's director for their
# commune; province overseers and administrators for their province.
COMMUNE_ROLES = frozenset({Role.LEADER, Role.CENTER_DIRECTOR, Role.DIVISION_HEAD})


def _roles(official: Any) -> frozenset[Role]:
    return official.role_set if getattr(official, "is_authenticated", False) else frozenset()


def may_see_dashboards(official: Any) -> bool:
    roles = _roles(official)
    return sees_whole_province(roles) or bool(COMMUNE_ROLES & roles)


def home_of(official: Any) -> tuple[str, str]:
    """('province', code) or ('commune', code): the dashboard an official lands on."""
    roles = _roles(official)
    if sees_whole_province(roles) and official.province_code:
        return "province", official.province_code
    if COMMUNE_ROLES & roles and official.commune_code:
        return "commune", official.commune_code
    raise PermissionDenied("Tài khoản này không xem được trang chỉ số.",
                           code="indicators.forbidden")


def get_commune(official: Any, code: str) -> Unit:
    unit = Unit.objects.select_related("province").filter(code=code).first()
    if unit is None:
        raise NotFound(f"Không có xã, phường mã {code}.", code="indicators.commune_not_found")
    roles = _roles(official)
    allowed = may_see_dashboards(official) and may_see_commune(
        roles, official.province_code, official.commune_code, unit.province_id, unit.code)
    if not allowed:
        # Same answer as for a commune that does not exist: scoping does not leak names.
        raise NotFound(f"Không có xã, phường mã {code}.", code="indicators.commune_not_found")
    return unit


def get_province(official: Any, code: str) -> Province:
    province = Province.objects.filter(code=code).first()
    roles = _roles(official)
    if province is None or not (sees_whole_province(roles) and official.province_code == code):
        raise NotFound(f"Không có tỉnh mã {code} trong phạm vi được xem.",
                       code="indicators.province_not_found")
    return province


def find_commune(text: str) -> Unit:
    """A commune by code or by name (with or without diacritics, "xã" optional)."""
    text = text.strip()
    unit = Unit.objects.filter(code=text).first()
    if unit:
        return unit
    key = fold(text)
    for prefix in ("xa ", "phuong ", "dac khu "):
        if key.startswith(prefix):
            key = key[len(prefix):]
    matches = [u for u in Unit.objects.filter(folded__contains=key)
               if fold(u.name) == key or u.folded == key]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFound(f"Không tìm thấy xã, phường «{text}».", code="indicators.commune_unknown")
    names = ", ".join(f"{u.full_name} ({u.code})" for u in matches[:10])
    raise InvalidInput(f"Có nhiều đơn vị tên «{text}»: {names}; hãy ghi mã.",
                       code="indicators.commune_ambiguous")


def find_province(text: str) -> Province:
    from motcua.units.selectors import find_province as _find

    province = Province.objects.filter(code=text.strip()).first()
    return province or _find(text)


def commune_names(province_code: str) -> dict[str, str]:
    return dict(Unit.objects.filter(province_id=province_code).order_by("code")
                .values_list("code", "name"))
