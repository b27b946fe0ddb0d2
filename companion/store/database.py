"""Opens a data directory: the lock, the journaled TinyDB, its indexes; keeps damaged files aside."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

from tinydb.table import Document, Table

from companion.errors import DamagedData, storage_failure
from companion.store.backups import BACKUP_DIR, backup_due, backup_path, prune_backups
from companion.bulk import freeze_loaded
from companion.store.derived import DERIVED_NAME, SavedIndex
from companion.store.encoded import EncodedDocs
from companion.store.engine import JOURNAL_NAME, SNAPSHOT_NAME, ChangeListener, JournaledStorage, JournaledTinyDB
from companion.store.files import TMP_SUFFIX, copy_private, ensure_private_dir, write_atomic
from companion.store.indexes import DerivedIndex, Doc, Index
from companion.store.lock import DataDirLock
from companion.store.snapshot import encode_snapshot
from companion.store.replay import DocValidator

I = TypeVar("I", bound=DerivedIndex)
log = logging.getLogger(__name__)
STORAGE_FILES = (SNAPSHOT_NAME, JOURNAL_NAME)


def _keep_aside(data_dir: Path) -> tuple[Path, str | None]:
    """Copy the files that failed to load into a dated, owner-only folder; the originals stay where they
    are. Returns the folder and, when a copy could not be finished (a full disk), why."""
    folder = data_dir / f"damaged-{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S')}"
    ensure_private_dir(folder)
    for name in STORAGE_FILES:
        if (data_dir / name).exists():
            try:
                copy_private(data_dir / name, folder / name)
            except OSError as error:
                return folder, f"the copy of {name} is incomplete ({error.strerror})"
    return folder, None


def _remove_leftovers(data_dir: Path) -> None:
    """A temporary file is only ever complete once renamed: one still there is from a crash mid-write."""
    leftovers = [data_dir / (name + TMP_SUFFIX) for name in (*STORAGE_FILES, DERIVED_NAME)]
    leftovers += (data_dir / BACKUP_DIR).glob("*" + TMP_SUFFIX)  # a backup cut short: as large as the data
    for leftover in leftovers:
        if leftover.exists():
            log.info("removing %s, left by a write that was interrupted", leftover.name)
            leftover.unlink()


class Database:
    def __init__(self, data_dir: Path, compact_after_bytes: int = 16 * 2**20,
                 validators: Mapping[str, DocValidator] | None = None, held_as_json: Collection[str] = ()) -> None:
        ensure_private_dir(data_dir)
        self.data_dir = data_dir
        self._lock = DataDirLock(data_dir)
        try:
            _remove_leftovers(data_dir)
            self.storage = JournaledStorage(data_dir, compact_after_bytes, validators, held_as_json)
        except DamagedData as error:
            self._lock.release()
            folder, incomplete = _keep_aside(data_dir)
            copy = f"a copy is in {folder}" + (f", but {incomplete}" if incomplete else "")
            raise DamagedData(
                f"{error.message}. Nothing was changed; {copy}. Restore a file from "
                f"{data_dir / 'backups'} (see `tend doctor`) or move the damaged one away to start empty."
            ) from None
        except BaseException:
            self._lock.release()
            raise
        self._tinydb = JournaledTinyDB(storage=lambda: self.storage)
        self._write_lock = threading.RLock()
        self._indexes: list[DerivedIndex] = []

    def table(self, name: str) -> Table:
        # Lookups go through our indexes; TinyDB's query cache would only hold stale results after a rollback.
        self.storage.ensure_table(name)
        return self._tinydb.table(name, cache_size=0)

    def index(self, table: str, keys: Callable[[Doc], Iterable[Hashable]], saved_as: str = "") -> Index:
        """An index of `table` by `keys(doc)`; `saved_as`: saved with each snapshot under that name
        (derived.py), worth it for an index that reads every document of a large table."""
        return self.add_index(Index(table, keys, lambda: self.storage.table(table), saved_as,
                                    self.storage.saved_part))

    def add_index(self, index: I) -> I:
        """Keep `index` current from the change feed and build it with the others at warm-up (and save it
        with each snapshot, when it is a SavedIndex with a name)."""
        self.subscribe(index.on_change, index.table)
        self._indexes.append(index)
        if isinstance(index, SavedIndex) and index.saved_as:
            self.storage.saved_indexes.append(index)
        return index

    def subscribe(self, listener: ChangeListener, table: str | None = None) -> None:
        """Call `listener(table, doc_id, before, after)` for every change (of `table` only, when given: a
        write is then not offered to the indexes of every other table), and in reverse on rollback."""
        self.storage.listeners.setdefault(table, []).append(listener)

    def unsubscribe(self, listener: ChangeListener, table: str | None = None) -> None:
        """Stop telling `listener` of changes (one subscribed for `table`); ValueError if it never was."""
        self.storage.listeners.get(table, []).remove(listener)

    def table_docs(self, name: str) -> Mapping[str, Doc]:
        """The live documents of table `name`, by id as text: for the repositories' reads and indexes."""
        return self.storage.table(name)

    def warm(self) -> None:
        """Load every table and build every index now, rather than on first use (a server does this
        just after it starts listening, so the first requests find everything ready). Safe from another
        thread: the write lock keeps tables still while indexes are built from them."""
        with self._write_lock:
            self.storage.all_tables()
            for index in self._indexes:
                index.warm()
            to_save = self.storage.derived_to_save()
        freeze_loaded()
        if to_save:
            self.storage.save_derived(to_save)  # with no lock held: what is packed no longer changes

    def frozen(self, names: Iterable[str]) -> dict[str, EncodedDocs]:
        """These tables as they are now, as JSON that later writes do not change: what a streamed export
        reads off the event loop. Cheap for a table held as JSON (encoded.py); others are encoded now."""
        with self._write_lock:
            return self.storage.frozen(names)

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
        """A standalone copy of everything in backups/ (the newest ten are kept). Safe from another thread:
        the tables are frozen under the write lock (a consistent copy, encoded.py), then encoded and
        written a megabyte at a time with no lock held, so neither writes nor memory wait for it."""
        with self._write_lock:
            tables, seq = self.storage.backup_source()
        target = backup_path(self.data_dir, now)
        try:
            write_atomic(target, encode_snapshot(tables, seq, journaled=False))
        except OSError as error:
            raise storage_failure(error, f"the backup {target.name}") from error
        prune_backups(self.data_dir)
        return target

    def backup_due(self, now: datetime) -> bool:
        return self.storage.snapshot_path.exists() and backup_due(self.data_dir, now)

    def close(self) -> None:
        with self._write_lock:
            self.storage.close()
            self._lock.release()
