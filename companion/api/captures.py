"""Captures: save the person on a page; fold duplicates; profile history; re-run extraction.

Reading a page runs in a worker process (workers.py: a time budget and a memory ceiling, so no page can
stall or bloat the companion); compressing it for keeping runs on a thread beside it; applying what was
read runs here, on the event loop, like every write. The identity stack (rapidfuzz, a tenth of a
second of imports) is imported on first use; `tend serve` imports it right after it listens.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType

from aiohttp import web

from companion import notes
from companion.api.keys import SETTINGS, STORE
from companion.api.operations import Operations
from companion.api.queries import ListQuery
from companion.errors import NotFound, PageTooComplex
from companion.jobs import read_page, read_profile
from companion.models import (Capture, CaptureRequest, CaptureResult, CaseRequest, KeptCase, MergeRequest, PageRequest,
                              Person, PossibleDuplicates, ProfileChangePage, ReextractResult)
from companion.store.captures import PackedPage, pack_page
from companion.workers import pool

ops = Operations()
log = logging.getLogger(__name__)
_PACKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tend-pack")  # zlib and hashlib free the GIL


def _profiles() -> ModuleType:
    return importlib.import_module("companion.profiles")


def _budget(request: web.Request) -> float:
    return request.app[SETTINGS].parse_time_budget


def _packing(html: str) -> asyncio.Future[PackedPage]:
    return asyncio.get_running_loop().run_in_executor(_PACKER, pack_page, html)


@ops.add("POST", "/api/v1/captures", "Save the person on a captured page (create, update or unchanged)",
         tag="captures", body=CaptureRequest, response=CaptureResult, status=201, errors=(409,), body_limit="max_capture_bytes")
async def create_capture(request: web.Request, body: CaptureRequest) -> CaptureResult:
    store = request.app[STORE]
    packing = _packing(body.html)
    draft = await pool().run(read_profile, body.html, body.url, budget=_budget(request))
    promises = await notes.promises_in(store, body.selection) if draft.is_profile else []
    return _profiles().capture(store, body, draft, await packing, promises)


@ops.add("POST", "/api/v1/pages", "Keep a page (an article, a repository) to share with people it interests",
         tag="captures", body=PageRequest, response=Capture, status=201, body_limit="max_capture_bytes")
async def save_page(request: web.Request, body: PageRequest) -> Capture:
    packing = _packing(body.html)
    summary = await pool().run(read_page, body.html, body.url, budget=_budget(request))
    return _profiles().save_page(request.app[STORE], body, summary, await packing)


@ops.add("POST", "/api/v1/people/{person_id}/case", "Tend got this wrong: keep the page this person was read "
         "from as a local test case, with their fields as they are now (`tend fixtures export DIR` writes the cases out)",
         tag="captures", body=CaseRequest, response=KeptCase, status=201, errors=(404,))
async def keep_case(request: web.Request, person_id: int, body: CaseRequest) -> KeptCase:
    store = request.app[STORE]
    person = store.people.get(person_id)
    kept = [c for c in (store.captures.get(i) for i in sorted(store.captures.by_person.get(person_id)))
            if c.kind == "profile"]
    capture = next((c for c in kept if c.id == body.capture_id), None) if body.capture_id else (kept[-1] if kept else None)
    if capture is None:
        raise NotFound(f"Tend has no page of {person.name} to keep{' with that id' if body.capture_id else ''}; "
                       "save them from their profile page first", {"capture_id": "no such page of this person"})
    html = await asyncio.to_thread(store.captures.html, capture.id)
    if html is None:
        raise NotFound("that page's file is no longer in the data directory; save them from their page again",
                       {"capture_id": "the kept page is gone"})
    draft = await pool().run(read_profile, html, capture.url, budget=_budget(request))
    cases = importlib.import_module("companion.cases")  # the scoring rules import the extraction stack
    expected = cases.expected_of(person, capture.url)
    written = await asyncio.to_thread(cases.keep, store.data_dir, cases.slug_for(capture.url, person_id, capture.id),
                                      html, expected, cases.wrong_fields(expected, draft), store.clock().date().isoformat())
    return KeptCase(slug=written.slug, path=str(written.path), wrong_fields=written.wrong)


@ops.add("POST", "/api/v1/captures/reextract", "Run today's extractors over every kept page", tag="captures",
         response=ReextractResult)
async def reextract_captures(request: web.Request) -> ReextractResult:
    store = request.app[STORE]
    outcomes = {"updated": 0, "unchanged": 0, "failed": 0}
    ids = store.captures.profile_ids()
    profiles = _profiles()
    for capture_id in ids:
        kept = store.captures.get(capture_id)
        html = await asyncio.to_thread(store.captures.html, capture_id)
        try:
            draft = await pool().run(read_profile, html, kept.url, budget=_budget(request)) if html is not None else None
        except PageTooComplex as error:
            log.warning("re-extraction of capture %d failed: %s", capture_id, error.message)
            outcomes["failed"] += 1
            continue
        outcomes[profiles.reapply(store, kept, draft)] += 1
    return ReextractResult(captures=len(ids), **outcomes)


@ops.add("POST", "/api/v1/people/{person_id}/merge", "Fold a duplicate into this person", tag="people",
         body=MergeRequest, response=Person, errors=(404, 409))
async def merge_people(request: web.Request, person_id: int, body: MergeRequest) -> Person:
    return _profiles().merge(request.app[STORE], person_id, body.duplicate_id, body.take)


@ops.add("GET", "/api/v1/people/{person_id}/duplicates", "Saved people who may be this one (a close name and a "
         "second signal that agrees, none that differs): for the user to merge or keep apart", tag="people",
         response=PossibleDuplicates, errors=(404,))
async def person_duplicates(request: web.Request, person_id: int) -> PossibleDuplicates:
    store = request.app[STORE]
    record = store.people.raw(person_id)
    return PossibleDuplicates(items=_profiles().possible_duplicates(store, dict(record), exclude=person_id))


@ops.add("GET", "/api/v1/people/{person_id}/history", "Dated title and organization changes, newest first",
         tag="people", query=ListQuery, response=ProfileChangePage, errors=(404,))
async def person_history(request: web.Request, person_id: int, query: ListQuery) -> ProfileChangePage:
    store = request.app[STORE]
    store.people.raw(person_id)
    items, total = store.history.for_person(person_id, query.limit, query.offset)
    return ProfileChangePage(items=items, total=total)
