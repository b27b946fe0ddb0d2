"""One error shape for every failure: {"error": {"code", "message", "fields"}} with a 4xx status.

Domain errors, pydantic's and aiohttp's all become that shape here and nowhere else.
"""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web
from pydantic import ValidationError

from companion import errors
from companion.models import ErrorBody, ErrorDetail

log = logging.getLogger(__name__)

STATUS: dict[type[errors.TendError], int] = {
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.RevisionMismatch: 412,
    errors.InvalidInput: 422,
    errors.InsufficientStorage: 507,
}

HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "body_too_large",
              415: "unsupported_media_type"}
# Any other failure of the disk: the request can be retried once the disk is back.
STORAGE_STATUS = 503


class ApiError(Exception):
    """An HTTP-level refusal (security, framing) raised by the API layer itself."""

    def __init__(self, status: int, code: str, message: str, fields: dict[str, str] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.fields = fields or {}
        self.headers = headers or {}


def error_response(status: int, code: str, message: str, fields: dict[str, str] | None = None,
                   headers: dict[str, str] | None = None, details: dict[str, Any] | None = None) -> web.Response:
    body = ErrorBody(error=ErrorDetail(code=code, message=message, fields=fields or {}, details=details))
    return web.json_response(text=body.model_dump_json(exclude_none=True), status=status, headers=headers)


def validation_fields(error: ValidationError, prefix: str = "") -> dict[str, str]:
    """pydantic's error list as {"dotted.path": "what is wrong"}; the first problem per field."""
    fields: dict[str, str] = {}
    for item in error.errors(include_url=False):
        path = ".".join(str(part) for part in item["loc"]) or "body"
        fields.setdefault(prefix + path, item["msg"])
    return fields


@web.middleware
async def error_middleware(request: web.Request, handler):  # type: ignore[no-untyped-def]
    try:
        return await handler(request)
    except ApiError as error:
        return error_response(error.status, error.code, error.message, error.fields, error.headers)
    except errors.TendError as error:
        status = next((code for kind, code in STATUS.items() if isinstance(error, kind)),
                      STORAGE_STATUS if isinstance(error, errors.StorageError) else 400)
        return error_response(status, error.code, error.message, error.fields, details=error.details)
    except ValidationError as error:
        return error_response(422, "validation_error", "the request does not match what this endpoint takes",
                              validation_fields(error))
    except web.HTTPException as error:
        if error.status < 400:
            raise
        code = HTTP_CODES.get(error.status, "http_error")
        return error_response(error.status, code, error.reason, headers={
            k: v for k, v in error.headers.items() if k.lower() == "allow"})
    except Exception:
        log.exception("unexpected error in %s %s", request.method, request.path)
        return error_response(500, "internal_error", "the companion failed unexpectedly; see its log")
