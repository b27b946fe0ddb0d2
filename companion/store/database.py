"""Opens a data directory: the lock, the journaled TinyDB, its indexes; keeps damaged files aside."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

from tinydb.table import Document, Table

from companion.errors import DamagedData
from companion.store.backups import backup_due, make_backup
from companion.bulk import freeze_loaded
from companion.store.engine import JournaledStorage, JournaledTinyDB
from companion.store.files import ensure_private_dir
from companion.store.indexes import DerivedIndex, Doc, Index
from companion.store.lock import DataDirLock

I = TypeVar("I", bound=DerivedIndex)


def _keep_aside(data_dir: Path, storage_files: Iterable[Path]) -> Path:
    """Copy the files that failed to load into a dated folder; the originals stay where they are."""
    folder = data_dir / f"damaged-{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S')}"
    ensure_private_dir(folder)
    for path in storage_files:
        if path.exists():
            shutil.copy2(path, folder / path.name)
    return folder


class Database:
    def __init__(self, data_dir: Path, compact_after_bytes: int = 16 * 2**20) -> None:
        ensure_private_dir(data_dir)
        self.data_dir = data_dir
        self._lock = DataDirLock(data_dir)
        try:
            self.storage = JournaledStorage(data_dir, compact_after_bytes)
        except DamagedData as error:
            self._lock.release()
            folder = _keep_aside(data_dir, [data_dir / "tend.json", data_dir / "tend.journal"])
            raise DamagedData(
                f"{error.message}. Nothing was changed; a copy is in {folder}. Restore a file from "
                f"{data_dir / 'backups'} (see `tend doctor`) or move the damaged one away to start empty."
            ) from None
        self._tinydb = JournaledTinyDB(storage=lambda: self.storage)
        self._write_lock = threading.RLock()
        self._indexes: list[DerivedIndex] = []

    def table(self, name: str) -> Table:
        # Lookups go through our indexes; TinyDB's query cache would only hold stale results after a rollback.
        self.storage.ensure_table(name)
        return self._tinydb.table(name, cache_size=0)

    def index(self, table: str, keys: Callable[[Doc], Iterable[Hashable]]) -> Index:
        return self.add_index(Index(table, keys, lambda: self.storage.table(table)))

    def add_index(self, index: I) -> I:
        """Keep `index` current from the change feed and build it with the others at warm-up."""
        self.storage.listeners.append(index.on_change)
        self._indexes.append(index)
        return index

    def warm(self) -> None:
        """Load every table and build every index now, rather than on first use (a server does this
        just after it starts listening, so the first requests find everything ready). Safe from another
        thread: the write lock keeps tables still while indexes are built from them."""
        with self._write_lock:
            self.storage.all_tables()
            for index in self._indexes:
                index.warm()
        freeze_loaded()

    def dump(self, names: Iterable[str]) -> dict[str, dict[str, Doc]]:
        """These tables as stored (ids as keys), for a backup."""
        with self._write_lock:
            return {name: dict(self.storage.table(name)) for name in names}

    def restore(self, tables: dict[str, dict[str, Doc]]) -> None:
        """Put documents back under their own ids, in one transaction. The caller checks the tables are
        empty: ids are the references between tables, so they must come back unchanged."""
        with self.transaction():
            for name, docs in tables.items():
                if docs:
                    self.table(name).insert_multiple(Document(doc, doc_id=int(key)) for key, doc in docs.items())

    def is_empty(self, names: Iterable[str]) -> bool:
        return not any(self.storage.table(name) for name in names)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._write_lock, self.storage.transaction():
            yield

    def backup(self, now: datetime) -> Path:
        with self._write_lock:
            if self.storage.has_journal():  # after a clean stop the snapshot is complete: just copy it
                self.storage.compact()
            return make_backup(self.storage.snapshot_path, self.data_dir, now)

    def backup_if_due(self, now: datetime) -> Path | None:
        if self.storage.snapshot_path.exists() and backup_due(self.data_dir, now):
            return self.backup(now)
        return None

    def close(self) -> None:
        with self._write_lock:
            self.storage.close()
            self._lock.release()
