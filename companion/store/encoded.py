"""A table held as its JSON text rather than as Python objects: the store holds every table so (schema.py).

Why: 200k interactions as dicts take about 190 MB (some 930 bytes each: the dict, its strings, the
key), as JSON about 50 MB. A timeline reads 50 of them, an index reads each once when it is built, so
decoding a document when it is read (orjson, about a microsecond for an interaction) costs little and
the memory follows the data. The table as loaded from the snapshot is one bytes object (the `arena`,
the very bytes read from the file) with each document's span in it; a document written since lives in
`_changed` (or is None there, deleted), until the next start reads a new snapshot. So a document costs
its JSON and 24 bytes of spans, and loading a table is one read and one scan, not a parse.

A `Mapping[str, Doc]` by the id as text, as TinyDB expects its tables. Every read returns a fresh copy:
changing it changes nothing stored; writes go through the storage's change view (engine.py).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from heapq import merge
from itertools import chain
from typing import Any

import orjson

Doc = dict[str, Any]
# In a table written by `encode_lines`, the first document follows the opening brace and every other one
# a comma and a newline: a newline never occurs inside orjson's compact output, whose strings escape it.
_FIRST = re.compile(rb'\{"(\d+)":')
_NEXT = re.compile(rb',\n"(\d+)":')


Layout = tuple[array, array]  # a table's ids, ascending, and the start and end of each one's JSON


def encode_lines(items: Iterable[tuple[int, bytes]], layout: Layout | None = None) -> Iterator[bytes]:
    """A table's JSON object, one document per line (still the JSON TinyDB reads), from (id, JSON) pairs.
    `layout`, when given, is filled with what `EncodedDocs.scan` would find in it (derived.py saves it)."""
    yield b"{"
    separator = b""
    at = 1
    for doc_id, body in items:
        line = b'%s"%d":%s' % (separator, doc_id, body)
        if layout is not None:
            at += len(line)
            layout[0].append(doc_id)
            layout[1].extend((at - len(body), at))
        yield line
        separator = b",\n"
    yield b"}"


class EncodedDocs(MutableMapping[str, Doc]):
    """A table's documents by id as text, each kept as its JSON (see the module's docstring)."""

    def __init__(self, arena: bytes = b"", ids: array | None = None, spans: array | None = None) -> None:
        self._arena = arena
        self._ids = ids if ids is not None else array("q")  # ascending
        self._spans = spans if spans is not None else array("q")  # start, end of each id's JSON in arena
        self._changed: dict[int, bytes | None] = {}  # written since loading; None: deleted
        self._deleted = 0  # how many of the loaded ones `_changed` deletes
        self._added = 0  # how many of `_changed` are not among the loaded ones

    @classmethod
    def scan(cls, body: bytes) -> EncodedDocs:
        """A table from its JSON in `encode_lines`' layout (a snapshot table Tend wrote and checksummed)."""
        ids, spans = array("q"), array("q")
        first = _FIRST.match(body)
        if first is not None:
            for match in chain((first,), _NEXT.finditer(body, first.end())):
                if ids:
                    spans.append(match.start())  # where the previous document ends
                ids.append(int(match[1]))
                spans.append(match.end())
            spans.append(len(body) - 1)  # the last one ends before the closing brace
        if any(ids[i] >= ids[i + 1] for i in range(len(ids) - 1)):  # written in order; else sorted once
            order = sorted(range(len(ids)), key=ids.__getitem__)
            ids = array("q", (ids[i] for i in order))
            spans = array("q", (spans[2 * i + j] for i in order for j in (0, 1)))
        return cls(body, ids, spans)

    @classmethod
    def laid_out(cls, body: bytes, layout: Layout) -> EncodedDocs:
        """A table from its JSON and the layout `scan` found in it before (derived.py): no scan at all."""
        ids, spans = layout
        if len(spans) != 2 * len(ids) or (spans and (spans[0] < 1 or spans[-1] > len(body) - 1)):
            raise ValueError("the layout does not fit the table")
        return cls(body, ids, spans)

    def layout(self) -> Layout | None:
        """The loaded documents' layout, when nothing was written since loading (else it describes a
        table that is no longer the one stored)."""
        return None if self._changed else (self._ids, self._spans)

    @classmethod
    def of(cls, docs: dict[str, Doc]) -> EncodedDocs:
        """A table from parsed documents (a snapshot without the line layout, or edited by hand)."""
        table = cls()
        for key, doc in docs.items():
            table[key] = doc
        return table

    # -- the loaded documents ------------------------------------------------------------------
    def _loaded(self, doc_id: int) -> int:
        """The position of `doc_id` among the loaded documents, or -1."""
        index = bisect_left(self._ids, doc_id)
        return index if index < len(self._ids) and self._ids[index] == doc_id else -1

    def _loaded_body(self, index: int) -> bytes:
        return self._arena[self._spans[2 * index]:self._spans[2 * index + 1]]

    def _body(self, key: str) -> bytes | None:
        if not key.isdigit():
            return None
        doc_id = int(key)
        if doc_id in self._changed:
            return self._changed[doc_id]
        index = self._loaded(doc_id)
        return None if index < 0 else self._loaded_body(index)

    def _added_ids(self) -> list[int]:
        """The ids written since loading that were not loaded, ascending."""
        return sorted(doc_id for doc_id, body in self._changed.items()
                      if body is not None and self._loaded(doc_id) < 0) if self._added else []

    def encoded(self) -> Iterator[tuple[int, bytes]]:
        """Every (id, JSON) in ascending id order."""
        changed = self._changed

        def loaded() -> Iterator[tuple[int, bytes]]:
            for index, doc_id in enumerate(self._ids):
                if doc_id in changed:
                    body = changed[doc_id]
                    if body is not None:
                        yield doc_id, body
                else:
                    yield doc_id, self._loaded_body(index)

        added = self._added_ids()
        return merge(loaded(), ((doc_id, changed[doc_id]) for doc_id in added)) if added else loaded()

    def decoded(self) -> Iterator[tuple[int, Doc]]:
        """Every (id, document) in ascending id order, the ids as ints (an index build reads these)."""
        loads = orjson.loads
        return ((doc_id, loads(body)) for doc_id, body in self.encoded())

    def changes_since_loading(self) -> Iterator[tuple[int, Doc | None, Doc | None]]:
        """(id, the document as loaded or None, as it is now or None) for each one written since loading:
        what brings an index saved with the loaded table (derived.py) up to date."""
        loads = orjson.loads
        for doc_id, body in self._changed.items():
            index = self._loaded(doc_id)
            yield (doc_id, None if index < 0 else loads(self._loaded_body(index)),
                   None if body is None else loads(body))

    def clone(self) -> EncodedDocs:
        """A copy as of now, sharing the loaded bytes (never changed in place): what an export reads
        while the store goes on changing. It costs what was written since loading, not the table."""
        copy = EncodedDocs(self._arena, self._ids, self._spans)
        copy._changed, copy._deleted, copy._added = dict(self._changed), self._deleted, self._added
        return copy

    # -- Mapping -------------------------------------------------------------------------------
    def __getitem__(self, key: str) -> Doc:
        body = self._body(key)
        if body is None:
            raise KeyError(key)
        return orjson.loads(body)

    def get(self, key: str, default: Any = None) -> Any:  # one lookup, not a `contains` and a `getitem`
        body = self._body(key) if isinstance(key, str) else None
        return default if body is None else orjson.loads(body)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._body(key) is not None

    def __iter__(self) -> Iterator[str]:
        """The ids as text, in ascending order, without touching a document."""
        changed = self._changed
        loaded = (doc_id for doc_id in self._ids if changed.get(doc_id, b"") is not None)
        return map(str, merge(loaded, self._added_ids()))

    def items(self) -> Iterator[tuple[str, Doc]]:  # type: ignore[override]
        return ((str(doc_id), doc) for doc_id, doc in self.decoded())

    def values(self) -> Iterator[Doc]:  # type: ignore[override]
        return (doc for _, doc in self.decoded())

    def __len__(self) -> int:
        return len(self._ids) - self._deleted + self._added

    # -- writes (through the storage only) -------------------------------------------------------
    def __setitem__(self, key: str, doc: Doc) -> None:
        doc_id = int(key)
        if self._loaded(doc_id) < 0:
            self._added += doc_id not in self._changed
        elif self._changed.get(doc_id, b"") is None:
            self._deleted -= 1  # a loaded document deleted, now written again
        # Copied to its exact size: orjson's result keeps the buffer it wrote into (4 KB for a 500-byte
        # document), which a long-lived document would carry for as long as it is kept.
        self._changed[doc_id] = memoryview(orjson.dumps(doc)).tobytes()

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        doc_id = int(key)
        if self._loaded(doc_id) >= 0:
            self._changed[doc_id] = None
            self._deleted += 1
        else:
            del self._changed[doc_id]
            self._added -= 1


def encoded_items(table: Mapping[str, Doc]) -> Iterator[tuple[int, bytes]]:
    """A table's (id as int, JSON), whichever way it is held (a snapshot writes these)."""
    if isinstance(table, EncodedDocs):
        return table.encoded()
    return ((int(key), orjson.dumps(doc)) for key, doc in table.items())


def id_docs(table: Mapping[str, Doc]) -> Iterator[tuple[int, Doc]]:
    """A table's (id as int, document), whichever way it is held."""
    if isinstance(table, EncodedDocs):
        return table.decoded()
    return ((int(key), doc) for key, doc in table.items())
