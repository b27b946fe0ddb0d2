"""Imports, exports and the calendar feed.

An import reads its file off the event loop, then applies it a batch at a time on the loop (every write
happens there), yielding between batches so the extension stays answered during a 50k-row import. Sent
with `Accept: application/x-ndjson`, it streams `{"done", "total"}` lines and then `{"report"}`: the
CLI draws its progress bar from them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date

import orjson
from aiohttp import hdrs, web
from pydantic import BaseModel, Field

from companion import exports, imports
from companion.formats import backup, ics
from companion.api.errors import ApiError
from companion.api.keys import SETTINGS, STORE, SUGGESTIONS
from companion.api.operations import Operations, read_body
from companion.models import CalendarLink, CsvColumns, FileText, ImportReport, ImportRequest, format_timestamp
from companion.store import Store

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


async def calendar_text(request: web.Request) -> str:
    """What falls due: the events are read on the loop (the engine's world is kept current there), the
    text is written off it."""
    store = request.app[STORE]
    today: date = request.app[SETTINGS].clock().date()
    tasks = [{"id": task_id, **doc} for task_id, doc in store.tasks.docs() if doc.get("status") == "open"]
    events = exports.calendar_events(request.app[SUGGESTIONS].world(), tasks, today)
    return await asyncio.to_thread(ics.write, events, store.clock())


async def csv_text(request: web.Request) -> str:
    everyone = exports.people(request.app[STORE])  # the snapshot, on the loop; the text, off it
    return await asyncio.to_thread(exports.csv_text, everyone)


async def vcard_text(request: web.Request) -> str:
    store = request.app[STORE]
    everyone = exports.people(store)  # the snapshot, on the loop; the faces' files and the text, off it
    return await asyncio.to_thread(exports.vcard_text, everyone, store.faces)


async def json_text(request: web.Request) -> str:
    store = request.app[STORE]
    tables = store.db.dump(backup.TABLES)  # the snapshot, on the loop; the faces' files and the text, off it
    return await asyncio.to_thread(exports.json_text, tables, store.faces, format_timestamp(store.clock()))


EXPORTS: dict[str, tuple[str, str, Callable[[web.Request], Awaitable[str]]]] = {
    "vcard": ("text/vcard", "tend.vcf", vcard_text),
    "csv": ("text/csv", "tend.csv", csv_text),
    "json": ("application/json", "tend-backup.json", json_text),
    "ics": ("text/calendar", "tend.ics", calendar_text),
}


@ops.add("GET", "/api/v1/exports/{key}", "Everyone as vCard 3.0 (vcard), CSV (csv), a lossless backup (json), "
         "or what falls due as iCalendar (ics)", tag="imports", errors=(404,))
async def export(request: web.Request, key: str) -> web.Response:
    if key not in EXPORTS:
        raise ApiError(404, "not_found", f"there is no export format {key!r}", {"key": "vcard, csv, json or ics"})
    content_type, filename, render = EXPORTS[key]
    return web.Response(text=await render(request), content_type=content_type, charset="utf-8",
                        headers={hdrs.CONTENT_DISPOSITION: f'attachment; filename="{filename}"'})


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
async def calendar_feed(request: web.Request, query: CalendarQuery) -> web.Response:
    store = request.app[STORE]
    if not query.key or not store.calendar_key.matches(query.key):
        raise ApiError(403, "bad_calendar_key", "this calendar address is not (or no longer) valid; "
                       "get the current one with `tend export ics --url`", {"key": "does not match"})
    return web.Response(text=await calendar_text(request), content_type="text/calendar", charset="utf-8")
