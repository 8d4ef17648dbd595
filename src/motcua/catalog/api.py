"""REST API of the catalog (public, read-only): /api/catalog/…"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from motcua.api.schemas import errors
from motcua.catalog import selectors
from motcua.catalog.models import Procedure

router = Router()


class FieldOut(Schema):
    code: str = Field(..., examples=["ho-tich"])
    name: str = Field(..., examples=["Hộ tịch"])
    procedure_count: int = Field(..., description="Số thủ tục đang áp dụng", examples=[16])


class ProcedureSummaryOut(Schema):
    code: str = Field(..., description="Mã TTHC trên CSDL quốc gia hoặc mã địa phương DP-…",
                      examples=["1.001193"])
    name: str = Field(..., examples=["Đăng ký khai sinh"])
    field_code: str = Field(..., examples=["ho-tich"])
    field_name: str = Field(..., examples=["Hộ tịch"])
    level: str = Field(..., description="commune | province | central", examples=["commune"])
    online_level: str = Field(..., description="fully_online | partly_online | in_person",
                              examples=["fully_online"])
    online_level_label: str = Field(..., examples=["Trực tuyến toàn trình"])
    limit_value: float = Field(..., examples=[1])
    limit_unit: str = Field(..., description="days | hours | same_day", examples=["same_day"])
    limit_text: str = Field(..., examples=["Trong ngày"])
    fee_amount: int | None = Field(None, description="Đồng; 0 = không thu; null = chưa rõ",
                                   examples=[0])
    fee_text: str = Field("", examples=["Miễn lệ phí khi đăng ký khai sinh đúng hạn"])
    url: str = Field(..., examples=["/thu-tuc/1.001193/"])


class RequiredDocumentOut(Schema):
    order: int
    name: str = Field(..., examples=["Tờ khai đăng ký khai sinh (theo mẫu)"])
    copies: int = Field(..., description="0 = chỉ xuất trình", examples=[1])
    form: str = Field(..., description="original | copy | either", examples=["original"])
    requirement: str = Field(..., description="mandatory | conditional", examples=["mandatory"])
    condition: str = ""
    reusable_from_data: bool = Field(..., description="Có thể dùng dữ liệu sẵn có")


class StepOut(Schema):
    order: int
    name: str = Field(..., examples=["Tiếp nhận, kiểm tra hồ sơ"])
    role: str = Field(..., examples=["clerk"])
    performer: str = ""
    duration_value: float = Field(..., examples=[1])
    duration_unit: str = Field(..., description="days | hours", examples=["hours"])


class GroupOut(Schema):
    code: str = Field(..., examples=["LT-KS-TT-BHYT"])
    name: str
    procedure_code: str | None = Field(None, examples=["2.000986"])
    member_codes: list[str] = Field(..., examples=[["1.001193", "1.004222", "DP-BHYT-01"]])


class ProcedureDetailOut(ProcedureSummaryOut):
    agency_kind: str = Field("", examples=["ubnd"])
    agency_name: str = Field("", examples=["Ủy ban nhân dân cấp xã"])
    limit_note: str = ""
    fee_note: str = ""
    submit_where: str = ""
    results: list[str] = Field(default_factory=list, examples=[["Giấy khai sinh"]])
    legal_basis: list[str] = Field(default_factory=list,
                                   examples=[["Luật Hộ tịch số 60/2014/QH13"]])
    aliases: list[str] = Field(default_factory=list, examples=[["làm giấy khai sinh"]])
    documents: list[RequiredDocumentOut]
    steps: list[StepOut]
    groups: list[GroupOut]
    updated_at: str = Field(..., examples=["2025-07-01T08:00:00+07:00"])


class ProcedureQuery(Schema):
    q: str = Field("", description="Nội dung tìm (có dấu hoặc không dấu); có q thì xếp hạng",
                   examples=["lam giay khai sinh"])
    field: str = Field("", description="Mã lĩnh vực", examples=["ho-tich"])
    limit: int = Field(50, ge=1, le=500)


def _summary(p: Procedure) -> dict:
    return {
        "code": p.code, "name": p.name, "field_code": p.field.code, "field_name": p.field.name,
        "level": p.level, "online_level": p.online_level,
        "online_level_label": p.get_online_level_display(), "limit_value": float(p.limit_value),
        "limit_unit": p.limit_unit, "limit_text": p.limit_text, "fee_amount": p.fee_amount,
        "fee_text": p.fee_text, "url": reverse("catalog:detail", args=[p.code]),
    }


@router.get("/fields", response=list[FieldOut], summary="Lĩnh vực và số thủ tục")
def list_fields(request: HttpRequest):
    return [
        {"code": f.code, "name": f.name, "procedure_count": f.procedure_count}
        for f in selectors.fields_with_counts()
    ]


@router.get("/procedures", response={200: list[ProcedureSummaryOut], **errors(422)},
            summary="Danh sách, tìm thủ tục")
def list_procedures(request: HttpRequest, params: Query[ProcedureQuery]):
    """Có `q`: kết quả xếp theo mức phù hợp (tốt nhất trước). Không có `q`: theo lĩnh vực, mã."""
    if params.q.strip():
        items = selectors.search_procedures(params.q, field_code=params.field, limit=params.limit)
    else:
        items = list(selectors.active_procedures(params.field)[: params.limit])
    return [_summary(p) for p in items]


@router.get("/procedures/{code}", response={200: ProcedureDetailOut, **errors(404)},
            summary="Chi tiết một thủ tục")
def get_procedure(request: HttpRequest, code: str):
    p = selectors.get_procedure(code)
    groups = {g.code: g for g in [*p.groups.all(), *p.as_group.all()]}
    return {
        **_summary(p),
        "agency_kind": p.agency_kind, "agency_name": p.agency_name, "limit_note": p.limit_note,
        "fee_note": p.fee_note, "submit_where": p.submit_where, "results": p.results,
        "legal_basis": p.legal_basis, "aliases": p.aliases,
        "documents": [
            {"order": d.order, "name": d.name, "copies": d.copies, "form": d.form,
             "requirement": d.requirement, "condition": d.condition,
             "reusable_from_data": d.reusable_from_data}
            for d in p.documents.all()
        ],
        "steps": [
            {"order": s.order, "name": s.name, "role": s.role, "performer": s.performer,
             "duration_value": float(s.duration_value), "duration_unit": s.duration_unit}
            for s in p.steps.all()
        ],
        "groups": [
            {"code": g.code, "name": g.name,
             "procedure_code": g.procedure.code if g.procedure_id else None,
             "member_codes": [m.procedure.code for m in g.memberships.all()]}
            for g in groups.values()
        ],
        "updated_at": p.updated_at.isoformat(),
    }
