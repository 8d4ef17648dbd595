"""Request and response bodies of the dossiers API (``api.py``), with Vietnamese
descriptions for the OpenAPI document."""

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from motcua.api.schemas import ErrorBody, ErrorOut  # noqa: F401  (re-exported)
from motcua.dossiers.models import Dossier, DossierAttachment
from motcua.dossiers.selectors import TimelineEntry

# -- input -------------------------------------------------------------------------------


class DocumentIn(Schema):
    required_document_id: int | None = Field(
        None, description="Mã giấy tờ trong thành phần hồ sơ của thủ tục (API danh mục)")
    name: str = Field("", max_length=1000, description="Tên giấy tờ (bắt buộc với giấy tờ ngoài danh mục)")
    copies: int | None = Field(None, ge=0, le=99, description="Số bản; mặc định theo danh mục")
    provided: bool = Field(True, description="Người nộp đã nộp hoặc xuất trình")
    from_data_held: bool = Field(False, description="Khai thác từ dữ liệu sẵn có, không phải nộp")
    scanned: bool = Field(False, description="Đã số hóa (scan)")


class ReceiveIn(Schema):
    procedure_code: str = Field(..., max_length=32, description="Mã thủ tục hành chính, ví dụ 1.001193")
    applicant_name: str = Field(..., max_length=200, description="Họ và tên người nộp")
    applicant_personal_id: str = Field(..., max_length=20, description="Số định danh cá nhân (12 chữ số)")
    applicant_phone: str = Field("", max_length=20, description="Số điện thoại")
    applicant_email: str = Field("", max_length=254, description="Thư điện tử")
    applicant_address: str = Field("", max_length=500, description="Địa chỉ; địa chỉ cũ được chuyển sang đơn vị mới")
    applicant_unit_code: str = Field("", max_length=5, description="Mã xã nơi cư trú (đơn vị mới), nếu đã biết")
    channel: Literal["counter", "online", "post", "assisted"] = Field(
        "counter", description="Hình thức nộp: trực tiếp, trực tuyến, bưu chính, nộp hộ")
    documents: list[DocumentIn] = Field(default_factory=list, description="Thành phần hồ sơ đã nhận")
    receiving_agency: str | None = Field(None, description="Mã hoặc mã định danh cơ quan tiếp nhận (mặc định: bộ phận một cửa của xã)")
    competent_commune_code: str = Field("", max_length=5, description="Mã xã giải quyết, khi khác xã tiếp nhận")
    assisted_by: str | None = Field(None, description="Tên đăng nhập thành viên Tổ công nghệ số đã nộp hộ")
    received_at: dt.datetime | None = Field(None, description="Thời điểm tiếp nhận (mặc định: bây giờ)")
    note: str = Field("", max_length=5000, description="Ghi chú")


class ActionIn(Schema):
    note: str = Field("", max_length=5000, description="Ghi chú kèm thao tác")
    expected_version: int | None = Field(
        None, description="Phiên bản hồ sơ đã xem; khác phiên bản hiện tại thì trả 409")


class HandlerIn(ActionIn):
    handler: str = Field(..., description="Tên đăng nhập hoặc mã số cán bộ xử lý")


class OptionalHandlerIn(ActionIn):
    handler: str | None = Field(None, description="Cán bộ xử lý tiếp (mặc định: người cũ)")


class SupplementIn(ActionIn):
    missing_items: list[str] = Field(..., description="Giấy tờ cần bổ sung, hoàn thiện")


class ReasonIn(ActionIn):
    reason: str = Field(..., max_length=5000, description="Lý do")


class ResultIn(ActionIn):
    electronic_result: bool | None = Field(
        None, description="Kết quả điện tử; mặc định theo tệp kết quả đã đính kèm")


class ReturnIn(ActionIn):
    collected_by: str = Field(..., max_length=200, description="Người nhận kết quả")
    channel: Literal["counter", "post", "online"] = Field("counter", description="Hình thức trả")


class WithdrawIn(ActionIn):
    requested_by: str = Field("", max_length=200, description="Người đề nghị rút (mặc định: người nộp)")


