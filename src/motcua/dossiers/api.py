"""REST endpoints of the dossiers app, mounted at /api/dossiers/.

Authentication: the browser session (with its CSRF token for writes) or
``Authorization: Bearer <token>`` for other systems (tokens: ``services.create_api_token``).
Every read and write is scoped like the screens: a dossier out of the caller's scope is a
404. Errors are ``{"error": {"code", "message", "details"}}`` with a Vietnamese message.
"""

# No ``from __future__ import annotations`` here: the action endpoints are made in a loop
# and django-ninja reads their body type from the evaluated annotations.

import json
from collections.abc import Callable
from typing import Annotated, Any

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.responses import NinjaJSONEncoder
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf
from pydantic import BeforeValidator

from motcua.dossiers import selectors, services
from motcua.dossiers.schemas import (
    ActionIn,
    ApologyIn,
    AttachmentOut,
    DossierDetailOut,
    DossierListOut,
    DossierOut,
    DossierStatusOut,
    DossierSummaryOut,
    ErrorOut,
    EventOut,
    HandlerIn,
    NoteIn,
    OptionalHandlerIn,
    ReasonIn,
    ReceiveIn,
    ResultIn,
    ReturnIn,
    SupplementIn,
    TransferIn,
    WithdrawIn,
)
from motcua.errors import PermissionDenied
from motcua.privacy.domain import AccessAction
from motcua.privacy.services import record_access
from motcua.uploads.responses import file_response

try:
    from ninja import Status
except ImportError:  # django-ninja before Status existed: a (status, body) tuple
    def Status(status_code: int, value: Any) -> Any:  # type: ignore[no-redef]  # noqa: N802
        return status_code, value


def _created(body: Any) -> Any:
    return Status(201, body)


