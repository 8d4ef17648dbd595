"""Which agency receives, which one decides, and who may hold a dossier."""

from __future__ import annotations

from motcua.accounts.models import Official
from motcua.catalog.models import Procedure
from motcua.dossiers.permissions import HANDLER_ROLES
from motcua.errors import InvalidInput
from motcua.memo import Memo
from motcua.text import fold
from motcua.units.models import Agency, Unit

COMMUNE_COUNTER_KINDS = ("service_center", "ubnd")
COMMUNE_PEOPLES_COMMITTEE = "ubnd"
PROVINCE_DEPARTMENT = "province_department"


# Agencies change a few times a year; intake asks for them on every dossier.
_COMMUNE_AGENCIES: Memo[list[Agency]] = Memo("commune-agencies")
_PROVINCE_AGENCIES: Memo[list[Agency]] = Memo("province-agencies")


def commune_agencies(commune_code: str) -> list[Agency]:
    """The active agencies of a commune (shared, read-only)."""
    return _COMMUNE_AGENCIES.get(commune_code, lambda: list(
        Agency.objects.filter(commune_code=commune_code, is_active=True)))


def province_agencies(province_code: str) -> list[Agency]:
    """The active provincial agencies (no commune) of a province (shared, read-only)."""
    return _PROVINCE_AGENCIES.get(province_code, lambda: list(
        Agency.objects.filter(province_code=province_code, commune_code="", is_active=True)))


_AGENCIES_BY_ID: Memo[Agency] = Memo("agencies-by-id")
_OFFICIALS_BY_ID: Memo[Official] = Memo("officials-by-id")


def official_by_id(official_id: int) -> Official:
    """An official by primary key, for showing who holds a dossier (shared, read-only)."""
    return _OFFICIALS_BY_ID.get(official_id, lambda: Official.objects.get(pk=official_id))


def agency_by_id(agency_id: int) -> Agency:
    """An agency by primary key, active or not (dossiers keep pointing at retired ones)."""
    return _AGENCIES_BY_ID.get(agency_id, lambda: Agency.objects.get(pk=agency_id))


def _no_agency(what: str) -> InvalidInput:
    return InvalidInput(
        f"Chưa khai báo {what}; quản trị viên hãy chạy «motcua units agencies».",
        code="agency.missing",
    )


def unit_exists(code: str, province_code: str | None = None) -> bool:
    qs = Unit.objects.filter(code=code)
    if province_code:
        qs = qs.filter(province_id=province_code)
    return qs.exists()


def receiving_agency_for(actor: Official, given: Agency | str | None) -> Agency:
    """The agency whose counter receives (its identifier goes into the dossier code): the
    one given, else the actor's own agency, else the commune's service centre, else its
    People's Committee. It must be an active agency of the actor's commune."""
    commune = commune_agencies(actor.commune_code)
    if given is not None:
        if isinstance(given, Agency):
            agency = next((a for a in commune if a.pk == given.pk), None)
        else:
            text = str(given).strip()
            agency = (next((a for a in commune if a.code == text), None)
                      or next((a for a in commune if a.electronic_id == text.upper()), None))
        if agency is None:
            raise InvalidInput(
                "Cơ quan tiếp nhận phải là một cơ quan đang hoạt động của xã bạn.",
                code="agency.invalid", details={"field": "receiving_agency"},
            )
        return agency
    if actor.agency_code:
        agency = next((a for a in commune if a.code == actor.agency_code), None)
        if agency is not None:
            return agency
    by_kind: dict[str, Agency] = {}
    for a in commune:
        if a.kind in COMMUNE_COUNTER_KINDS:
            by_kind[a.kind] = a
    for kind in COMMUNE_COUNTER_KINDS:
        if kind in by_kind:
            return by_kind[kind]
    raise _no_agency("bộ phận một cửa của xã")


def competent_agency(
    procedure: Procedure, commune_code: str, receiving: Agency
) -> tuple[Agency, str]:
    """The agency that decides ``procedure`` for a dossier received by ``receiving`` and
    handled in ``commune_code``, and the commune code the dossier carries.

    Commune procedures go to the commune agency of the catalog's kind (the People's
    Committee when the kind is blank: police or social insurance decide, and the commune
    coordinates and transfers). Provincial procedures go to the provincial agency of that
    kind whose name the catalog gives (else the provincial People's Committee); the dossier
    stays in the receiving commune's lists, which follow it up.
    """
    kind = procedure.agency_kind or COMMUNE_PEOPLES_COMMITTEE
    if kind != PROVINCE_DEPARTMENT:
        agencies: dict[str, Agency] = {}
        for a in commune_agencies(commune_code):
            if a.kind in (kind, COMMUNE_PEOPLES_COMMITTEE):
                agencies[a.kind] = a
        agency = agencies.get(kind) or agencies.get(COMMUNE_PEOPLES_COMMITTEE)
        if agency is None:
            raise _no_agency(f"cơ quan giải quyết của xã mã {commune_code}")
        return agency, commune_code
    candidates = [a for a in province_agencies(receiving.province_code)
                  if a.kind in (kind, COMMUNE_PEOPLES_COMMITTEE)]
    wanted = fold(procedure.agency_name)
    named = [a for a in candidates if a.kind == kind and wanted and fold(a.name) in wanted]
    fallback = [a for a in candidates if a.kind == COMMUNE_PEOPLES_COMMITTEE]
    choice = (named or fallback or [None])[0]
    if choice is None:
        raise _no_agency("cơ quan cấp tỉnh giải quyết thủ tục này")
    return choice, receiving.commune_code


def resolve_official(ref: Official | int | str, field: str) -> Official:
    """An active official given as an object, a numeric id or a user name."""
    if isinstance(ref, Official):
        official: Official | None = ref
    else:
        text = str(ref).strip()
        qs = Official.objects.filter(is_active=True)
        official = (
            qs.filter(pk=int(text)).first() if text.isdigit() else qs.filter(
                username=text.lower()).first()
        )
    if official is None or not official.is_active:
        raise InvalidInput(f"Không tìm thấy cán bộ «{ref}».", code="official.unknown",
                           details={"field": field})
    return official


def handler_for(ref: Official | int | str, commune_code: str, field: str = "handler") -> Official:
    """An official who may hold a dossier of ``commune_code``."""
    official = resolve_official(ref, field)
    if official.commune_code != commune_code or not (official.role_set & HANDLER_ROLES):
        raise InvalidInput(
            f"«{official}» không phải công chức xử lý hồ sơ của xã này.",
            code="handler.invalid", details={"field": field},
        )
    return official


def resolve_agency(ref: Agency | str, field: str = "to_agency") -> Agency:
    if isinstance(ref, Agency):
        return ref
    text = str(ref).strip()
    agency = (
        Agency.objects.filter(is_active=True, code=text).first()
        or Agency.objects.filter(is_active=True, electronic_id=text.upper()).first()
    )
    if agency is None:
        raise InvalidInput(f"Không tìm thấy cơ quan «{ref}».", code="agency.unknown",
                           details={"field": field})
    return agency
