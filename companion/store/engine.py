"""TinyDB with a journal: TinyDB stays the query engine and its JSON file stays the snapshot format.

Why not TinyDB's own JSONStorage: it rewrites the whole file in place on every write (2.3 s per insert
with 200k interactions, and a crash mid-write loses everything). Why not only a custom Storage: TinyDB's
`Table._update_table` copies the whole table twice per write before the storage is even called. So:

* `JournaledTable` replaces that one method. Updaters get a view of the live table that records which
  documents they touch; the cost of a write is the cost of the documents it changes.
* `JournaledStorage` keeps the tables in memory, appends each committed change set to the journal and
  fsyncs it before returning, and now and then writes a full snapshot atomically and empties the journal.
  A transaction groups several table writes into one journal line, so they are durable together or not
  at all; if the updater or the journal write fails, memory is put back as it was.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from companion.errors import DamagedData, StorageError
from companion.bulk import bulk_load
from companion.store.files import write_atomic
from companion.store.journal import Journal, read_journal
from companion.store.snapshot import Snapshot, encode_snapshot

log = logging.getLogger(__name__)

SNAPSHOT_NAME = "tend.json"
JOURNAL_NAME = "tend.journal"

Doc = dict[str, Any]
Tables = dict[str, dict[str, Doc]]
# (table, doc_id, document before the change or None, document after or None); called for every
# applied change, also inside a transaction (so its own reads see its writes), and again in reverse
# on rollback.
ChangeListener = Callable[[str, int, Doc | None, Doc | None], None]


class _ChangeView(MutableMapping[int, Doc]):
    """The live table as TinyDB's updaters expect it (int ids), remembering what each touched doc was."""

    def __init__(self, raw: dict[str, Doc]) -> None:
        self._raw = raw
        self.before: dict[str, Doc | None] = {}

    def _touch(self, doc_id: int) -> str:
        key = str(doc_id)
        if key not in self.before:
            self.before[key] = copy.deepcopy(self._raw.get(key))
        return key

    def __getitem__(self, doc_id: int) -> Doc:
        return self._raw[self._touch(doc_id)]

    def __setitem__(self, doc_id: int, doc: Doc) -> None:
        self._raw[self._touch(doc_id)] = doc

    def __delitem__(self, doc_id: int) -> None:
        del self._raw[self._touch(doc_id)]

    def __contains__(self, doc_id: object) -> bool:
        return str(doc_id) in self._raw

    def __iter__(self) -> Iterator[int]:
        return (int(key) for key in list(self._raw))

    def __len__(self) -> int:
        return len(self._raw)


def _undo(raw: dict[str, Doc], before: dict[str, Doc | None]) -> None:
    for key, doc in before.items():
        if doc is None:
            raw.pop(key, None)
        else:
            raw[key] = doc


class JournaledTable(Table):
    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        storage = self._storage
        assert isinstance(storage, JournaledStorage)
        storage.apply(self.name, updater)
        self.clear_cache()


class JournaledTinyDB(TinyDB):
    table_class = JournaledTable


Change = tuple[str, Doc | None]  # (doc id, document after or None when deleted)


def journal_changes(records: list[Doc], seq: int, path: Path) -> tuple[dict[str, list[Change]], int]:
    """The changes of the journal records after snapshot `seq`, per table in order, and the last seq."""
    changes: dict[str, list[Change]] = {}
    for record in records:
        record_seq = record.get("seq")
        if not isinstance(record_seq, int) or record_seq > seq + 1:
            raise DamagedData(f"{path}: journal record {record_seq!r} does not follow {seq}; records are missing")
        if record_seq <= seq:
            continue  # already in the snapshot (a crash came between snapshot and journal reset)
        for table_name, doc_id, doc in record["ops"]:
            changes.setdefault(table_name, []).append((str(doc_id), doc))
        seq = record_seq
    return changes, seq


def apply_changes(table: dict[str, Doc], changes: list[Change]) -> None:
    for key, doc in changes:
        if doc is None:
            table.pop(key, None)
        else:
            table[key] = doc


class _TablesView(Mapping[str, dict[str, Doc]]):
    """What TinyDB gets from `read()`: every table by name, each loaded when TinyDB first asks for it."""

    def __init__(self, storage: JournaledStorage) -> None:
        self._storage = storage

    def __getitem__(self, name: str) -> dict[str, Doc]:
        return self._storage.table(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._storage.table_names())

    def __len__(self) -> int:
        return len(self._storage.table_names())


