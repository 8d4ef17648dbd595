"""The REST API: one NinjaAPI, one router per app (each app's ``api.py``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from motcua.errors import MotcuaError

api = NinjaAPI(
    title="motcua API",
    version="1",
    description="API của hệ thống một cửa cấp xã (motcua). Lỗi trả về dạng "
    '`{"error": {"code": ..., "message": ...}}` với thông báo tiếng Việt.',
    urls_namespace="api",
)


def _error(request: HttpRequest, status: int, code: str, message: str, details=None) -> HttpResponse:
    body = {"error": {"code": code, "message": message}}
    if details is not None:
        body["error"]["details"] = details
    return api.create_response(request, body, status=status)


@api.exception_handler(MotcuaError)
def _motcua_error(request: HttpRequest, exc: MotcuaError) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.message, exc.details)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [
        {"loc": [str(p) for p in e.get("loc", [])], "msg": e.get("msg", "")} for e in exc.errors
    ]
    return _error(
        request, 422, "invalid_input", "Dữ liệu gửi lên không hợp lệ. Vui lòng kiểm tra các trường.", details
    )


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", "Cần đăng nhập để dùng chức năng này.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "http_error", str(exc))


def _register_routers() -> None:
    from motcua.catalog.api import router as catalog_router
    from motcua.dossiers.api import router as dossiers_router
    from motcua.indicators.api import router as indicators_router
    from motcua.units.api import router as units_router
    from motcua.workdays.api import router as workdays_router

    api.add_router("/units/", units_router, tags=["Đơn vị hành chính"])
    api.add_router("/catalog/", catalog_router, tags=["Thủ tục hành chính"])
    api.add_router("/workdays/", workdays_router, tags=["Lịch làm việc"])
    api.add_router("/dossiers/", dossiers_router, tags=["Hồ sơ một cửa"])
    api.add_router("/indicators/", indicators_router, tags=["Chỉ số, báo cáo"])


_register_routers()
