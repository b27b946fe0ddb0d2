"""The security gate every request passes before any handler (ARCHITECTURE.md, "Security model").

What a web page in the user's own browser can send is the threat: a form post, a `text/plain` fetch,
an <img> GET, or a request through a DNS name it rebinds to 127.0.0.1. The rules, in order:

1. exactly one `Host`, and it is 127.0.0.1:PORT or localhost:PORT (defeats DNS rebinding);
2. an `Origin` that is a web page (or "null") is refused; an extension origin must be a paired one
   (pairing itself excepted), and CORS answers only those, never `*`;
3. `/api/` needs `Authorization: Bearer <token>` except for health and pairing;
4. bodies are `application/json`, not compressed, and no larger than the route's limit (checked here
   against Content-Length, and while reading for a chunked body: operations.read_body).
"""

from __future__ import annotations

import hmac

from aiohttp import hdrs, web

from companion import API_LEVEL
from companion.api.errors import ApiError
from companion.api.keys import SETTINGS, STORE
from companion.api.operations import body_limit, too_large

# The calendar feed checks its own key (calendar apps cannot send a token): see api/transfers.py.
PUBLIC_PATHS = frozenset({"/api/v1/health", "/api/v1/pairing", "/api/v1/calendar.ics"})
EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://", "safari-web-extension://")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
CORS_HEADERS = "Authorization, Content-Type, If-Match, Tend-Api-Level"
API_LEVEL_HEADER = "Tend-Api-Level"
CORS_METHODS = "GET, POST, PATCH, PUT, DELETE"


def is_extension_origin(origin: str) -> bool:
    return origin.startswith(EXTENSION_SCHEMES) and "/" not in origin.split("://", 1)[1]


def _single(request: web.Request, name: str) -> str | None:
    values = request.headers.getall(name, [])
    if len(values) > 1:
        raise ApiError(400, "repeated_header", f"the {name} header appears more than once", {name: "repeated"})
    return values[0] if values else None


def _check_host(request: web.Request) -> None:
    host = _single(request, hdrs.HOST)
    sockname = request.transport.get_extra_info("sockname") if request.transport else None
    port = sockname[1] if sockname else None
    if host is None or port is None or host.lower() not in (f"127.0.0.1:{port}", f"localhost:{port}"):
        raise ApiError(400, "host_not_allowed", "requests must be addressed to 127.0.0.1 or localhost "
                       "with the companion's port", {"Host": "not allowed"})


def _check_origin(request: web.Request) -> str | None:
    """The extension origin the request comes from, or None for a non-browser client."""
    origin = _single(request, hdrs.ORIGIN)
    if origin is None:
        # Browsers mark a page's requests with Sec-Fetch-Site even where they leave Origin out (an <img> GET).
        if request.headers.get("Sec-Fetch-Site", "none") not in ("none",):
            raise ApiError(403, "origin_not_allowed", "web pages cannot talk to the companion")
        return None
    if not is_extension_origin(origin):
        raise ApiError(403, "origin_not_allowed", "web pages cannot talk to the companion", {"Origin": "not allowed"})
    if request.path not in PUBLIC_PATHS and not request.app[STORE].tokens.is_paired_origin(origin):
        raise ApiError(403, "origin_not_paired", "this extension is not paired; pair it from its options page",
                       {"Origin": "not paired"})
    return origin


def _check_token(request: web.Request, origin: str | None) -> None:
    header = _single(request, hdrs.AUTHORIZATION) or ""
    scheme, _, token = header.partition(" ")
    unauthorized = ApiError(401, "unauthorized", "a valid token is needed: pair the extension, or run "
                            "`tend token`", {"Authorization": "missing or invalid"},
                            headers={"WWW-Authenticate": 'Bearer realm="tend"'})
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorized
    token = token.strip()
    if hmac.compare_digest(token.encode(), request.app[SETTINGS].cli_token.encode()):
        return
    record = request.app[STORE].tokens.verify(token)
    if record is None:
        raise unauthorized
    if origin is not None and record.origin is not None and record.origin != origin:
        raise ApiError(403, "origin_not_paired", "this token was issued to another extension",
                       {"Origin": "does not match the token"})


def _check_api_level(request: web.Request) -> None:
    """A client that says which API level it speaks (the extension, on every request) is refused with a
    clear next step when it is not this one, rather than misreading answers."""
    level = request.headers.get(API_LEVEL_HEADER)
    if level is not None and level.strip() != str(API_LEVEL):
        raise ApiError(400, "api_level_mismatch", f"this companion speaks API level {API_LEVEL}; update the extension "
                       "or the companion so both are from the same release", {API_LEVEL_HEADER: f"must be {API_LEVEL}"})


def _check_body(request: web.Request) -> None:
    if request.method not in BODY_METHODS or not request.body_exists:
        return
    encoding = _single(request, hdrs.CONTENT_ENCODING)
    if encoding is not None and encoding.strip().lower() != "identity":
        # Loopback gains nothing from compression, and refusing it removes decompression bombs entirely.
        raise ApiError(415, "unsupported_encoding", "compressed bodies are not accepted",
                       {"Content-Encoding": "must be absent"})
    if request.content_type != "application/json" or (request.charset or "utf-8").lower() not in ("utf-8", "utf8"):
        raise ApiError(415, "unsupported_media_type", "send the body as application/json (UTF-8)",
                       {"Content-Type": "must be application/json"})
    limit = body_limit(request)
    if request.content_length is not None and request.content_length > limit:
        raise too_large(limit)


@web.middleware
async def cors_middleware(request: web.Request, handler):  # type: ignore[no-untyped-def]
    """Outermost: lets a paired extension read every answer, errors included; nobody else."""
    response = await handler(request)
    if not response.prepared:  # a streamed answer said so itself, before its headers went out
        allow_origin(request, response)
    return response


def allow_origin(request: web.Request, response: web.StreamResponse) -> None:
    """The CORS headers of an answer: readable by the paired extension it came from, nobody else."""
    response.headers.setdefault(hdrs.VARY, "Origin")
    origins = request.headers.getall(hdrs.ORIGIN, [])
    if len(origins) == 1 and is_extension_origin(origins[0]) and \
            request.app[STORE].tokens.is_paired_origin(origins[0]):
        response.headers[hdrs.ACCESS_CONTROL_ALLOW_ORIGIN] = origins[0]


@web.middleware
async def security_middleware(request: web.Request, handler):  # type: ignore[no-untyped-def]
    _check_host(request)
    origin = _check_origin(request)
    if request.method == "OPTIONS" and origin is not None:  # a CORS preflight from a paired extension
        return web.Response(status=204, headers={
            hdrs.ACCESS_CONTROL_ALLOW_METHODS: CORS_METHODS,
            hdrs.ACCESS_CONTROL_ALLOW_HEADERS: CORS_HEADERS,
            hdrs.ACCESS_CONTROL_MAX_AGE: "600"})
    _check_api_level(request)
    if request.path.startswith("/api/") and request.path not in PUBLIC_PATHS:
        _check_token(request, origin)
    _check_body(request)
    return await handler(request)
