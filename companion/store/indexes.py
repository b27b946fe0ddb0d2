"""In-memory secondary indexes, so lookups the API makes often never scan a table.

Built from its table the first time it is asked (tables themselves load on first use), then kept
current from the storage's change feed (which replays a rolled-back write in reverse, so an index never
keeps what the data does not).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Any, Protocol

from companion.bulk import bulk_load

Doc = dict[str, Any]


class DerivedIndex(Protocol):
    """Anything the store keeps current from its change feed and builds at warm-up."""

    def warm(self) -> None: ...

    def on_change(self, table: str, doc_id: int, before: Doc | None, after: Doc | None) -> None: ...


class Index:
    """Maps each key that `keys(doc)` yields to the ids of the documents of `table` that yield it."""

    def __init__(self, table: str, keys: Callable[[Doc], Iterable[Hashable]],
                 docs: Callable[[], dict[str, Doc]]) -> None:
        self.table = table
        self._keys = keys
        self._docs = docs
        self._built: dict[Hashable, set[int]] | None = None
        self._build_lock = threading.Lock()

    @property
    def _ids(self) -> dict[Hashable, set[int]]:
        if self._built is None:
            with self._build_lock:  # a request and the warm-up thread wait for one build, not race two
                if self._built is None:
                    with bulk_load():
                        self._built = self._build()
        return self._built

    def _build(self) -> dict[Hashable, set[int]]:
        """Index the whole table; one tight loop, because it runs over every document of a large table."""
        ids: dict[Hashable, set[int]] = {}
        keys = self._keys
        for doc_key, doc in self._docs().items():
            doc_id = int(doc_key)
            for key in keys(doc):
                bucket = ids.get(key)
                if bucket is None:
                    ids[key] = {doc_id}
                else:
                    bucket.add(doc_id)
        return ids

    def warm(self) -> None:
        _ = self._ids

    def _add(self, doc_id: int, doc: Doc) -> None:
        for key in self._keys(doc):
            self._ids.setdefault(key, set()).add(doc_id)

    def _remove(self, doc_id: int, doc: Doc) -> None:
        for key in self._keys(doc):
            ids = self._ids.get(key)
            if ids is not None:
                ids.discard(doc_id)
                if not ids:
                    del self._ids[key]

    def on_change(self, table: str, doc_id: int, before: Doc | None, after: Doc | None) -> None:
        if table != self.table or self._built is None:
            return  # not built yet: the first build will read the table as it is then
        if before is not None:
            self._remove(doc_id, before)
        if after is not None:
            self._add(doc_id, after)

    def get(self, key: Hashable) -> set[int]:
        return self._ids.get(key, set())

    def keys(self) -> list[Hashable]:
        """Every key some document yields (a fuzzy match scans these, not the documents)."""
        return list(self._ids)