def _json(body: dict[str, Any], status: int = 200) -> HttpResponse:
    """The body as JSON, as django-ninja would render it from the declared schema, without
    validating it again: on the hot paths (lists, status, intake) that validation cost more
    than the query. The bodies come from the schemas' own ``from_*`` builders and tests
    check them against the schemas."""
    return HttpResponse(json.dumps(body, cls=NinjaJSONEncoder, ensure_ascii=False),
                        status=status, content_type="application/json; charset=utf-8")


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` for other systems."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        official = services.official_for_token(token)
        if official is not None:
            request.user = official
        return official


class SessionAuth(APIKeyCookie):
    """The logged-in official's session. Unlike django-ninja's own, an anonymous request
    falls through to 401 rather than failing the CSRF check first."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in ("GET", "HEAD", "OPTIONS") and check_csrf(request):
            raise PermissionDenied(
                "Thiếu hoặc sai mã CSRF của phiên làm việc; hãy tải lại trang.",
                code="csrf_failed",
            )
        return user


router = Router(auth=[BearerTokenAuth(), SessionAuth()])

ERRORS: dict[int, type] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
                           409: ErrorOut, 422: ErrorOut}
# An offset the database can take (SQLite and PostgreSQL stop at 64-bit integers).
MAX_OFFSET = 2**31 - 1
FILE_OPENAPI = {"responses": {200: {"description": "Nội dung tệp",
                                    "content": {"*/*": {"schema": {"type": "string",
                                                                   "format": "binary"}}}}}}


def _blank_is_none(value: Any) -> Any:
    # A form field cannot carry JSON null: an empty field or the text "null" means none.
    return None if isinstance(value, str) and value.strip().lower() in ("", "null") else value


FormInt = Annotated[int | None, BeforeValidator(_blank_is_none)]


def _detail(request: HttpRequest, code: str) -> dict[str, Any]:
    return _body(selectors.dossier_detail(request.auth, code, with_events=False))


def _body(detail: selectors.DossierDetail) -> dict[str, Any]:
    body = DossierOut.from_dossier(detail.dossier)
    body.update({
        "documents": [
            {"required_document_id": x.required_document_id, "name": x.name,
             "copies": x.copies, "provided": x.provided, "from_data_held": x.from_data_held,
             "scanned": x.scanned}
            for x in detail.documents
        ],
        "pauses": [
            {"round": p.round, "started_at": p.started_at, "ended_at": p.ended_at,
             "missing_items": p.missing_items}
            for p in detail.pauses
        ],
        "attachments": [AttachmentOut.from_row(a) for a in detail.attachments],
        "members": [DossierSummaryOut.from_dossier(m) for m in detail.members],
        "allowed_actions": detail.allowed_actions,
    })
    return body


@router.post("/", response={201: DossierDetailOut, **ERRORS}, summary="Tiếp nhận hồ sơ")
def receive(request: HttpRequest, payload: ReceiveIn) -> Any:
    """Tiếp nhận hồ sơ tại bộ phận một cửa: kiểm tra thành phần, cấp mã, hẹn ngày trả."""
    data = payload.dict()
    documents = data.pop("documents")
    dossier = services.receive_dossier(
        request.auth, documents=[services.DocumentLine(**x) for x in documents], **data
    )
    return _json(_body(selectors.received_detail(request.auth, dossier)), status=201)


@router.get("/", response={200: DossierListOut, **ERRORS}, summary="Danh sách hồ sơ")
def list_dossiers(request: HttpRequest, kind: str = "all",
                  limit: int = Query(50, ge=1, le=200),  # noqa: B008
                  offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> dict[str, Any]:  # noqa: B008
    """Danh sách công việc: new, due_soon, overdue, waiting_supplement,
    waiting_my_signature, mine, result_ready, all."""
    items, count = selectors.worklist_summaries(request.auth, kind, limit=limit, offset=offset)
    return _json({"kind": kind, "count": count,
                  "items": [DossierSummaryOut.from_dossier(d) for d in items]})


@router.get("/{code}", response={200: DossierDetailOut, **ERRORS}, summary="Chi tiết hồ sơ")
def detail(request: HttpRequest, code: str) -> dict[str, Any]:
    found = selectors.dossier_detail(request.auth, code, with_events=False)
    record_access(request.auth, found.dossier, AccessAction.API_READ, request=request)
    return _body(found)


@router.get("/{code}/status", response={200: DossierStatusOut, **ERRORS},
            summary="Tình trạng hồ sơ (tra cứu nhanh theo mã)")
def status(request: HttpRequest, code: str) -> dict[str, Any]:
    """Trạng thái, hạn trả, bước và người đang xử lý — một lần đọc theo mã hồ sơ."""
    return _json(DossierStatusOut.from_dossier(selectors.get_dossier(request.auth, code)))


@router.get("/{code}/events", response={200: list[EventOut], **ERRORS},
            summary="Nhật ký (dòng thời gian) của hồ sơ")
def events(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    dossier = selectors.get_dossier(request.auth, code)
    return [EventOut.from_entry(e) for e in selectors.timeline(dossier)]


@router.post("/{code}/attachments", response={201: AttachmentOut, **ERRORS},
             summary="Đính kèm tệp (bản số hóa, kết quả, tài liệu)")
def attach(request: HttpRequest, code: str, file: UploadedFile = File(...),  # noqa: B008
           kind: str = Form("scan"), electronic: bool = Form(False), note: str = Form(""),
           expected_version: FormInt = Form(None)) -> Any:  # noqa: B008
    attachment = services.add_attachment(
        request.auth, code, file=file, kind=kind, electronic=electronic, note=note,
        expected_version=expected_version,
    )
    return _created(AttachmentOut.from_row(attachment))


@router.get("/{code}/attachments/{attachment_id}", response={200: None, **ERRORS},
            openapi_extra=FILE_OPENAPI, summary="Tải tệp đính kèm")
def download(request: HttpRequest, code: str, attachment_id: int) -> FileResponse:
    attachment = selectors.get_attachment(request.auth, code, attachment_id)
    record_access(request.auth, attachment.dossier, AccessAction.DOWNLOAD, request=request)
    return file_response(attachment.file, filename=attachment.original_name,
                         content_type=attachment.content_type)


def _common(body: ActionIn) -> dict[str, Any]:
    return {"note": body.note, "expected_version": body.expected_version}


# (path name, body schema, service call, summary)
ACTIONS: list[tuple[str, type, Callable[..., Any], str]] = [
    ("assign", HandlerIn,
     lambda o, c, b: services.assign(o, c, handler=b.handler, **_common(b)), "Phân công xử lý"),
    ("start", ActionIn, lambda o, c, b: services.start(o, c, **_common(b)), "Nhận xử lý"),
    ("forward", HandlerIn,
     lambda o, c, b: services.forward(o, c, handler=b.handler, **_common(b)),
     "Chuyển bước tiếp theo"),
    ("reassign", HandlerIn,
     lambda o, c, b: services.reassign(o, c, handler=b.handler, **_common(b)),
     "Đổi người xử lý"),
    ("request_supplement", SupplementIn,
     lambda o, c, b: services.request_supplement(o, c, missing_items=b.missing_items,
                                                 **_common(b)),
     "Yêu cầu bổ sung, hoàn thiện hồ sơ"),
    ("receive_supplement", ActionIn,
     lambda o, c, b: services.receive_supplement(o, c, **_common(b)), "Nhận hồ sơ bổ sung"),
    ("submit_for_signature", ActionIn,
     lambda o, c, b: services.submit_for_signature(o, c, **_common(b)), "Trình ký"),
    ("approve", ResultIn,
     lambda o, c, b: services.approve(o, c, electronic_result=b.electronic_result,
                                      **_common(b)), "Ký duyệt"),
    ("reject", ReasonIn,
     lambda o, c, b: services.reject(o, c, reason=b.reason, **_common(b)),
     "Trả lại để xử lý lại"),
    ("mark_result_ready", ResultIn,
     lambda o, c, b: services.mark_result_ready(o, c, electronic_result=b.electronic_result,
                                                **_common(b)), "Xác nhận đã có kết quả"),
    ("return_result", ReturnIn,
     lambda o, c, b: services.return_result(o, c, collected_by=b.collected_by,
                                            channel=b.channel, **_common(b)), "Trả kết quả"),
    ("refuse", ReasonIn,
     lambda o, c, b: services.refuse(o, c, reason=b.reason, **_common(b)), "Từ chối giải quyết"),
    ("withdraw", WithdrawIn,
     lambda o, c, b: services.withdraw(o, c, requested_by=b.requested_by, **_common(b)),
     "Rút hồ sơ"),
    ("stop", ReasonIn,
     lambda o, c, b: services.stop(o, c, reason=b.reason, **_common(b)), "Dừng giải quyết"),
    ("transfer", TransferIn,
     lambda o, c, b: services.transfer(o, c, to_agency=b.to_agency, **_common(b)),
     "Chuyển liên thông"),
    ("receive_back", OptionalHandlerIn,
     lambda o, c, b: services.receive_back(o, c, handler=b.handler, **_common(b)),
     "Nhận lại hồ sơ liên thông"),
    ("apologize", ApologyIn,
     lambda o, c, b: services.apologize(o, c, reason=b.reason, new_due_at=b.new_due_at,
                                        **_common(b)),
     "Xin lỗi và hẹn lại ngày trả kết quả"),
    ("add_note", NoteIn,
     lambda o, c, b: services.add_note(o, c, text=b.text, expected_version=b.expected_version),
     "Ghi chú"),
]
ACTION_NAMES = [name for name, *_ in ACTIONS]


def _register(name: str, schema: type, call: Callable[..., Any], summary: str) -> None:
    def endpoint(request: HttpRequest, code: str, payload: schema) -> dict[str, Any]:  # type: ignore[valid-type]
        dossier = call(request.auth, code, payload)
        return _detail(request, dossier.code)

    endpoint.__name__ = f"action_{name}"
    router.post(f"/{{code}}/actions/{name}", response={200: DossierDetailOut, **ERRORS},
                summary=summary, operation_id=f"dossiers_action_{name}")(endpoint)


for _name, _schema, _call, _summary in ACTIONS:
    _register(_name, _schema, _call, _summary)
