"""The snapshot file: TinyDB's JSON layout, with a table of contents so tables can load one at a time.

Why: parsing a long-used store (10k people, 200k interactions, 43 MB) into Python objects takes longer
than the companion may take to start. So the snapshot is written as TinyDB has always written it,
`{"people": {...}, "interactions": {...}, "_meta": {...}}`, but with `_meta` last, recording where each
table's JSON lies in the file and its CRC-32. Start-up reads only that tail (and checks every CRC, so
damage still stops start-up); a table is parsed the first time something needs it. Each table is
written one document per line, which JSON allows anywhere and which lets a table held as JSON (encoded.py)
load by scanning for line starts instead of parsing (`"lines": true` in `_meta` says so).

Any other valid TinyDB file (an older snapshot, one edited by hand) has no usable table of contents
and is parsed whole, as before. A file that is neither is DamagedData.
"""

from __future__ import annotations

import json
import logging
import os
import zlib
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from companion.errors import DamagedData
from companion.chunks import chunked
from companion.store.encoded import EncodedDocs, Layout, encode_lines, encoded_items

log = logging.getLogger(__name__)
META_TABLE = "_meta"
FORMAT = 1
_META_MARK = b',"' + META_TABLE.encode() + b'":'
_TAIL_BYTES = 64 * 1024  # the table of contents is tens of bytes per table
_CRC_CHUNK = 1 << 20

Doc = dict[str, Any]
Table = dict[str, Doc]


@dataclass(frozen=True)
class Segment:
    """Where one table's JSON object lies in the snapshot file."""

    start: int
    end: int
    crc: int

    @property
    def mark(self) -> TableMark:
        return TableMark(self.end - self.start, self.crc)


@dataclass(frozen=True)
class TableMark:
    """A snapshot table by its content (length and CRC-32 of its JSON), wherever it lies in the file:
    what something derived from the table (derived.py) names it by."""

    size: int
    crc: int


def encode_snapshot(tables: Mapping[str, Mapping[str, Doc]], seq: int, journaled: bool = True,
                    written: dict[str, tuple[TableMark, Layout]] | None = None) -> Iterator[bytes]:
    """The snapshot as chunks of about a megabyte (never the whole file in memory): tables, each one
    document per line (so a table held as JSON loads by a scan, encoded.py), then `_meta`.

    `journaled`: a journal follows this file (the data directory's own snapshot), so a missing one is
    damage; a backup is standalone, and is restored by copying it to tend.json with no journal.
    `written`, when given, is filled with each table held as JSON's mark and layout, as it is written."""
    offset = 1
    contents: dict[str, list[int]] = {}
    yield b"{"
    for name, table in tables.items():
        head = orjson.dumps(name) + b":"
        yield head
        start = end = offset + len(head)
        crc = 0
        layout = (array("q"), array("q")) if written is not None and isinstance(table, EncodedDocs) else None
        for chunk in chunked(encode_lines(encoded_items(table), layout), _CRC_CHUNK):
            crc, end = zlib.crc32(chunk, crc), end + len(chunk)
            yield chunk
        contents[name] = [start, end, crc]
        if layout is not None:
            written[name] = (TableMark(end - start, crc), layout)  # type: ignore[index]
        offset = end + 1
        yield b","
    yield _META_MARK[1:]
    # `at`: where the mark (its comma) lies. Unmoved, the file kept its layout, so any checksum that
    # fails is damage; moved, the file was edited by hand and is parsed whole.
    yield orjson.dumps({"1": {"format": FORMAT, "seq": seq, "tables": contents, "at": offset - 1,
                              "journaled": journaled, "lines": True}})
    yield b"}"


def _check_table(name: str, table: object, path: Path) -> Table:
    # map() keeps these checks in C: they run over every document of a table.
    if not (isinstance(table, dict) and all(map(str.isdigit, table)) and set(map(type, table.values())) <= {dict}):
        raise DamagedData(f"{path} is JSON but not a Tend database: {name!r} is not a table of numbered documents")
    return table


def _check_meta(meta: object, path: Path) -> tuple[int, bool, dict[str, Any]]:
    """The snapshot's sequence number, whether a journal must follow it, and the whole record."""
    record = meta.get("1", {}) if isinstance(meta, dict) else None
    if not isinstance(record, dict):
        raise DamagedData(f"{path}: its {META_TABLE} table is not one Tend wrote")
    if record.get("format", FORMAT) != FORMAT:
        raise DamagedData(f"{path} has format {record.get('format')}; this Tend reads format {FORMAT}")
    seq = record.get("seq", 0)
    if type(seq) is not int or seq < 0 or not isinstance(record.get("journaled", False), bool):
        raise DamagedData(f"{path}: its {META_TABLE} table is not one Tend wrote")
    return seq, record.get("journaled", False), record


