"""Captures: save the person on a page; fold duplicates; profile history; re-run extraction.

The extraction stack (BeautifulSoup, soupsieve, rapidfuzz: a third of a second of imports) is imported
on first use, not at start-up; `tend serve` imports it in the background right after it listens.
"""

from __future__ import annotations

import asyncio
import importlib
from types import ModuleType

from aiohttp import web

from companion.api.keys import STORE
from companion.api.operations import Operations
from companion.api.queries import ListQuery
from companion.models import Capture, CaptureRequest, CaptureResult, PageRequest, MergeRequest, Person, ProfileChangePage, ReextractResult

ops = Operations()


def _profiles() -> ModuleType:
    return importlib.import_module("companion.profiles")


@ops.add("POST", "/api/v1/captures", "Save the person on a captured page (create, update or unchanged)",
         tag="captures", body=CaptureRequest, response=CaptureResult, status=201, errors=(409,), body_limit="max_capture_bytes")
async def create_capture(request: web.Request, body: CaptureRequest) -> CaptureResult:
    return _profiles().capture(request.app[STORE], body)


@ops.add("POST", "/api/v1/pages", "Keep a page (an article, a repository) to share with people it interests",
         tag="captures", body=PageRequest, response=Capture, status=201, body_limit="max_capture_bytes")
async def save_page(request: web.Request, body: PageRequest) -> Capture:
    return _profiles().save_page(request.app[STORE], body)


@ops.add("POST", "/api/v1/captures/reextract", "Run today's extractors over every kept page", tag="captures",
         response=ReextractResult)
async def reextract_captures(request: web.Request) -> ReextractResult:
    store = request.app[STORE]
    outcomes = {"updated": 0, "unchanged": 0, "failed": 0}
    ids = store.captures.profile_ids()
    for capture_id in ids:
        kept = store.captures.get(capture_id)
        html = store.captures.html(capture_id)
        # Parsing is pure and slow: off the event loop. Applying writes: on it, like every write.
        profiles = _profiles()
        draft = await asyncio.to_thread(profiles.extract, html, kept.url) if html is not None else None
        outcomes[profiles.reapply(store, kept, draft)] += 1
    return ReextractResult(captures=len(ids), **outcomes)


@ops.add("POST", "/api/v1/people/{person_id}/merge", "Fold a duplicate into this person", tag="people",
         body=MergeRequest, response=Person, errors=(404, 409))
async def merge_people(request: web.Request, person_id: int, body: MergeRequest) -> Person:
    return _profiles().merge(request.app[STORE], person_id, body.duplicate_id)


@ops.add("GET", "/api/v1/people/{person_id}/history", "Dated title and organization changes, newest first",
         tag="people", query=ListQuery, response=ProfileChangePage, errors=(404,))
async def person_history(request: web.Request, person_id: int, query: ListQuery) -> ProfileChangePage:
    store = request.app[STORE]
    store.people.raw(person_id)
    items, total = store.history.for_person(person_id, query.limit, query.offset)
    return ProfileChangePage(items=items, total=total)
