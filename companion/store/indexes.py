"""In-memory secondary indexes, so lookups the API makes often never scan a table.

Built once at start-up from the loaded tables, then kept current from the storage's change feed
(which replays a rolled-back write in reverse, so an index never keeps what the data does not).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any

Doc = dict[str, Any]


class Index:
    """Maps each key that `keys(doc)` yields to the ids of the documents of `table` that yield it."""

    def __init__(self, table: str, keys: Callable[[Doc], Iterable[Hashable]]) -> None:
        self.table = table
        self._keys = keys
        self._ids: dict[Hashable, set[int]] = {}

    def rebuild(self, docs: dict[str, Doc]) -> None:
        self._ids.clear()
        for key, doc in docs.items():
            self._add(int(key), doc)

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
        if table != self.table:
            return
        if before is not None:
            self._remove(doc_id, before)
        if after is not None:
            self._add(doc_id, after)

    def get(self, key: Hashable) -> set[int]:
        return self._ids.get(key, set())
