"""TinyDB with a journal: TinyDB stays the query engine and its JSON file stays the snapshot format.

Why not TinyDB's own JSONStorage: it rewrites the whole file in place on every write (2.3 s per insert
with 200k interactions, and a crash mid-write loses everything). Why not only a custom Storage: TinyDB's
`Table._update_table` copies the whole table twice per write before the storage is even called. So:

* `JournaledTable` replaces that one method. Updaters get a view of the live table that records which
  documents they touch; the cost of a write is the cost of the documents it changes.
* `JournaledStorage` keeps the tables in memory (those `held_as_json` as EncodedDocs, encoded.py),
  appends each committed change set to the journal and fsyncs it before returning, and now and then
  writes a full snapshot atomically and empties the journal.
  A transaction groups several table writes into one journal line, so they are durable together or not
  at all; if the updater or the journal write fails, memory is put back as it was.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, MutableMapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from companion.errors import DamagedData, StorageError, storage_failure
from companion.bulk import bulk_load
from companion.store import derived
from companion.store.encoded import EncodedDocs
from companion.store.files import write_atomic
from companion.store.journal import Journal, read_journal
from companion.store.replay import DocValidator, apply_changes, replay, validate_tables
from companion.store.snapshot import Snapshot, encode_snapshot

log = logging.getLogger(__name__)
SNAPSHOT_NAME = "tend.json"
JOURNAL_NAME = "tend.journal"

Doc = dict[str, Any]
DocTable = MutableMapping[str, Doc]  # a dict, or EncodedDocs for the tables held as JSON
Tables = dict[str, DocTable]
# (table, doc_id, document before the change or None, document after or None); called for every
# applied change, also inside a transaction (so its own reads see its writes), and again in reverse
# on rollback.
ChangeListener = Callable[[str, int, Doc | None, Doc | None], None]
# (table, doc_id, document before the transaction or None, after it or None) for each document a
# transaction changed: given to each `before_commit` hook, which may write more in the same transaction.
Change = tuple[str, int, Doc | None, Doc | None]
CommitHook = Callable[[list[Change]], None]

# Snapshots written in the background, one at a time (zlib and file writes free the GIL for part of it).
_COMPACTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tend-compact")
Written = dict[str, tuple[derived.TableMark, derived.Layout]]


@dataclass
class _Compaction:
    """A snapshot on its way: of the tables as of commit `seq`, when the journal was `journal_bytes` long."""

    seq: int
    journal_bytes: int
    written: Future[Written]


def _write_snapshot(path: Path, tables: Mapping[str, DocTable], seq: int) -> Written:
    """`tables` as the snapshot at `path`, atomically; each table's mark and layout, as written."""
    written: Written = {}
    write_atomic(path, encode_snapshot(tables, seq, written=written))
    return written


class _ChangeView(MutableMapping[int, Doc]):
    """The live table as TinyDB's updaters expect it (int ids), remembering what each touched doc was.

    TinyDB's updaters change the documents they get in place. A table held as JSON (encoded.py) hands out
    copies, so those are kept here and written back by `settle` once the updater is done."""

    def __init__(self, raw: MutableMapping[str, Doc]) -> None:
        self._raw = raw
        self._copies = isinstance(raw, EncodedDocs)
        self._working: dict[str, Doc] = {}
        self.before: dict[str, Doc | None] = {}

    def _touch(self, doc_id: int) -> str:
        key = str(doc_id)
        if key not in self.before:
            doc = self._raw.get(key)
            self.before[key] = doc if self._copies else copy.deepcopy(doc)
        return key

    def __getitem__(self, doc_id: int) -> Doc:
        key = self._touch(doc_id)
        if not self._copies:
            return self._raw[key]
        doc = self._working.get(key)
        if doc is None:
            doc = self._working[key] = self._raw[key]
        return doc

    def __setitem__(self, doc_id: int, doc: Doc) -> None:
        key = self._touch(doc_id)
        self._raw[key] = doc
        if self._copies:
            self._working[key] = doc

    def __delitem__(self, doc_id: int) -> None:
        key = self._touch(doc_id)
        del self._raw[key]
        self._working.pop(key, None)

    def __contains__(self, doc_id: object) -> bool:
        return str(doc_id) in self._raw

    def __iter__(self) -> Iterator[int]:
        return (int(key) for key in list(self._raw))

    def __len__(self) -> int:
        return len(self._raw)

    def settle(self) -> None:
        """Write back the copies the updater changed in place."""
        for key, doc in self._working.items():
            if key in self._raw and doc != self.before[key]:
                self._raw[key] = doc


