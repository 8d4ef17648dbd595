"""Bodies every router shares: the error envelope and the error responses to declare.

Every endpoint lists in its ``response={...}`` each status it can answer with, so that the
OpenAPI document is true (the API robustness test checks it): ``errors(404, 422)``
gives the entries for the error statuses."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class ErrorBody(Schema):
    code: str = Field(description="Mã lỗi cho chương trình, ví dụ dossier.invalid_state")
    message: str = Field(description="Thông báo tiếng Việt cho người dùng")
    details: Any = Field(None, description="Chi tiết (trường sai, giá trị cho phép…)")


class ErrorOut(Schema):
    error: ErrorBody


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """``{status: ErrorOut}`` for each status: 400 a rule of the service refused the input,
    401 no or bad credentials, 403 not allowed, 404 not found or out of scope, 409 a
    conflicting change, 422 the input does not match the schema."""
    return dict.fromkeys(statuses, ErrorOut)