class TransferIn(ActionIn):
    to_agency: str = Field(..., description="Mã hoặc mã định danh cơ quan nhận liên thông")


class ApologyIn(ActionIn):
    reason: str = Field(..., max_length=5000, description="Lý do chậm trễ")
    new_due_at: dt.datetime = Field(..., description="Ngày hẹn trả mới (có múi giờ)")


class NoteIn(Schema):
    text: str = Field(..., max_length=5000, description="Nội dung ghi chú")
    expected_version: int | None = Field(
        None, description="Phiên bản hồ sơ đã xem; khác phiên bản hiện tại thì trả 409")


# -- output ------------------------------------------------------------------------------


class AgencyRef(Schema):
    code: str
    electronic_id: str
    name: str


class OfficialRef(Schema):
    id: int
    username: str
    name: str


def _official(o: Any) -> dict[str, Any] | None:
    if o is None:
        return None
    return {"id": o.pk, "username": o.username, "name": str(o)}


def _agency(a: Any) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"code": a.code, "electronic_id": a.electronic_id, "name": a.name}


class DossierSummaryOut(Schema):
    code: str = Field(description="Mã hồ sơ <mã cơ quan>-YYMMDD-XXXX")
    state: str = Field(description="Trạng thái (mã)")
    state_label: str = Field(description="Trạng thái (tiếng Việt)")
    procedure_code: str
    procedure_name: str
    applicant_name: str
    received_at: dt.datetime
    due_at: dt.datetime = Field(description="Hẹn trả kết quả")
    handler: OfficialRef | None = Field(None, description="Người đang xử lý")
    current_step: str = Field("", description="Bước xử lý hiện tại")
    version: int

    @staticmethod
    def from_dossier(d: Dossier) -> dict[str, Any]:
        return {
            "code": d.code, "state": d.state, "state_label": d.state_label,
            "procedure_code": d.procedure.code, "procedure_name": d.procedure.name,
            "applicant_name": d.applicant_name, "received_at": d.received_at,
            "due_at": d.due_at, "handler": _official(d.handler),
            "current_step": d.current_step_name, "version": d.version,
        }


class DossierStatusOut(Schema):
    """Where a dossier stands: what the counter, a phone call or another system asks most."""

    code: str
    state: str = Field(description="Trạng thái (mã)")
    state_label: str = Field(description="Trạng thái (tiếng Việt)")
    procedure_code: str
    procedure_name: str
    received_at: dt.datetime
    due_at: dt.datetime = Field(description="Hẹn trả kết quả")
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    current_step: str
    handler: dict[str, Any] | None
    missing_items: list[str] = Field(description="Giấy tờ đang chờ bổ sung")
    version: int

    @staticmethod
    def from_dossier(d: Dossier) -> dict[str, Any]:
        return {
            "code": d.code, "state": d.state, "state_label": d.state_label,
            "procedure_code": d.procedure.code, "procedure_name": d.procedure.name,
            "received_at": d.received_at, "due_at": d.due_at, "finished_at": d.finished_at,
            "returned_at": d.returned_at, "current_step": d.current_step_name,
            "handler": _official(d.handler),
            "missing_items": d.missing_items if d.state == "waiting_supplement" else [],
            "version": d.version,
        }


class DossierListOut(Schema):
    kind: str
    count: int = Field(description="Tổng số hồ sơ trong danh sách")
    items: list[DossierSummaryOut]


class DocumentOut(Schema):
    required_document_id: int | None
    name: str
    copies: int
    provided: bool
    from_data_held: bool
    scanned: bool


class PauseOut(Schema):
    round: int
    started_at: dt.datetime
    ended_at: dt.datetime | None
    missing_items: list[str]


class AttachmentOut(Schema):
    id: int
    kind: str
    name: str
    size: int
    sha256: str
    electronic: bool
    step_index: int | None
    note: str
    uploaded_at: dt.datetime
    uploaded_by: str

    @staticmethod
    def from_row(a: DossierAttachment) -> dict[str, Any]:
        return {
            "id": a.pk, "kind": a.kind, "name": a.original_name, "size": a.size,
            "sha256": a.sha256, "electronic": a.electronic, "step_index": a.step_index,
            "note": a.note, "uploaded_at": a.uploaded_at, "uploaded_by": str(a.uploaded_by),
        }


