"""The write-ahead journal: one line per committed transaction, fsynced before the write is acknowledged.

A line is `<crc32 as 8 hex digits> <compact JSON>\n`. The checksum tells a torn or garbled line from a
good one without trusting the JSON parser to notice. Only the last line may be torn (the process died
mid-append, so that write was never acknowledged) and it is dropped; a bad line anywhere else means
the file was damaged after the fact, and start-up stops.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from companion.errors import DamagedData
from companion.store.files import PRIVATE_FILE, fsync_dir, write_all


def encode(record: dict[str, Any]) -> bytes:
    body = orjson.dumps(record)
    return b"%08x " % zlib.crc32(body) + body + b"\n"


def _decode(line: bytes) -> dict[str, Any] | None:
    """The record of a complete line, or None when the line is not one this journal wrote whole."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    body = line[9:-1]
    try:
        if int(line[:8], 16) != zlib.crc32(body):
            return None
        record = orjson.loads(body)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


@dataclass
class JournalContents:
    records: list[dict[str, Any]] = field(default_factory=list)
    good_length: int = 0  # bytes up to the end of the last good line
    torn_bytes: int = 0  # bytes after it: an append the process did not finish


def read_journal(path: Path) -> JournalContents:
    """Every complete record of the journal at `path`; raises DamagedData if a line before the last is bad."""
    contents = JournalContents()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return contents
    offset = 0
    while offset < len(data):
        end = data.find(b"\n", offset)
        if end == -1:  # the last line never got its newline: torn
            break
        record = _decode(data[offset:end + 1])
        if record is None:
            if end + 1 < len(data):
                raise DamagedData(f"{path} is damaged at byte {offset}: a journal line that is not the last one "
                                  "is unreadable")
            break  # a garbled last line is a torn append as well
        contents.records.append(record)
        offset = end + 1
    contents.good_length = offset
    contents.torn_bytes = len(data) - offset
    return contents


class Journal:
    """Append-only, fsynced. Opened after `read_journal`, cut back to the end of its last good line."""

    def __init__(self, path: Path, good_length: int) -> None:
        self.path = path
        existed = path.exists()
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE)
        if existed and os.fstat(self._fd).st_size != good_length:
            os.ftruncate(self._fd, good_length)
            os.fsync(self._fd)
        os.lseek(self._fd, 0, os.SEEK_END)
        if not existed:
            fsync_dir(path.parent)
        self.size = good_length

    def append(self, record: dict[str, Any]) -> None:
        line = encode(record)
        write_all(self._fd, line)
        os.fdatasync(self._fd)
        self.size += len(line)

    def reset(self) -> None:
        """Empty the journal once a snapshot holds everything it said."""
        os.ftruncate(self._fd, 0)
        os.lseek(self._fd, 0, os.SEEK_SET)
        os.fsync(self._fd)
        self.size = 0

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