class Snapshot:
    """An open snapshot: its sequence number, and its tables, each parsed on first `load`.

    Holds the file open until every table is loaded, so a table is read from the very file whose
    checksums were verified, whatever happens to the path meanwhile.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seq = 0
        self.exists = False
        self.journaled = False  # a journal must follow (older snapshots and backups do not say so)
        self.trusted = True  # every table has a checksum Tend wrote (not so for a file edited by hand)
        self.lines = False  # written one document per line (encode_snapshot), so a table can be scanned
        self._parsed: dict[str, Table] = {}
        self._segments: dict[str, Segment] = {}
        self.marks: dict[str, TableMark] = {}  # each table's, when the file has a table of contents
        self._fd = -1
        try:
            self._fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            return
        self.exists = True
        try:
            if not self._open_contents():
                self._parse_whole()
        except BaseException:
            self.close()
            raise
        if not self._segments:
            self.close()

    def parsed_tables(self) -> dict[str, Table]:
        """The tables of a file parsed whole (one without a usable table of contents), not yet loaded."""
        return self._parsed

    @property
    def names(self) -> set[str]:
        return set(self._parsed) | set(self._segments)

    def load(self, name: str) -> Table:
        """The table `name` (empty when the snapshot has none); parsed now if it was not yet."""
        if name in self._parsed:
            return self._parsed.pop(name)
        body = self._segment(name)
        if body is None:
            return {}
        try:
            # Text, then json: the bytes are freed before the objects are built (orjson would hold both).
            text = body.decode("utf-8")
            del body
            return _check_table(name, json.loads(text), self.path)
        except ValueError as error:
            raise DamagedData(f"{self.path}: table {name!r} cannot be read ({error})") from None

    def load_encoded(self, name: str, layout: Layout | None = None) -> EncodedDocs:
        """The table `name` held as JSON: scanned from the file when it was written a document per line
        (or laid out as `layout` says, the scan's result saved before: derived.py), else parsed and
        encoded (once: the next snapshot has the layout)."""
        if self.lines and name in self._segments:
            body = self._segment(name)
            assert body is not None
            if layout is not None:
                try:
                    return EncodedDocs.laid_out(body, layout)
                except ValueError:
                    log.warning("the saved layout of table %r does not fit it; scanning the table", name)
            return EncodedDocs.scan(body)
        return EncodedDocs.of(self.load(name))

    def _segment(self, name: str) -> bytes | None:
        """The bytes of table `name`'s JSON, checked against its checksum; None when there is none."""
        segment = self._segments.pop(name, None)
        if segment is None:
            return None
        try:
            body = os.pread(self._fd, segment.end - segment.start, segment.start)
        except OSError as error:
            raise DamagedData(f"{self.path}: table {name!r} cannot be read ({error})") from None
        finally:
            if not self._segments:
                self.close()
        if zlib.crc32(body) != segment.crc:
            raise DamagedData(f"{self.path} changed on disk: table {name!r} no longer matches its checksum")
        return body

    def load_all(self) -> dict[str, Table]:
        return {name: self.load(name) for name in sorted(self.names)}

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def _open_contents(self) -> bool:
        """Read the table of contents and verify every checksum; False when there is none to trust."""
        size = os.fstat(self._fd).st_size
        tail_start = max(0, size - _TAIL_BYTES)
        tail = os.pread(self._fd, size - tail_start, tail_start)
        mark = tail.rfind(_META_MARK)
        # The mark cannot occur inside a string (its quotes would be escaped), so the last one is ours.
        closing = tail.rstrip()
        if mark < 0 or not closing.endswith(b"}"):
            return False
        try:
            meta = orjson.loads(closing[mark + len(_META_MARK):-1])
        except ValueError:
            return False
        self.seq, self.journaled, record = _check_meta(meta, self.path)
        self.lines = record.get("lines") is True
        contents = record.get("tables")
        if record.get("at") != tail_start + mark or not isinstance(contents, dict):
            return False  # no table of contents, or the file was edited since: offsets mean nothing
        segments = {}
        for name, entry in contents.items():
            if not (isinstance(entry, list) and len(entry) == 3 and all(isinstance(n, int) for n in entry)
                    and 0 < entry[0] <= entry[1] <= tail_start + mark):
                raise DamagedData(f"{self.path}: its table of contents is damaged")
            segment = Segment(*entry)
            if self._crc(segment) != segment.crc:
                raise DamagedData(f"{self.path}: table {name!r} does not match its checksum (the file is "
                                  "damaged, or was edited without changing its length)")
            segments[name] = segment
        self._segments = segments
        self.marks = {name: segment.mark for name, segment in segments.items()}
        return True

    def _crc(self, segment: Segment) -> int:
        crc = 0
        for offset in range(segment.start, segment.end, _CRC_CHUNK):
            crc = zlib.crc32(os.pread(self._fd, min(_CRC_CHUNK, segment.end - offset), offset), crc)
        return crc

    def _parse_whole(self) -> None:
        with os.fdopen(os.dup(self._fd), "rb") as handle:
            raw = handle.read()
        try:
            data = json.loads(raw.decode("utf-8"))
        except ValueError as error:  # UnicodeDecodeError included
            raise DamagedData(f"{self.path} is not valid JSON ({error})") from None
        del raw
        if not isinstance(data, dict):
            raise DamagedData(f"{self.path} is JSON but not a Tend database (tables of numbered documents)")
        self.seq, self.journaled, _ = _check_meta(data.pop(META_TABLE, {}), self.path)
        self._parsed = {name: _check_table(name, table, self.path) for name, table in data.items()}
        self.trusted = False