class JournaledStorage(Storage):
    """Tables in memory, every committed change in an fsynced journal, a snapshot now and then."""

    def __init__(self, data_dir: Path, compact_after_bytes: int = 16 * 2**20) -> None:
        self.snapshot_path = data_dir / SNAPSHOT_NAME
        self.journal_path = data_dir / JOURNAL_NAME
        self.compact_after_bytes = compact_after_bytes
        self._snapshot = Snapshot(self.snapshot_path)
        contents = read_journal(self.journal_path)
        if contents.torn_bytes:
            log.warning("dropped an unfinished last journal write (%d bytes): it was never acknowledged",
                        contents.torn_bytes)
        self._replayed, self._seq = journal_changes(contents.records, self._snapshot.seq, self.journal_path)
        self._tables: Tables = {}  # the tables loaded so far
        self._declared: set[str] = set()
        self._load_lock = threading.Lock()
        self._journal = Journal(self.journal_path, contents.good_length)
        self._depth = 0
        self._pending: list[tuple[str, dict[str, Doc | None]]] = []
        self.listeners: list[ChangeListener] = []

    # -- tables, loaded on first use --------------------------------------------------------------
    def table(self, name: str) -> dict[str, Doc]:
        """The live documents of table `name`: from the snapshot, parsed now if this is the first use,
        with the journal's later changes applied."""
        table = self._tables.get(name)
        if table is None:
            with self._load_lock:
                table = self._tables.get(name)
                if table is None:
                    with bulk_load():
                        table = self._snapshot.load(name)
                    apply_changes(table, self._replayed.pop(name, []))
                    self._tables[name] = table
        return table

    def table_names(self) -> set[str]:
        return self._snapshot.names | set(self._replayed) | set(self._tables) | self._declared

    def all_tables(self) -> Tables:
        """Every table, loaded (a snapshot needs them all; so do tests comparing the whole store)."""
        return {name: self.table(name) for name in sorted(self.table_names())}

    def ensure_table(self, name: str) -> None:
        """Declare a table without loading it, so a rolled-back first write leaves the data as it was."""
        self._declared.add(name)

    # -- tinydb.Storage -------------------------------------------------------------------------
    def read(self) -> Mapping[str, dict[str, Doc]]:  # type: ignore[override]
        return _TablesView(self)

    def write(self, data: Tables) -> None:
        raise StorageError("whole-database writes would bypass the journal; write through tables")

    def has_journal(self) -> bool:
        """Whether changes exist that the snapshot does not hold yet."""
        return self._journal.size > 0

    def close(self) -> None:
        if self.has_journal():
            self.compact()
        self._journal.close()
        self._snapshot.close()

    # -- writes ---------------------------------------------------------------------------------
    def apply(self, table_name: str, updater: Callable[[dict[int, Any]], None]) -> None:
        raw = self.table(table_name)
        view = _ChangeView(raw)
        try:
            updater(view)  # type: ignore[arg-type]
        except BaseException:
            _undo(raw, view.before)
            raise
        self._pending.append((table_name, view.before))
        for key, before in view.before.items():
            self._notify(table_name, key, before, raw.get(key))
        if self._depth == 0:
            self._commit()

    def _notify(self, table_name: str, key: str, before: Doc | None, after: Doc | None) -> None:
        if before != after:
            for listener in self.listeners:
                listener(table_name, int(key), before, after)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes into one journal record: all of them survive a crash, or none."""
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self._rollback()
            raise
        self._depth -= 1
        if self._depth == 0:
            self._commit()

    def _rollback(self) -> None:
        """Put memory (and, through the listeners, the indexes) back as it was before the transaction."""
        for table_name, before in reversed(self._pending):
            raw = self._tables[table_name]
            for key, doc in before.items():
                self._notify(table_name, key, raw.get(key), doc)
            _undo(raw, before)
        self._pending.clear()

    def _commit(self) -> None:
        first_seen: dict[tuple[str, str], Doc | None] = {}
        for table_name, before in self._pending:
            for key, doc in before.items():
                first_seen.setdefault((table_name, key), doc)
        changes = [(t, key, before, self._tables[t].get(key)) for (t, key), before in first_seen.items()]
        changes = [change for change in changes if change[2] != change[3]]
        if not changes:
            self._pending.clear()
            return
        record = {"seq": self._seq + 1, "ops": [[t, int(key), after] for t, key, _, after in changes]}
        try:
            self._journal.append(record)
        except (OSError, TypeError, ValueError) as error:
            self._rollback()
            raise StorageError(f"could not write to {self.journal_path}: {error}") from error
        self._pending.clear()
        self._seq += 1
        if self._journal.size >= self.compact_after_bytes:
            self.compact()

    def compact(self) -> None:
        """Write everything to a new snapshot atomically, then empty the journal.

        A crash between the two is harmless: the snapshot records the last sequence number it holds
        and replay skips journal records up to it.
        """
        write_atomic(self.snapshot_path, encode_snapshot(self.all_tables(), self._seq))
        self._journal.reset()
