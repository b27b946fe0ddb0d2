"""Operations: each endpoint declared once with its models, so routing, validation and the OpenAPI
document all come from the same declaration and cannot drift apart.

A handler receives validated models (`query`, `body`) and integer path ids, calls the core, and returns
a model (serialized with the declared status), None (204), or a ready `web.Response`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
from aiohttp import web
from pydantic import BaseModel, ValidationError

from companion.api.errors import ApiError, validation_fields
from companion.api.keys import SETTINGS
from companion.errors import NotFound

Handler = Callable[..., Awaitable[Any]]
MAX_ID = 2**53


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    handler: Handler
    summary: str
    tag: str
    response: type[BaseModel] | None = None
    status: int = 200
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    auth: bool = True
    errors: tuple[int, ...] = ()  # statuses beyond the ones every operation can answer
    headers: tuple[str, ...] = ()  # request headers the handler reads (documented as parameters)
    body_limit: str = "max_body_bytes"  # the Settings field limiting this operation's body

    @property
    def path_params(self) -> list[str]:
        return [part[1:-1] for part in self.path.split("/") if part.startswith("{")]

    @property
    def operation_id(self) -> str:
        return self.handler.__name__


@dataclass
class Operations:
    """The registry one resource module fills with its `@ops.add(...)` declarations."""

    items: list[Operation] = field(default_factory=list)

    def add(self, method: str, path: str, summary: str, **options: Any) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.items.append(Operation(method, path, handler, summary, **options))
            return handler
        return register


# Path parameters named `*_id` are integer ids; `key` is a short text key (a suggestion's id).
KEY_PATTERN = r"[A-Za-z0-9_-]{1,80}"


def path_param_pattern(name: str) -> str:
    return r"\d+" if name.endswith("_id") else KEY_PATTERN


def _path_value(request: web.Request, name: str) -> int | str:
    if not name.endswith("_id"):
        return request.match_info[name]
    return _path_id(request, name)


def _path_id(request: web.Request, name: str) -> int:
    text = request.match_info[name]
    # ASCII digits, and few enough to convert: int() of 4,301 digits or more raises (CPython's limit on
    # converting long strings), and "١٢" would otherwise name person 12.
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(MAX_ID))) or not 1 <= int(text) <= MAX_ID:
        raise NotFound(f"{text[:40]!r} is not an id", {name: "must be a positive integer"})
    return int(text)


def body_limit(request: web.Request) -> int:
    """The byte limit of the body the matched operation takes."""
    return int(getattr(request.app[SETTINGS], getattr(request.match_info.handler, "body_limit", "max_body_bytes")))


def too_large(limit: int) -> ApiError:
    return ApiError(413, "body_too_large", f"the body is larger than {limit} bytes", {"body": "too large"})


async def read_body(request: web.Request) -> bytes:
    """The body, read no further than the matched operation's limit: a chunked body has no Content-Length
    for the gate to check, and buffering it whole first would let any client fill the memory."""
    limit = body_limit(request)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def read_json(request: web.Request) -> Any:
    raw = await read_body(request)
    try:
        # orjson, like the store: refuses lone surrogates (which could never be saved), NaN and nesting
        # deeper than 1024 with a ValueError, where the json module would accept or overflow the stack.
        return orjson.loads(raw)
    except ValueError as error:
        raise ApiError(400, "invalid_json", f"the body is not JSON: {error}", {"body": "is not valid JSON"}) \
            from None


def _validate(model: type[BaseModel], data: Any, prefix: str) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ApiError(422, "validation_error", "the request does not match what this endpoint takes",
                       validation_fields(error, prefix)) from None


def endpoint(operation: Operation) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """The aiohttp handler for `operation`: parse and validate, call, serialize."""

    async def handle(request: web.Request) -> web.StreamResponse:
        kwargs: dict[str, Any] = {name: _path_value(request, name) for name in operation.path_params}
        if operation.query is not None:
            kwargs["query"] = _validate(operation.query, dict(request.query), "query.")
        if operation.body is not None:
            kwargs["body"] = _validate(operation.body, await read_json(request), "")
        result = await operation.handler(request, **kwargs)
        if isinstance(result, web.StreamResponse):
            return result
        if result is None:
            return web.Response(status=204)
        return json_response(result, operation.status)

    handle.__name__ = operation.operation_id
    handle.body_limit = operation.body_limit  # type: ignore[attr-defined]
    return handle


def json_response(model: BaseModel, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response(text=model.model_dump_json(), status=status, headers=headers)
