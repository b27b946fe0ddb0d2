"""Imports, exports and the calendar feed.

An import reads its file off the event loop, then applies it a batch at a time on the loop (every write
happens there), yielding between batches so the extension stays answered during a 50k-row import. Sent
with `Accept: application/x-ndjson`, it streams `{"done", "total"}` lines and then `{"report"}`: the
CLI draws its progress bar from them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import date

import orjson
from aiohttp import hdrs, web
from pydantic import BaseModel, Field

from companion import exports, imports
from companion.chunks import chunked
from companion.formats import backup, ics
from companion.api.errors import ApiError
from companion.api.keys import SETTINGS, STORE, SUGGESTIONS
from companion.api.operations import Operations, read_body
from companion.api.security import allow_origin
from companion.models import CalendarLink, CsvColumns, FileText, ImportReport, ImportRequest, format_timestamp
from companion.store import Store
from companion.store.schema import PEOPLE

ops = Operations()
API_BATCH = 200  # rows applied between two turns of the event loop: about a tenth of a second
NDJSON = "application/x-ndjson"


class CalendarQuery(BaseModel):
    key: str = Field(default="", max_length=200, description="The feed's key, from GET /api/v1/calendar.")


@ops.add("POST", "/api/v1/imports", "Import people from LinkedIn's Connections.csv, vCard, CSV or a Tend backup",
         tag="imports", body=ImportRequest, response=ImportReport, errors=(409,), body_limit="max_import_bytes")
async def create_import(request: web.Request, body: ImportRequest) -> ImportReport | web.StreamResponse:
    store = request.app[STORE]
    if body.format == "json":
        return await _restore(store, body.content, body.dry_run)
    items = await asyncio.to_thread(imports.read, body)
    importer = imports.Importer(store, body, items)
    if NDJSON not in request.headers.get(hdrs.ACCEPT, ""):
        for _ in importer.steps(API_BATCH):
            await asyncio.sleep(0)
        return importer.report()
    response = web.StreamResponse(headers={hdrs.CONTENT_TYPE: NDJSON, hdrs.VARY: "Origin"})
    await response.prepare(request)
    for done, total in importer.steps(API_BATCH):
        await response.write(orjson.dumps({"done": done, "total": total}) + b"\n")
        await asyncio.sleep(0)
    await response.write(orjson.dumps({"report": importer.report().model_dump(mode="json")}) + b"\n")
    await response.write_eof()
    return response


async def _restore(store: Store, content: str | bytes, dry_run: bool = False) -> ImportReport:
    """Read and check the backup on a thread, then put it back on one too: a restore is one transaction of
    every document, into an empty store that nothing else is writing."""
    restorable = await asyncio.to_thread(imports.read_backup, content)
    return imports.restore_report(await asyncio.to_thread(imports.restore, store, restorable, dry_run), dry_run)


@ops.add("POST", "/api/v1/restore", "Restore a Tend JSON backup into an empty data directory; the body is the "
         "backup file itself, as `tend export json` wrote it (any size up to max_restore_bytes)", tag="imports",
         response=ImportReport, errors=(409, 422), body_limit="max_restore_bytes")
async def restore_backup(request: web.Request) -> ImportReport:
    return await _restore(request.app[STORE], await read_body(request))


@ops.add("POST", "/api/v1/imports/csv-columns", "A CSV's columns and the field each fills, guessed or mapped: "
         "what to show before importing it", tag="imports", body=FileText, response=CsvColumns,
         body_limit="max_import_bytes")
async def csv_columns(request: web.Request, body: FileText) -> CsvColumns:
    return imports.csv_columns(body)


def calendar_chunks(request: web.Request) -> Iterator[bytes]:
    """What falls due: the events are read on the loop (the engine's world is kept current there), the
    text is written off it."""
    store = request.app[STORE]
    today: date = request.app[SETTINGS].clock().date()
    tasks = [{"id": task_id, **doc} for task_id, doc in store.tasks.docs() if doc.get("status") == "open"]
    events = exports.calendar_events(request.app[SUGGESTIONS].world(), tasks, today)
    return (text.encode() for text in ics.written(events, store.clock()))


def csv_chunks(request: web.Request) -> Iterator[bytes]:
    people = request.app[STORE].db.frozen([PEOPLE])[PEOPLE]  # as of now, on the loop; the text, off it
    return exports.csv_chunks(people)


def vcard_chunks(request: web.Request) -> Iterator[bytes]:
    store = request.app[STORE]
    people = store.db.frozen([PEOPLE])[PEOPLE]  # as of now, on the loop; the faces' files and the text, off it
    return exports.vcard_chunks(people, store.faces)


def json_chunks(request: web.Request) -> Iterator[bytes]:
    store = request.app[STORE]
    tables = store.db.frozen(backup.TABLES)  # as of now, on the loop; every document and face, off it
    return exports.json_chunks(tables, store.faces, format_timestamp(store.clock()))


EXPORTS: dict[str, tuple[str, str, Callable[[web.Request], Iterator[bytes]]]] = {
    "vcard": ("text/vcard", "tend.vcf", vcard_chunks),
    "csv": ("text/csv", "tend.csv", csv_chunks),
    "json": ("application/json", "tend-backup.json", json_chunks),
    "ics": ("text/calendar", "tend.ics", calendar_chunks),
}
STREAM_CHUNK = 256 * 1024  # bytes written to the socket at a time, each batch made off the loop


async def _stream(request: web.Request, chunks: Iterator[bytes], content_type: str,
                  filename: str | None = None) -> web.StreamResponse:
    """Send `chunks` as they are made, each batch made on a thread: an export holds one batch in memory,
    not the file. A failure before the first byte is an error answer like any other."""
    batches = chunked(chunks, STREAM_CHUNK)
    batch = await asyncio.to_thread(next, batches, b"")
    response = web.StreamResponse(headers={hdrs.CONTENT_TYPE: f"{content_type}; charset=utf-8",
                                           **({hdrs.CONTENT_DISPOSITION: f'attachment; filename="{filename}"'}
                                              if filename else {})})
    allow_origin(request, response)
    await response.prepare(request)
    while batch:
        await response.write(batch)
        batch = await asyncio.to_thread(next, batches, b"")
    await response.write_eof()
    return response


@ops.add("GET", "/api/v1/exports/{key}", "Everyone as vCard 3.0 (vcard), CSV (csv), a lossless backup (json), "
         "or what falls due as iCalendar (ics)", tag="imports", errors=(404,))
async def export(request: web.Request, key: str) -> web.StreamResponse:
    if key not in EXPORTS:
        raise ApiError(404, "not_found", f"there is no export format {key!r}", {"key": "vcard, csv, json or ics"})
    content_type, filename, chunks = EXPORTS[key]
    return await _stream(request, chunks(request), content_type, filename)


def _calendar_url(request: web.Request, key: str) -> str:
    """On the companion's own port (not the passing one of a CLI command's in-process companion)."""
    port = request.app[SETTINGS].port
    host = f"127.0.0.1:{port}" if port else request.host
    return f"http://{host}/api/v1/calendar.ics?key={key}"


def _new_link(request: web.Request) -> CalendarLink:
    key = request.app[STORE].calendar_key
    url = _calendar_url(request, key.rotate())
    return CalendarLink(url=url, created_at=key.created_at())


@ops.add("GET", "/api/v1/calendar", "The calendar feed: its address when it is made here (on first use), else "
         "when the current one was made (Tend keeps only its hash)", tag="imports", response=CalendarLink)
async def calendar_link(request: web.Request) -> CalendarLink:
    key = request.app[STORE].calendar_key
    if not key.exists():
        return _new_link(request)
    return CalendarLink(url=None, created_at=key.created_at())


@ops.add("POST", "/api/v1/calendar/key", "A new feed address, shown this once; the old one stops working",
         tag="imports", response=CalendarLink)
async def rotate_calendar_key(request: web.Request) -> CalendarLink:
    return _new_link(request)


@ops.add("GET", "/api/v1/calendar.ics", "Due tasks and keep-in-touch dates as iCalendar (key in the URL)",
         tag="imports", query=CalendarQuery, auth=False, errors=(403,))
async def calendar_feed(request: web.Request, query: CalendarQuery) -> web.StreamResponse:
    store = request.app[STORE]
    if not query.key or not store.calendar_key.matches(query.key):
        raise ApiError(403, "bad_calendar_key", "this calendar address is not (or no longer) valid; "
                       "get the current one with `tend export ics --url`", {"key": "does not match"})
    return await _stream(request, calendar_chunks(request), "text/calendar")