def _undo(raw: MutableMapping[str, Doc], before: dict[str, Doc | None]) -> None:
    for key, doc in before.items():
        if doc is None:
            raw.pop(key, None)
        else:
            raw[key] = doc


class JournaledTable(Table):
    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        self._journaled().apply(self.name, updater)
        self.clear_cache()

    def insert(self, document: Mapping[str, Any]) -> int:
        """TinyDB's insert, written straight to the storage: an updater on a table held as JSON would
        encode the new document twice and decode it once more."""
        if not isinstance(document, Mapping):
            raise ValueError("Document is not a Mapping")
        if isinstance(document, self.document_class):
            doc_id = document.doc_id
            self._next_id = None  # as TinyDB does: the next insert looks for the largest id again
        else:
            doc_id = self._get_next_id()
        self._journaled().put(self.name, doc_id, dict(document), new=True)
        self.clear_cache()
        return doc_id

    def replace(self, doc_id: int, document: Doc) -> None:
        """Document `doc_id` (KeyError when there is none) becomes `document` whole."""
        self._journaled().put(self.name, doc_id, dict(document), new=False)
        self.clear_cache()

    def _journaled(self) -> JournaledStorage:
        storage = self._storage
        assert isinstance(storage, JournaledStorage)
        return storage


class JournaledTinyDB(TinyDB):
    table_class = JournaledTable


class _TablesView(Mapping[str, DocTable]):
    """What TinyDB gets from `read()`: every table by name, each loaded when TinyDB first asks for it."""

    def __init__(self, storage: JournaledStorage) -> None:
        self._storage = storage

    def __getitem__(self, name: str) -> DocTable:
        return self._storage.table(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._storage.table_names())

    def __len__(self) -> int:
        return len(self._storage.table_names())


