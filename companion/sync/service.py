"""Sync while the companion runs: a push as soon as something changes here, a long poll for what changes
there, and a state a person can read ("synced 2 minutes ago", "offline, 14 changes waiting", "the
server refused: ...") with a log of what was merged automatically.

The write path never waits for the network: a change is recorded in its own transaction (recorder.py)
and this service sends it a moment later. Offline, it tries again with a growing pause (up to a minute),
and at once when asked (`tend sync now`, the dashboard's button).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from companion.models import SyncReason
from companion.store import Store
from companion.sync.config import SyncConfig
from companion.sync.couch import Couch, Refused, SyncError
from companion.sync.local import Applied, LocalSide
from companion.sync.replicator import Replicator, Round

log = logging.getLogger(__name__)
State = Literal["starting", "syncing", "synced", "offline", "refused"]
POLL_S = 25.0
MAX_PAUSE_S = 60.0
LOG_SIZE = 50


@dataclass(frozen=True)
class Merged:
    """One thing a merge did that the user should hear of."""

    at: datetime
    kind: Literal["came_back", "kept_both", "joined"]
    table: str
    local_id: int | None


@dataclass
class Status:
    state: State = "starting"
    where: str = ""
    last_synced_at: datetime | None = None
    message: str | None = None
    reason: SyncReason | None = None  # why it is offline or refused, as a stable word
    log: deque[Merged] = field(default_factory=lambda: deque(maxlen=LOG_SIZE))


class SyncService:
    def __init__(self, store: Store, config: SyncConfig, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.config = config
        self.clock = clock
        self.local = LocalSide(store)
        self.status = Status(where=config.server.where)
        self._changed = asyncio.Event()
        self._now = asyncio.Event()
        self._synced = asyncio.Event()
        self.local.recorder.on_recorded = self._on_recorded
        self._loop: asyncio.AbstractEventLoop | None = None

    def waiting(self) -> int:
        """Changes made here that the server has not seen yet."""
        return self.local.records.dirty_count()

    def _on_recorded(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._changed.set)

    async def sync_now(self, timeout_s: float = 60.0) -> Status:
        """Sync at once (offline: try now), and answer when that round is over."""
        self._synced.clear()
        self._now.set()
        self._changed.set()
        try:
            await asyncio.wait_for(self._synced.wait(), timeout_s)
        except asyncio.TimeoutError:
            pass
        return self.status

    async def run(self) -> None:
        """Until cancelled."""
        self._loop = asyncio.get_running_loop()
        pause = 1.0
        async with Couch(self.config.server) as couch:
            replicator = Replicator(self.local, couch, key=self.config.key)
            while True:
                try:
                    self.status.state = "syncing"
                    self._note(await replicator.sync())
                    self._done()
                    pause = 1.0
                    await self._steady(replicator)
                except asyncio.CancelledError:
                    raise
                except Refused as error:
                    self._failed("refused", error)
                    pause = MAX_PAUSE_S
                except SyncError as error:
                    self._failed("offline", error)
                    pause = min(pause * 2, MAX_PAUSE_S)
                except Exception as error:  # a bug must not end sync for the rest of the session
                    log.exception("sync failed")
                    self._failed("offline", SyncError(f"sync failed ({error.__class__.__name__}); it tries again"))
                    pause = min(pause * 2, MAX_PAUSE_S)
                await self._pause(pause)

    async def _steady(self, replicator: Replicator) -> None:
        """Both online: push each change as it is made, take each of theirs as it is made."""
        async def pushing() -> None:
            while True:
                await self._changed.wait()
                self._changed.clear()
                await replicator.push()
                self._done()

        async def pulling() -> None:
            while True:
                received, applied, more = await replicator.pull(wait_s=0 if self._now.is_set() else POLL_S)
                self._now.clear()
                self._note_applied(applied)
                self._done()

        tasks = [asyncio.create_task(pushing()), asyncio.create_task(pulling())]
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                task.result()  # raises what stopped it
        finally:
            for task in tasks:
                task.cancel()

    async def _pause(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._now.wait(), seconds)
        except asyncio.TimeoutError:
            pass
        self._now.clear()

    def _done(self) -> None:
        self.status.state = "synced"
        self.status.message = None
        self.status.reason = None
        self.status.last_synced_at = self.clock()
        self._synced.set()

    def _failed(self, state: State, error: SyncError) -> None:
        if self.status.state != state or self.status.message != error.message:
            log.warning("sync: %s", error.message)
        self.status.state = state
        self.status.message = error.message
        self.status.reason = error.reason
        self._synced.set()

    def _note(self, done: Round) -> None:
        for applied in done.applied:
            self._note_applied(applied)

    def _note_applied(self, applied: Applied) -> None:
        for kind, gids in (("came_back", applied.came_back), ("kept_both", applied.kept_both),
                           ("joined", applied.joined)):
            for gid in gids:
                found = self.local.records.of_gid(gid)
                table = found[1]["table"] if found else ""
                local_id = found[1].get("local_id") if found else None
                self.status.log.appendleft(Merged(self.clock(), kind, table, local_id))  # type: ignore[arg-type]

    def close(self) -> None:
        self.local.close()
