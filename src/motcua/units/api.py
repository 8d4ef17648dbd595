"""REST endpoints of the units app, mounted at /api/units/. Public reads, no login."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from motcua.api.schemas import errors
from motcua.errors import InvalidInput, NotFound
from motcua.units import selectors
from motcua.units.domain import AGENCY_KINDS, Status

router = Router()


class ProvinceOut(Schema):
    code: str
    name: str
    full_name: str
    kind: str


class UnitOut(Schema):
    code: str
    name: str
    full_name: str
    kind: str
    province_code: str
    display: str


class OldUnitOut(Schema):
    code: str
    full_name: str
    district_full_name: str
    province_full_name: str
    display: str


class CandidateOut(Schema):
    old: OldUnitOut | None = None
    units: list[UnitOut]
    display: str


class ConversionOut(Schema):
    address: str
    status: str
    status_label: str
    message: str
    units: list[UnitOut]
    old: OldUnitOut | None = None
    candidates: list[CandidateOut]
    notes: list[str]


class AgencyOut(Schema):
    code: str
    electronic_id: str
    name: str
    kind: str
    kind_label: str
    province_code: str
    commune_code: str
    parent_code: str | None = None


@router.get("/provinces", response=list[ProvinceOut], summary="Danh sách 34 tỉnh, thành phố")
def list_provinces(request: HttpRequest) -> Any:
    selectors.ensure_loaded()
    return list(selectors.provinces())


@router.get("/provinces/{code}/units", response={200: list[UnitOut], **errors(400, 404)},
            summary="Xã, phường, đặc khu của một tỉnh")
def list_units(request: HttpRequest, code: str) -> Any:
    selectors.ensure_loaded()
    province = selectors.find_province(code)
    return [
        {"code": u.code, "name": u.name, "full_name": u.full_name, "kind": u.kind,
         "province_code": province.code, "display": f"{u.full_name}, {province.full_name}"}
        for u in selectors.units_of_province(province.code)
    ]


@router.get("/convert", response={200: ConversionOut, **errors(400, 404)},
            summary="Chuyển địa chỉ cũ (trước 01/7/2025) sang đơn vị hành chính mới")
def convert_address(request: HttpRequest, address: str = "") -> Any:
    """Trả về trạng thái: `exact` (một đơn vị mới), `split` (đơn vị cũ bị chia, liệt kê mọi
    đơn vị mới), `already_new` (địa chỉ đã theo đơn vị mới), `ambiguous` (nhiều khả năng,
    xem `candidates`). Không tìm thấy: 404; địa chỉ trống: 400."""
    result = selectors.convert_address(address)
    if result.status is Status.NOT_FOUND:
        raise NotFound(result.message, code="address_not_found", details={"address": address})
    return result.as_dict()


@router.get("/agencies", response={200: list[AgencyOut], **errors(400, 404)},
            summary="Cơ quan của một xã hoặc một tỉnh")
def list_agencies(request: HttpRequest, commune: str = "", province: str = "") -> Any:
    if commune:
        agencies = selectors.agencies_of_commune(commune)
    elif province:
        agencies = selectors.agencies_of_province(selectors.find_province(province).code)
    else:
        raise InvalidInput("Cần tham số «commune» (mã xã) hoặc «province» (tên hoặc mã tỉnh).",
                           code="filter_required")
    return [
        {"code": a.code, "electronic_id": a.electronic_id, "name": a.name, "kind": a.kind,
         "kind_label": AGENCY_KINDS.get(a.kind, a.kind), "province_code": a.province_code,
         "commune_code": a.commune_code, "parent_code": a.parent.code if a.parent else None}
        for a in agencies.select_related("parent")
    ]
