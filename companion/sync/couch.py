"""The few calls of CouchDB's HTTP API that sync makes, over aiohttp, each failure named for a person.

Only what CouchDB 3 documents (so CouchDB itself, PouchDB Server or Cloudant serve it alike): the
database's info, documents with their revision and conflicts, `_bulk_docs`, `_changes` (normal or
long-poll). Credentials go in the Authorization header, never in a URL that could be logged; HTTPS is
verified (against the system's roots, or a CA file the user names)."""

from __future__ import annotations

import asyncio
import base64
import ssl
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp
import orjson

from companion.errors import TendError
from companion.models import SyncReason

Doc = dict[str, Any]
REQUEST_TIMEOUT_S = 30.0


class SyncError(TendError):
    """Sync could not go on; the message says why and what to do. Nothing local is lost by it.

    `reason` is a stable word for the extension, which says the same in the reader's language."""

    code = "sync_failed"
    reason: SyncReason = "failed"

    def __init__(self, message: str, fields: dict[str, str] | None = None, *,
                 reason: SyncReason | None = None) -> None:
        super().__init__(message, fields)
        if reason is not None:
            self.reason = reason


class Unreachable(SyncError):
    code = "sync_unreachable"
    reason: SyncReason = "unreachable"


class Refused(SyncError):
    """The server answered, and said no (credentials, permissions, a database that is gone)."""

    code = "sync_refused"
    reason: SyncReason = "refused"


@dataclass(frozen=True)
class Server:
    """Where to sync: the server's URL, the database, who to be, and which CA to trust."""

    url: str
    database: str
    username: str = ""
    password: str = ""
    ca_file: Path | None = None

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SyncError(f"{self.url!r} is not a server address; give one like https://couch.example.org:6984",
                            {"url": "is not an http(s) address"}, reason="bad_address")
        if parts.username or parts.password:
            raise SyncError("give the user name and password separately, not inside the address",
                            {"url": "has credentials in it"}, reason="bad_address")

    @property
    def where(self) -> str:
        """The server and database as a person reads them (never the password)."""
        return f"{self.url.rstrip('/')}/{self.database}"


@dataclass(frozen=True)
class Changes:
    results: list[Doc]
    last_seq: str


