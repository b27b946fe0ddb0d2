"""GET /api/v1/sync: is this machine syncing, since when, what waits; POST /api/v1/sync/now: sync at once."""

from __future__ import annotations

from aiohttp import web

from companion.api.keys import STORE, SYNC
from companion.api.operations import Operations
from companion.models import SyncLogEntry, SyncStatus
from companion.store import Store
from companion.store.schema import INTERACTIONS, PEOPLE, TASKS
from companion.sync.service import Merged

ops = Operations()
NOT_SET_UP = "sync is not set up: run `tend sync setup https://your-couchdb:6984` to keep this network on " \
             "your other machines too"


def _person_of(store: Store, entry: Merged) -> tuple[int | None, str | None]:
    """Whom a merge was about, so the log can name them and link to them (if they are still here)."""
    if entry.local_id is None:
        return None, None
    person_id: int | None = None
    if entry.table == PEOPLE:
        person_id = entry.local_id
    elif entry.table == INTERACTIONS and store.interactions.exists(entry.local_id):
        person_id = store.interactions.raw(entry.local_id)["person_ids"][0]
    elif entry.table == TASKS and store.tasks.exists(entry.local_id):
        person_id = store.tasks.raw(entry.local_id).get("person_id")
    if person_id is None or not store.people.exists(person_id):
        return None, None
    return person_id, str(store.people.raw(person_id)["name"])


def _entry(store: Store, entry: Merged) -> SyncLogEntry:
    person_id, name = _person_of(store, entry)
    return SyncLogEntry(at=entry.at, kind=entry.kind, table=entry.table, id=entry.local_id, person_id=person_id,
                        person_name=name)


async def _status(app: web.Application) -> SyncStatus:
    runner = app[SYNC]
    service = await runner.refresh()  # a sync.json written or changed since: in use from now
    if service is None:
        problem = runner.problem
        if problem is not None:
            return SyncStatus(configured=False, state="off", message=problem.message, reason=problem.reason)
        return SyncStatus(configured=False, state="off", message=NOT_SET_UP)
    status = service.status
    return SyncStatus(configured=True, state=status.state, where=status.where, last_synced_at=status.last_synced_at,
                      waiting=service.waiting(), message=status.message, reason=status.reason,
                      log=[_entry(app[STORE], entry) for entry in status.log])


@ops.add("GET", "/api/v1/sync", "Whether this machine syncs, when it last did, what waits to be sent",
         tag="sync", response=SyncStatus)
async def sync_status(request: web.Request) -> SyncStatus:
    return await _status(request.app)


@ops.add("POST", "/api/v1/sync/now", "Sync at once (offline: try again now); answers when that round is over",
         tag="sync", response=SyncStatus)
async def sync_now(request: web.Request) -> SyncStatus:
    service = await request.app[SYNC].refresh()
    if service is not None:
        await service.sync_now()
    return await _status(request.app)
