"""In-memory secondary indexes, so lookups the API makes often never scan a table.

Built from its table the first time it is asked (tables themselves load on first use), then kept
current from the storage's change feed (which replays a rolled-back write in reverse, so an index never
keeps what the data does not).
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, Protocol, Union

from companion.bulk import bulk_load
from companion.store.encoded import id_docs

Doc = dict[str, Any]


class DerivedIndex(Protocol):
    """Anything the store keeps current from its change feed and builds at warm-up."""

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


class Index:
    """Maps each key that `keys(doc)` yields to the ids of the documents of `table` that yield it.

    A key's ids are one int, or an array of them in ascending order: most keys (an address, an e-mail)
    name one document, and an array of ids takes 8 bytes an id where a set takes some 50 (200k
    interactions by person: 2 MB rather than 26)."""

    def __init__(self, table: str, keys: Callable[[Doc], Iterable[Hashable]],
                 docs: Callable[[], Mapping[str, Doc]]) -> None:
        self.table = table
        self._keys = keys
        self._docs = docs
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
        ids: dict[Hashable, Bucket] = {}
        keys = self._keys
        for doc_id, doc in id_docs(self._docs()):
            for key in keys(doc):
                _put(ids, key, doc_id)
        return ids

    def warm(self) -> None:
        _ = self._ids

    def _add(self, doc_id: int, doc: Doc) -> None:
        ids = self._ids
        for key in self._keys(doc):
            _put(ids, key, doc_id)

    def _remove(self, doc_id: int, doc: Doc) -> None:
        ids = self._ids
        for key in self._keys(doc):
            bucket = ids.get(key)
            if bucket is None:
                continue
            if type(bucket) is int:
                if bucket == doc_id:
                    del ids[key]
                continue
            index = bisect_left(bucket, doc_id)
            if index < len(bucket) and bucket[index] == doc_id:
                del bucket[index]
                if len(bucket) == 1:
                    ids[key] = bucket[0]

    def on_change(self, table: str, doc_id: int, before: Doc | None, after: Doc | None) -> None:
        if table != self.table or self._built is None:
            return  # not built yet: the first build will read the table as it is then
        if before is not None:
            self._remove(doc_id, before)
        if after is not None:
            self._add(doc_id, after)

    def get(self, key: Hashable) -> set[int]:
        bucket = self._ids.get(key)
        if bucket is None:
            return set()
        return {bucket} if type(bucket) is int else set(bucket)

    def keys(self) -> list[Hashable]:
        """Every key some document yields (a fuzzy match scans these, not the documents)."""
        return list(self._ids)