class Couch:
    """One database on one server; use as `async with Couch(server) as couch:`."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self._base = server.url.rstrip("/") + "/" + quote(server.database, safe="")
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Couch:
        context: ssl.SSLContext | bool = True
        if self.server.ca_file is not None:
            context = ssl.create_default_context(cafile=str(self.server.ca_file))
        headers = {}
        if self.server.username:
            pair = f"{self.server.username}:{self.server.password}".encode("utf-8")
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        self._session = aiohttp.ClientSession(headers=headers, connector=aiohttp.TCPConnector(ssl=context))
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()

    # -- the calls ------------------------------------------------------------------------------------
    async def info(self) -> Doc | None:
        """The database's info, or None when there is no such database (yet)."""
        return await self._call("GET", "", missing_ok=True)

    async def create(self) -> None:
        await self._call("PUT", "", accept=(201, 202, 412))  # 412: someone created it meanwhile

    async def get(self, doc_id: str, revs: Iterable[str] = (), conflicts: bool = False) -> list[Doc]:
        """Document `doc_id`: its winning revision (with `_conflicts` when asked), or the revisions named."""
        wanted = list(revs)
        if wanted:
            answer = await self._call("GET", "/" + quote(doc_id, safe=""),
                                      params={"open_revs": orjson.dumps(wanted).decode()})
            return [entry["ok"] for entry in answer or [] if "ok" in entry]
        doc = await self._call("GET", "/" + quote(doc_id, safe=""), missing_ok=True,
                               params={"conflicts": "true"} if conflicts else None)
        return [] if doc is None else [doc]

    async def bulk_docs(self, docs: Sequence[Doc | orjson.Fragment]) -> list[Doc]:
        """Write `docs` (each with the `_rev` it replaces): one result per document, a conflict as
        {"error": "conflict"} rather than a failure of the whole batch. A document may come encoded
        already (an `orjson.Fragment`)."""
        return await self._call("POST", "/_bulk_docs", body={"docs": docs}, accept=(201, 202))  # type: ignore[return-value]

    async def changes(self, since: str, limit: int, wait_s: float | None = None) -> Changes:
        """What changed after `since`: each document's id and every leaf revision (`style=all_docs`, so a
        conflict another replica left shows as more than one), no bodies (`docs` fetches those that are
        new); `wait_s`: long-poll up to that long."""
        params = {"since": since, "limit": str(limit), "style": "all_docs"}
        timeout = None
        if wait_s is not None:
            params.update(feed="longpoll", timeout=str(int(wait_s * 1000)))
            timeout = wait_s + REQUEST_TIMEOUT_S
        answer = await self._call("GET", "/_changes", params=params, timeout_s=timeout)
        assert answer is not None
        return Changes(answer.get("results", []), str(answer.get("last_seq", since)))

    async def docs(self, doc_ids: list[str]) -> list[Doc]:
        """The winning revision of each document named that exists and is not deleted, with its
        `_conflicts` (`POST _all_docs` with keys: one request for a batch)."""
        answer = await self._call("POST", "/_all_docs", params={"include_docs": "true", "conflicts": "true"},
                                  body={"keys": doc_ids})
        return [row["doc"] for row in (answer or {}).get("rows", []) if row.get("doc")]

    # -- one request, every failure named -------------------------------------------------------------
    async def _call(self, method: str, path: str, **options: Any) -> Any:
        """One call; sent again once when the server had closed the kept-alive connection it went out on
        (servers close idle ones after a few seconds, and the close can cross the request). Every call
        sync makes may be sent twice: a write sent again is refused as a conflict, which sync settles."""
        try:
            return await self._once(method, path, **options)
        except _Reused:
            return await self._once(method, path, **options)

    async def _once(self, method: str, path: str, *, params: Mapping[str, str] | None = None,
                    body: Any = None, headers: Mapping[str, str] | None = None, missing_ok: bool = False,
                    accept: tuple[int, ...] = (200, 201), timeout_s: float | None = None) -> Any:
        assert self._session is not None, "use Couch as an async context manager"
        where = self.server.where
        sent = {"Accept": "application/json", **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/json"
        try:
            async with self._session.request(
                    method, self._base + path, params=params, headers=sent,
                    data=None if body is None else orjson.dumps(body),
                    timeout=aiohttp.ClientTimeout(total=timeout_s or REQUEST_TIMEOUT_S)) as response:
                data = await response.read()
                if response.status == 404 and missing_ok:
                    return None
                if response.status in accept:
                    return orjson.loads(data) if data else None
                raise _refusal(response.status, data, where)
        except aiohttp.ClientSSLError as error:
            raise Unreachable(f"{where}: its certificate could not be verified ({error}); if it is your own "
                              "certificate authority, give its file with --ca-file", reason="certificate") from None
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as error:
            raise _Reused(str(error)) from error
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
            raise Unreachable(f"cannot reach {where} ({error.__class__.__name__}); changes wait here and "
                              "are sent once it answers: check the address and your connection") from None
        except ValueError:
            raise SyncError(f"{where} answered something that is not CouchDB's JSON; is the address that of a "
                            "CouchDB server?", reason="not_couchdb") from None


class _Reused(Unreachable):
    """The connection broke before an answer: sent again once (see `Couch._call`)."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"cannot reach the server ({detail}); changes wait here and are sent once it answers: "
                         "check the address and your connection")


def _refusal(status: int, data: bytes, where: str) -> SyncError:
    try:
        reason = str(orjson.loads(data).get("reason", ""))
    except (ValueError, AttributeError):
        reason = ""
    said = f" (the server said: {reason})" if reason else ""
    if status == 401:
        return Refused(f"{where} refused the user name or password{said}; run `tend sync setup` again with the "
                       "right ones", reason="unauthorized")
    if status == 403:
        return Refused(f"{where} does not let this user read and write it{said}; ask its administrator to make "
                       "the user a member of the database", reason="forbidden")
    if status == 404:
        return Refused(f"{where} is gone{said}; sync makes it again at its next try and sends everything "
                       "here (`tend sync now` tries at once)", reason="gone")
    return SyncError(f"{where} failed with HTTP {status}{said}; sync tries again later", reason="server_error")
