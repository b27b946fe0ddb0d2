"""GET /api/v1/sync: is this machine syncing, since when, what waits; POST /api/v1/sync/now: sync at once."""

from __future__ import annotations

from aiohttp import web

from companion.api.keys import SYNC
from companion.api.operations import Operations
from companion.models import SyncLogEntry, SyncStatus
from companion.sync.service import SyncService

ops = Operations()
NOT_SET_UP = "sync is not set up: run `tend sync setup https://your-couchdb:6984` to keep this network on " \
             "your other machines too"


def _status(service: SyncService | None) -> SyncStatus:
    if service is None:
        return SyncStatus(configured=False, state="off", message=NOT_SET_UP)
    status = service.status
    return SyncStatus(configured=True, state=status.state, where=status.where, last_synced_at=status.last_synced_at,
                      waiting=service.waiting(), message=status.message,
                      log=[SyncLogEntry(at=entry.at, kind=entry.kind, table=entry.table, id=entry.local_id)
                           for entry in status.log])


@ops.add("GET", "/api/v1/sync", "Whether this machine syncs, when it last did, what waits to be sent",
         tag="sync", response=SyncStatus)
async def sync_status(request: web.Request) -> SyncStatus:
    return _status(request.app.get(SYNC))


@ops.add("POST", "/api/v1/sync/now", "Sync at once (offline: try again now); answers when that round is over",
         tag="sync", response=SyncStatus)
async def sync_now(request: web.Request) -> SyncStatus:
    service = request.app.get(SYNC)
    if service is not None:
        await service.sync_now()
    return _status(service)