class JournaledStorage(Storage):
    """Tables in memory, every committed change in an fsynced journal, a snapshot now and then."""

    def __init__(self, data_dir: Path, compact_after_bytes: int = 16 * 2**20,
                 validators: Mapping[str, DocValidator] | None = None,
                 held_as_json: Collection[str] = ()) -> None:
        self.held_as_json = frozenset(held_as_json)
        self.snapshot_path = data_dir / SNAPSHOT_NAME
        self.journal_path = data_dir / JOURNAL_NAME
        self.compact_after_bytes = compact_after_bytes
        self._snapshot = Snapshot(self.snapshot_path)
        self._compact_at = self._next_compaction()
        try:
            contents = read_journal(self.journal_path)
            if contents.torn_bytes:
                log.warning("dropped an unfinished last journal write (%d bytes, no newline): it was never "
                            "acknowledged", contents.torn_bytes)
            self._replayed, self._seq = replay(self._snapshot, contents, self.journal_path)
            # Documents are checked when they enter memory from a file no checksum of ours vouches for: the
            # journal's (a good checksum says the line is whole, not that it was written by this code) and a
            # snapshot edited by hand. A snapshot table whose checksum matches was written by compaction from
            # documents that were each checked on their way in, so checking its 200k documents again at every
            # start (about 3 s) would prove nothing new; `verify` (tend doctor) checks every document anyway.
            validate_tables(self._replayed, validators or {}, self.journal_path, changes=True)
            if not self._snapshot.trusted:
                validate_tables(self._snapshot.parsed_tables(), validators or {}, self.snapshot_path)
        except BaseException:
            self._snapshot.close()
            raise
        self._snapshot_seq = self._snapshot.seq
        self._marks = dict(self._snapshot.marks)  # of the snapshot the tables are loaded from
        self._saved = derived.SavedParts(data_dir / derived.DERIVED_NAME)
        self.saved_indexes: list[derived.SavedIndex] = []  # saved beside each snapshot (derived.py)
        self._tables: Tables = {}  # the tables loaded so far
        self._declared: set[str] = set()
        self._load_lock = threading.Lock()
        self._journal = Journal(self.journal_path, contents.good_length)
        self._depth = 0
        self._pending: list[tuple[str, dict[str, Doc | None]]] = []
        # Each document the pending writes changed, as it is now: what the hooks and the journal see,
        # without decoding a table held as JSON again for each.
        self._latest: dict[tuple[str, str], Doc | None] = {}
        self.listeners: dict[str | None, list[ChangeListener]] = {}  # by table; None: told of every table's
        self.before_commit: list[CommitHook] = []
        self.damaged = False  # set when a table fails to load later: nothing may then be written over it
        self._compacting: _Compaction | None = None  # a snapshot being written in the background

    # -- tables, loaded on first use --------------------------------------------------------------
    def table(self, name: str) -> DocTable:
        """The live documents of table `name`: from the snapshot, loaded now if this is the first use,
        with the journal's later changes applied. A table `held_as_json` is EncodedDocs (encoded.py)."""
        table = self._tables.get(name)
        if table is None:
            with self._load_lock:
                table = self._tables.get(name)
                if table is None:
                    try:
                        with bulk_load():
                            table = (self._snapshot.load_encoded(name, self._saved_layout(name))
                                     if name in self.held_as_json else self._snapshot.load(name))
                    except DamagedData:
                        self.damaged = True
                        raise
                    apply_changes(table, self._replayed.pop(name, []))
                    self._tables[name] = table
        return table

    def _saved_layout(self, name: str) -> derived.Layout | None:
        data = self._saved.take(f"layout:{name}", self._marks.get(name))
        if data is None:
            return None
        try:
            return derived.unpacked_layout(data)
        except ValueError:
            return None

    def saved_part(self, name: str, table: str) -> bytes | None:
        """Part `name` of what was saved with the snapshot (derived.py), when it was derived from the very
        table `table` was loaded from (so what was written since loading brings it up to date)."""
        self.table(table)
        return self._saved.take(name, self._marks.get(table))

    def derived_to_save(self) -> dict[str, tuple[derived.TableMark, bytes]]:
        """What a warm-up derived that the saved file lacks, for the tables unchanged since they were
        loaded (call under the write lock; empty when there is nothing new to save)."""
        marks: dict[str, tuple[derived.TableMark, derived.Layout]] = {}
        for name, table in self._tables.items():
            layout = table.layout() if isinstance(table, EncodedDocs) else None
            if layout is not None and name in self._marks:
                marks[name] = (self._marks[name], layout)
        names = {f"layout:{name}" for name in marks}
        names |= {index.saved_as for index in self.saved_indexes if index.table in marks}
        return {} if names <= self._saved.taken else self._derived_parts(marks)

    def _derived_parts(self, tables: Mapping[str, tuple[derived.TableMark, derived.Layout]]
                       ) -> dict[str, tuple[derived.TableMark, bytes]]:
        parts = {f"layout:{name}": (mark, derived.packed_layout(layout)) for name, (mark, layout) in tables.items()}
        for index in self.saved_indexes:
            data = index.packed() if index.table in tables else None
            if data is not None:
                parts[index.saved_as] = (tables[index.table][0], data)
        return parts

    def save_derived(self, parts: Mapping[str, tuple[derived.TableMark, bytes]]) -> None:
        derived.save(self._saved.path, parts)

    def table_names(self) -> set[str]:
        return self._snapshot.names | set(self._replayed) | set(self._tables) | self._declared

    def all_tables(self) -> Tables:
        """Every table, loaded (a snapshot needs them all; so do tests comparing the whole store)."""
        return {name: self.table(name) for name in sorted(self.table_names())}

    def ensure_table(self, name: str) -> None:
        """Declare a table without loading it, so a rolled-back first write leaves the data as it was."""
        self._declared.add(name)

    # -- tinydb.Storage -------------------------------------------------------------------------
    def documents(self) -> dict[str, dict[str, Doc]]:
        """Every table as plain dicts, copied (for comparing whole stores; a backup streams instead)."""
        return {name: dict(table.items()) for name, table in self.all_tables().items()}

    def read(self) -> Mapping[str, DocTable]:  # type: ignore[override]
        return _TablesView(self)

    def write(self, data: Tables) -> None:
        raise StorageError("whole-database writes would bypass the journal; write through tables")

    def has_changes(self) -> bool:
        """Whether changes exist that the snapshot does not hold yet."""
        return self._seq != self._snapshot_seq

    def close(self) -> None:
        try:
            self.settle_compaction()
            if self.has_changes() and not self.damaged:
                self.compact()
        except StorageError as error:  # the journal still holds every change: the next start replays it
            log.error("no snapshot written at close (%s); the journal keeps every change", error.message)
        finally:
            self._journal.close()
            self._snapshot.close()

    # -- writes ---------------------------------------------------------------------------------
    def apply(self, table_name: str, updater: Callable[[dict[int, Any]], None]) -> None:
        raw = self.table(table_name)
        view = _ChangeView(raw)
        try:
            updater(view)  # type: ignore[arg-type]
            view.settle()
        except BaseException:
            _undo(raw, view.before)
            raise
        self._pending.append((table_name, view.before))
        for key, before in view.before.items():
            after = self._latest[(table_name, key)] = raw.get(key)
            self._notify(table_name, key, before, after)
        if self._depth == 0:
            self._commit()

    def put(self, table_name: str, doc_id: int, doc: Doc, *, new: bool) -> None:
        """Store `doc` as document `doc_id`: a new one (ValueError if the id is taken), or the whole of
        one that exists (KeyError if there is none). The write path of inserts and whole replacements,
        which need no updater: the document is decoded once (as it was) and encoded once."""
        raw = self.table(table_name)
        key = str(doc_id)
        before = raw.get(key)
        if new and before is not None:
            raise ValueError(f"Document with ID {key} already exists")
        if not new and before is None:
            raise KeyError(doc_id)
        raw[key] = doc  # a table of dicts gets a new object: `before`, the old one, stays as it was
        self._pending.append((table_name, {key: before}))
        self._latest[(table_name, key)] = doc
        self._notify(table_name, key, before, doc)
        if self._depth == 0:
            self._commit()

    def _notify(self, table_name: str, key: str, before: Doc | None, after: Doc | None) -> None:
        if before != after:
            doc_id = int(key)
            for listener in (*self.listeners.get(table_name, ()), *self.listeners.get(None, ())):
                listener(table_name, doc_id, before, after)

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
        self._latest.clear()

    def _net_changes(self) -> list[tuple[str, str, Doc | None, Doc | None]]:
        """Each document the pending writes changed: as it was before them, and as it is now."""
        first_seen: dict[tuple[str, str], Doc | None] = {}
        for table_name, before in self._pending:
            for key, doc in before.items():
                first_seen.setdefault((table_name, key), doc)
        latest = self._latest
        changes = [(t, key, before, latest[(t, key)] if (t, key) in latest else self._tables[t].get(key))
                   for (t, key), before in first_seen.items()]
        return [change for change in changes if change[2] != change[3]]

    def _run_hooks(self) -> None:
        """The `before_commit` hooks, once, inside the transaction: what they write commits with it, and
        a hook that fails rolls the whole transaction back."""
        changes = [(t, int(key), before, after) for t, key, before, after in self._net_changes()]
        if not changes:
            return
        self._depth += 1
        try:
            for hook in self.before_commit:
                hook(changes)
        except BaseException:
            self._depth -= 1
            self._rollback()
            raise
        self._depth -= 1

    def _commit(self) -> None:
        if self.before_commit:
            self._run_hooks()
        changes = self._net_changes()
        if not changes:
            self._pending.clear()
            self._latest.clear()
            return
        record = {"seq": self._seq + 1, "ops": [[t, int(key), after] for t, key, _, after in changes]}
        try:
            self._journal.append(record)
        except OSError as error:  # the journal was cut back to its last good line: nothing half-written stays
            self._rollback()
            raise storage_failure(error, "the change") from error
        except StorageError:  # a journal that could not be cut back after an earlier failure
            self._rollback()
            raise
        except (TypeError, ValueError) as error:  # a document orjson cannot encode
            self._rollback()
            raise StorageError(f"could not write to {self.journal_path}: {error}") from error
        self._pending.clear()
        self._latest.clear()
        self._seq += 1
        if self._compacting is not None and self._compacting.written.done():
            self._finish_compaction()
        elif self._compacting is None and self._journal.size >= self._compact_at:
            self._compact_after_commit()

    def _next_compaction(self) -> int:
        """The journal size that calls for a new snapshot: as much journal as the snapshot holds, between
        `compact_after_bytes` and four times that. Writing a snapshot costs its size (1.2 s for the 184 MB of
        10k people and 200k synced interactions), so a large store taking many writes (a first sync) is not
        written again every 16 MB; the cap bounds what a start after a crash replays (64 MB: under a second,
        where a 171 MB journal took 2.2 s)."""
        try:
            snapshot_bytes = self.snapshot_path.stat().st_size
        except OSError:
            snapshot_bytes = 0
        return max(self.compact_after_bytes, min(snapshot_bytes, 4 * self.compact_after_bytes))

    def _compact_after_commit(self) -> None:
        """Compaction after an acknowledged write, in the background: the tables as of this commit are
        frozen (cheap: the JSON is shared) and written to a new snapshot on a thread while writes go on,
        since writing one costs its size (1.2 s for a synced store of 10k people and 200k interactions, which
        the event loop would wait for). A later commit, or `close`, moves the journal past it. A failure (a
        full disk) must not fail the write, which the journal already holds."""
        try:
            tables = self.frozen(sorted(self.table_names()))
        except StorageError as error:
            self._compaction_failed(error)
            return
        self._compacting = _Compaction(self._seq, self._journal.size,
                                       _COMPACTOR.submit(_write_snapshot, self.snapshot_path, tables, self._seq))

    def settle_compaction(self) -> None:
        """Wait for a snapshot being written in the background, and move the journal past it."""
        if self._compacting is not None:
            wait([self._compacting.written])
            self._finish_compaction()

    def _finish_compaction(self) -> None:
        """The snapshot is written (or failed): the journal keeps only what came after it. A crash before
        that is harmless, as with `compact`; the indexes are saved with it only if nothing was written
        since (else they hold more than it does, and the next start builds them)."""
        compaction, self._compacting = self._compacting, None
        assert compaction is not None
        try:
            written = compaction.written.result()
            self._snapshot_seq = compaction.seq
            self._journal.reset(compaction.seq, keep_from=compaction.journal_bytes)
        except Exception as error:  # noqa: BLE001 (the journal holds every change: no write may fail for it)
            self._compaction_failed(storage_failure(error, "a snapshot") if isinstance(error, OSError)
                                    else StorageError(f"could not write {self.snapshot_path}: {error}"))
            return
        if self._seq == compaction.seq:
            self.save_derived(self._derived_parts(written))
        self._compact_at = self._next_compaction()

    def _compaction_failed(self, error: StorageError) -> None:
        """Tried again after a quarter more journal, not at every write."""
        self._compact_at = self._journal.size + self.compact_after_bytes // 4
        log.warning("could not write a snapshot (%s); every change is safe in the journal", error.message)

    def compact(self) -> None:
        """Write everything to a new snapshot atomically, then replace the journal by a header naming it.

        A crash between the two is harmless: the snapshot records the last sequence number it holds
        and replay skips journal records up to it.
        """
        self.settle_compaction()
        try:
            written = _write_snapshot(self.snapshot_path, self.all_tables(), self._seq)
            self._snapshot_seq = self._seq
            self._journal.reset(self._seq)
        except OSError as error:
            raise storage_failure(error, "a snapshot") from error
        # The indexes hold exactly what the new snapshot does: save them with it.
        self.save_derived(self._derived_parts(written))

    def frozen(self, names: Iterable[str]) -> dict[str, EncodedDocs]:
        """These tables as they are now, as JSON later writes do not change (call under the write lock):
        a clone for a table held as JSON (it costs what was written since loading), the others encoded."""
        return {name: table.clone() if isinstance(table := self.table(name), EncodedDocs) else EncodedDocs.of(table)
                for name in names}

    def backup_source(self) -> tuple[dict[str, EncodedDocs], int]:
        """Everything as of now and its sequence number, for a standalone snapshot (restored by copying it to
        tend.json, with no journal): take it under the write lock, encode and write it with none held."""
        return self.frozen(sorted(self.table_names())), self._seq
