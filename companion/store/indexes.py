"""In-memory secondary indexes, so lookups the API makes often never scan a table.

Built from its table the first time it is asked (tables themselves load on first use), then kept
current from the storage's change feed (which replays a rolled-back write in reverse, so an index never
keeps what the data does not).
"""

from __future__ import annotations

import logging
import threading
from array import array
from bisect import bisect_left
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, Protocol, TypeVar, Union

from companion.bulk import bulk_load
from companion.packed import pack, unpack
from companion.store.encoded import EncodedDocs, id_docs

log = logging.getLogger(__name__)
Doc = dict[str, Any]
# A saved part of tend.derived (derived.py), by name and the table it was derived from; None: none saved.
SavedPart = Callable[[str, str], Union[bytes, None]]
T = TypeVar("T")


class DerivedIndex(Protocol):
    """Anything the store keeps current from its change feed and builds at warm-up: it is told of the
    changes of its one table."""

    table: str

    def warm(self) -> None: ...

    def on_change(self, table: str, doc_id: int, before: Doc | None, after: Doc | None) -> None: ...


Bucket = Union[int, array]  # one id, or several in ascending order


def _put(ids: dict[Hashable, Bucket], key: Hashable, doc_id: int) -> None:
    """Add `doc_id` to `key`'s bucket, kept ascending and without repeats (a table is read in id order,
    so while an index is built this appends)."""
    bucket = ids.get(key)
    if bucket is None:
        ids[key] = doc_id
    elif type(bucket) is int:
        if bucket != doc_id:
            ids[key] = array("q", sorted((bucket, doc_id)))
    else:
        index = bisect_left(bucket, doc_id)
        if index == len(bucket) or bucket[index] != doc_id:
            bucket.insert(index, doc_id)


def _drop(ids: dict[Hashable, Bucket], key: Hashable, doc_id: int) -> None:
    bucket = ids.get(key)
    if bucket is None:
        return
    if type(bucket) is int:
        if bucket == doc_id:
            del ids[key]
        return
    index = bisect_left(bucket, doc_id)
    if index < len(bucket) and bucket[index] == doc_id:
        del bucket[index]
        if len(bucket) == 1:
            ids[key] = bucket[0]


def _packed(ids: dict[Hashable, Bucket]) -> bytes | None:
    """The buckets as keys (JSON), counts and ids; None when a key is neither an int nor text."""
    keys, counts, flat = [], array("q"), array("q")
    for key, bucket in ids.items():
        if type(key) is not int and type(key) is not str:
            return None
        keys.append(key)
        if type(bucket) is int:
            counts.append(1)
            flat.append(bucket)
        else:
            counts.append(len(bucket))
            flat.extend(bucket)
    return pack(keys, counts, flat)


def _unpacked(data: bytes) -> dict[Hashable, Bucket]:
    keys, arrays = unpack(data)
    if not isinstance(keys, list) or len(arrays) != 2 or len(arrays[0]) != len(keys):
        raise ValueError("not an index")
    counts, flat = arrays
    ids: dict[Hashable, Bucket] = {}
    at = 0
    for key, count in zip(keys, counts):
        ids[key] = flat[at] if count == 1 else flat[at:at + count]
        at += count
    if at != len(flat):
        raise ValueError("not an index")
    return ids


def restored(saved: SavedPart, name: str, table: str, docs: Mapping[str, Doc], read: Callable[[bytes], T],
             apply: Callable[[T, int, Doc | None, Doc | None], None]) -> T | None:
    """Index `name` of `table` as saved with the snapshot (derived.py), brought up to date with what was
    written since the table was loaded; None when there is none to use (then it is built as ever)."""
    data = saved(name, table)
    if data is None or not isinstance(docs, EncodedDocs):
        return None
    try:
        index = read(data)
    except ValueError as error:
        log.warning("the saved index %s cannot be read (%s); building it again", name, error)
        return None
    for doc_id, before, after in docs.changes_since_loading():
        apply(index, doc_id, before, after)
    return index


class Index:
    """Maps each key that `keys(doc)` yields to the ids of the documents of `table` that yield it.

    A key's ids are one int, or an array of them in ascending order: most keys (an address, an e-mail)
    name one document, and an array of ids takes 8 bytes an id where a set takes some 50 (200k
    interactions by person: 2 MB rather than 26).

    `saved_as`: the index is saved with the snapshot (derived.py) under this name, and restored from it
    when it is first needed: the saved buckets, then the documents written since the table was loaded."""

    def __init__(self, table: str, keys: Callable[[Doc], Iterable[Hashable]],
                 docs: Callable[[], Mapping[str, Doc]], saved_as: str = "", saved: SavedPart | None = None) -> None:
        self.table = table
        self.saved_as = saved_as
        self._keys = keys
        self._docs = docs
        self._saved = saved
        self._built: dict[Hashable, Bucket] | None = None
        self._build_lock = threading.Lock()

    @property
    def _ids(self) -> dict[Hashable, Bucket]:
        if self._built is None:
            with self._build_lock:  # a request and the warm-up thread wait for one build, not race two
                if self._built is None:
                    with bulk_load():
                        self._built = self._build()
        return self._built

    def _build(self) -> dict[Hashable, Bucket]:
        """Index the whole table; one tight loop, because it runs over every document of a large table."""
        restored = self._restored()
        if restored is not None:
            return restored
        ids: dict[Hashable, Bucket] = {}
        keys = self._keys
        for doc_id, doc in id_docs(self._docs()):
            for key in keys(doc):
                _put(ids, key, doc_id)
        return ids

    def _restored(self) -> dict[Hashable, Bucket] | None:
        if self._saved is None or not self.saved_as:
            return None
        return restored(self._saved, self.saved_as, self.table, self._docs(), _unpacked, self._apply)

    def packed(self) -> bytes | None:
        """The index as saved (derived.py); None when it is not built."""
        return None if self._built is None else _packed(self._built)

    def warm(self) -> None:
        _ = self._ids

    def _apply(self, ids: dict[Hashable, Bucket], doc_id: int, before: Doc | None, after: Doc | None) -> None:
        if before is not None:
            for key in self._keys(before):
                _drop(ids, key, doc_id)
        if after is not None:
            for key in self._keys(after):
                _put(ids, key, doc_id)

    def on_change(self, table: str, doc_id: int, before: Doc | None, after: Doc | None) -> None:
        if table != self.table or self._built is None:
            return  # not built yet: the first build will read the table as it is then
        self._apply(self._built, doc_id, before, after)

    def __contains__(self, key: Hashable) -> bool:
        """Whether some document yields `key` (no set of ids made for it)."""
        return key in self._ids

    def get(self, key: Hashable) -> set[int]:
        bucket = self._ids.get(key)
        if bucket is None:
            return set()
        return {bucket} if type(bucket) is int else set(bucket)

    def keys(self) -> list[Hashable]:
        """Every key some document yields (a fuzzy match scans these, not the documents)."""
        return list(self._ids)
