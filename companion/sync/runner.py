"""Sync's place in a running companion: started from sync.json, and started again when that file changes
(`tend sync setup` while the companion runs takes effect without a restart), stopped when it goes.

One settings file, read when it changes: a stat per question, not a parse."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from companion.store import Store
from companion.sync import config
from companion.sync.couch import SyncError
from companion.sync.service import SyncService

log = logging.getLogger(__name__)
Seen = tuple[int, int] | None  # sync.json's (mtime_ns, size), None when there is none
_NOT_YET: Seen = (-1, -1)  # before the first look


class SyncRunner:
    def __init__(self, store: Store, data_dir: Path, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.data_dir = data_dir
        self.clock = clock
        self.service: SyncService | None = None
        self.problem: SyncError | None = None  # why sync.json could not be used
        self._task: asyncio.Task[None] | None = None
        self._seen: Seen = _NOT_YET

    def _stat(self) -> Seen:
        try:
            found = config.config_path(self.data_dir).stat()
        except OSError:
            return None
        return found.st_mtime_ns, found.st_size

    async def refresh(self) -> SyncService | None:
        """The service for sync.json as it is now: the same one while the file is unchanged."""
        seen = self._stat()
        if seen == self._seen:
            return self.service
        self._seen = seen
        await self._stop()
        self.problem = None
        try:
            settings = config.load(self.data_dir)
        except SyncError as error:
            log.error("sync is off: %s", error.message)
            self.problem = error
            return None
        if settings is not None:
            self.service = SyncService(self.store, settings, self.clock)
            self._task = asyncio.create_task(self.service.run())
        return self.service

    async def _stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        if self.service is not None:
            self.service.close()
            self.service = None

    async def close(self) -> None:
        await self._stop()
