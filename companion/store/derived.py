"""What the store derives from its snapshot's tables, saved beside it (tend.derived), so that a start
reads it back instead of deriving it again: each table's layout (where each document lies, encoded.py)
and the indexes that read every interaction (by person, the activity). At 10k people and 200k
interactions deriving these takes about 3.5 s of a start; reading them back, tens of milliseconds.

Only ever a cache, never data. Each part names the snapshot table it was derived from by content
(TableMark), and the file names the code that derived it (a fingerprint of the sources that decide what
a part holds, and the byte order). A part that does not match, a damaged file or none at all: the part
is derived again, as it always was, and saved at the next chance. It is not in backups, nor synced.

Saved when a snapshot is written (the indexes then hold exactly what it holds), and after a warm-up
that had to derive parts for tables unchanged since they were loaded."""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import sys
import threading
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Protocol, runtime_checkable

import orjson

from companion.packed import pack, unpack
from companion.store.encoded import Layout
from companion.store.files import write_atomic
from companion.store.snapshot import TableMark

__all__ = ["DERIVED_NAME", "Layout", "SavedIndex", "SavedParts", "TableMark", "packed_layout", "save",
           "unpacked_layout"]

log = logging.getLogger(__name__)

DERIVED_NAME = "tend.derived"
_FORMAT = 1
_HEAD_BYTES = 64 * 1024  # the header names a few dozen parts
# Under companion/: the code that decides what a saved part holds (the indexes' keys, the activity's shape).
_SOURCES = ("store", "activity.py", "packed.py")


@runtime_checkable
class SavedIndex(Protocol):
    """A derived index that can be saved: named, of one table, packed as bytes (None: not built)."""

    table: str
    saved_as: str

    def packed(self) -> bytes | None: ...


@functools.cache
def fingerprint() -> str:
    """The code that derived a part, and the byte order its arrays are in. Without the sources to read (an
    install of byte-code only) nothing saved can be trusted: a value of this process alone."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(sys.byteorder.encode())
    files = [file for source in _SOURCES
             for file in (sorted((root / source).glob("*.py")) if (root / source).is_dir() else [root / source])]
    try:
        if not __file__.endswith(".py"):
            raise FileNotFoundError(__file__)
        for file in files:
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
    except OSError:
        return f"unsaved-{os.getpid()}-{id(digest)}"
    return digest.hexdigest()


def packed_layout(layout: Layout) -> bytes:
    return pack(None, *layout)


def unpacked_layout(data: bytes) -> Layout:
    _, arrays = unpack(data)
    if len(arrays) != 2 or arrays[0].typecode != "q" or arrays[1].typecode != "q":
        raise ValueError("not a layout")
    return arrays[0], arrays[1]


@dataclass(frozen=True)
class _Part:
    mark: TableMark
    offset: int
    length: int
    crc: int


class SavedParts:
    """The parts of a tend.derived file, each read (and checked) when asked for, at most once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.taken: set[str] = set()
        self._lock = threading.Lock()  # indexes are built on the warm-up thread and on requests' alike
        self._parts: dict[str, _Part] = {}
        self._fd = -1
        try:
            self._fd = os.open(path, os.O_RDONLY)
            self._parts = self._read_header()
        except FileNotFoundError:
            pass
        except (OSError, ValueError, TypeError) as error:
            log.warning("%s cannot be used (%s); what it held is derived again", path, error)
        if not self._parts:
            self.close()

    def _read_header(self) -> dict[str, _Part]:
        line, newline, _ = os.pread(self._fd, _HEAD_BYTES, 0).partition(b"\n")
        if not newline:
            raise ValueError("it has no header")
        header = orjson.loads(line)
        if header.get("format") != _FORMAT or header.get("fingerprint") != fingerprint():
            return {}  # saved by another version of Tend: derived again, then saved anew
        base = len(line) + 1
        return {name: _Part(TableMark(size, crc), base + offset, length, check)
                for name, (size, crc, offset, length, check) in header["parts"].items()}

    def take(self, name: str, mark: TableMark | None) -> bytes | None:
        """Part `name`, if it was derived from the table that `mark` names and is whole."""
        with self._lock:
            return self._take(name, mark)

    def _take(self, name: str, mark: TableMark | None) -> bytes | None:
        part = self._parts.pop(name, None)
        try:
            if part is None or mark is None or part.mark != mark:
                return None
            data = os.pread(self._fd, part.length, part.offset)
            if len(data) != part.length or zlib.crc32(data) != part.crc:
                log.warning("%s: part %s is damaged; it is derived again", self.path, name)
                return None
            self.taken.add(name)
            return data
        except OSError as error:
            log.warning("%s: part %s cannot be read (%s); it is derived again", self.path, name, error)
            return None
        finally:
            if not self._parts:
                self.close()

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def save(path: Path, parts: Mapping[str, tuple[TableMark, bytes]]) -> None:
    """Replace tend.derived by `parts`. A failure (a full disk) is logged, never raised: it is a cache."""
    index, offset = {}, 0
    for name, (mark, data) in parts.items():
        index[name] = [mark.size, mark.crc, offset, len(data), zlib.crc32(data)]
        offset += len(data)
    header = orjson.dumps({"format": _FORMAT, "fingerprint": fingerprint(), "parts": index}) + b"\n"
    try:
        # Not fsynced: a power cut can at worst leave parts whose checksums fail, which are derived again.
        write_atomic(path, chain([header], (data for _, data in parts.values())), durable=False)
    except OSError as error:
        log.warning("could not save %s (%s); the next start derives it again", path, error.strerror)