class DossierOut(DossierSummaryOut):
    province_code: str
    commune_code: str = Field(description="Xã của cơ quan giải quyết")
    receiving_commune_code: str = Field(description="Xã tiếp nhận")
    cross_boundary: bool = Field(description="Tiếp nhận không phụ thuộc địa giới hành chính")
    receiving_agency: AgencyRef
    competent_agency: AgencyRef
    transferred_to: AgencyRef | None = None
    applicant_personal_id: str
    applicant_phone: str
    applicant_email: str
    applicant_address: str
    applicant_unit_code: str
    channel: str
    original_due_at: dt.datetime = Field(description="Hẹn trả ban đầu")
    step_index: int | None
    step_due_at: dt.datetime | None
    steps: list[str] = Field(description="Quy trình xử lý")
    signature_required: bool
    missing_items: list[str]
    supplement_rounds: int
    late_by_supplements: bool
    finished_at: dt.datetime | None
    result_ready_at: dt.datetime | None
    returned_at: dt.datetime | None
    collected_by: str
    outcome_reason: str
    digitized: bool
    electronic_result: bool | None
    data_reused: bool
    group_id: str | None
    parent: str | None = Field(None, description="Mã hồ sơ liên thông chính")
    register_entry: int | None
    apologies: list[dict[str, Any]]
    note: str

    @staticmethod
    def from_dossier(d: Dossier) -> dict[str, Any]:
        base = DossierSummaryOut.from_dossier(d)
        base.update({
            "province_code": d.province_code, "commune_code": d.commune_code,
            "receiving_commune_code": d.receiving_commune_code,
            "cross_boundary": d.cross_boundary,
            "receiving_agency": _agency(d.receiving_agency),
            "competent_agency": _agency(d.competent_agency),
            "transferred_to": _agency(d.transferred_to),
            "applicant_personal_id": d.applicant_personal_id,
            "applicant_phone": d.applicant_phone, "applicant_email": d.applicant_email,
            "applicant_address": d.applicant_address,
            "applicant_unit_code": d.applicant_unit_code, "channel": d.channel,
            "original_due_at": d.original_due_at, "step_index": d.step_index,
            "step_due_at": d.step_due_at, "steps": [s["name"] for s in d.steps],
            "signature_required": d.signature_required, "missing_items": d.missing_items,
            "supplement_rounds": d.supplement_rounds,
            "late_by_supplements": d.late_by_supplements, "finished_at": d.finished_at,
            "result_ready_at": d.result_ready_at, "returned_at": d.returned_at,
            "collected_by": d.collected_by, "outcome_reason": d.outcome_reason,
            "digitized": d.digitized, "electronic_result": d.electronic_result,
            "data_reused": d.data_reused,
            "group_id": str(d.group_id) if d.group_id else None,
            "parent": d.parent.code if d.parent_id else None,
            "register_entry": d.register_entry, "apologies": d.apologies, "note": d.note,
        })
        return base


class EventOut(Schema):
    seq: int
    at: dt.datetime
    action: str
    label: str = Field(description="Thao tác (tiếng Việt)")
    from_state: str
    to_state: str
    actor_name: str
    note: str
    payload: dict[str, Any]

    @staticmethod
    def from_entry(e: TimelineEntry) -> dict[str, Any]:
        return {
            "seq": e.seq, "at": e.at, "action": e.action, "label": e.label,
            "from_state": e.from_state, "to_state": e.to_state, "actor_name": e.actor_name,
            "note": e.note, "payload": e.payload,
        }


class DossierDetailOut(DossierOut):
    documents: list[DocumentOut]
    pauses: list[PauseOut]
    attachments: list[AttachmentOut]
    members: list[DossierSummaryOut] = Field(description="Hồ sơ liên thông cùng nhóm")
    allowed_actions: list[str] = Field(description="Thao tác người dùng được làm lúc này")
