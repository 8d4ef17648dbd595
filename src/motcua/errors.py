"""Errors a user can act on. Services and domain code raise these with a Vietnamese message;
the API turns them into a 4xx with ``{"error": {"code", "message", "details"}}``, views show
the message, and commands print it and exit non-zero."""

from __future__ import annotations

from typing import Any


class MotcuaError(Exception):
    code = "error"
    status = 400

    def __init__(
        self, message: str, *, code: str | None = None, details: Any = None
    ) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            body["details"] = self.details
        return body


class NotFound(MotcuaError):
    code = "not_found"
    status = 404


class InvalidInput(MotcuaError):
    code = "invalid_input"
    status = 400


class PermissionDenied(MotcuaError):
    code = "forbidden"
    status = 403


class Conflict(MotcuaError):
    code = "conflict"
    status = 409
