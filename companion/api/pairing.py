"""Pairing and tokens: a one-time code becomes a token; the CLI can mint codes, tokens and backups."""

from __future__ import annotations

import asyncio

from aiohttp import hdrs, web

from companion import API_LEVEL, __version__
from companion.api.errors import ApiError
from companion.api.keys import PAIRING, SETTINGS, STORE
from companion.api.operations import Operations
from companion.api.security import is_extension_origin
from companion.models import BackupResult, IssuedToken, PairingCode, PairingRequest, TokenRequest
from companion.store.tokens import TokenRecord

ops = Operations()


def _issued(token: str, record: TokenRecord) -> IssuedToken:
    return IssuedToken(token=token, token_id=record.id, name=record.name, api=API_LEVEL, version=__version__)


@ops.add("POST", "/api/v1/pairing", "Exchange the code `tend serve` or `tend pair` shows for a token",
         tag="pairing", body=PairingRequest, response=IssuedToken, status=201, auth=False, errors=(403,))
async def pair(request: web.Request, body: PairingRequest) -> IssuedToken:
    settings = request.app[SETTINGS]
    if not request.app[PAIRING].redeem(body.code, settings.clock()):
        raise ApiError(403, "pairing_code_invalid", "that code is wrong, used or expired; run `tend pair` "
                       "for a new one", {"code": "wrong, used or expired"})
    origin = request.headers.get(hdrs.ORIGIN)
    token, record = request.app[STORE].tokens.issue(
        body.name, origin if origin and is_extension_origin(origin) else None)
    return _issued(token, record)


@ops.add("POST", "/api/v1/pairing/codes", "Show a new pairing code (what `tend pair` prints)", tag="pairing",
         response=PairingCode, status=201)
async def new_pairing_code(request: web.Request) -> PairingCode:
    code, expires_at = request.app[PAIRING].issue(request.app[SETTINGS].clock())
    return PairingCode(code=code, expires_at=expires_at)


@ops.add("POST", "/api/v1/tokens", "Issue a token for a script (what `tend token` prints)", tag="pairing",
         body=TokenRequest, response=IssuedToken, status=201)
async def issue_token(request: web.Request, body: TokenRequest) -> IssuedToken:
    return _issued(*request.app[STORE].tokens.issue(body.name))


@ops.add("POST", "/api/v1/backups", "Write a backup of the data now", tag="meta", response=BackupResult,
         status=201)
async def backup(request: web.Request) -> BackupResult:
    # A full snapshot to encode and write: on a thread (the store encodes it under its write lock).
    return BackupResult(path=str(await asyncio.to_thread(request.app[STORE].backup)))
