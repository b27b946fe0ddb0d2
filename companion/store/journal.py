"""The write-ahead journal: one line per committed transaction, fsynced before the write is acknowledged.

A line is `<crc32 as 8 hex digits> <compact JSON>\n`. The checksum tells a garbled line from a good one
without trusting the JSON parser to notice. Two rules follow from how appends fail:

* A process that dies mid-append leaves a last line *without its newline*: that write was never
  acknowledged, so it is dropped (and logged). Nothing else is: a complete line that fails its checksum,
  anywhere, even last, is damage after the fact and stops start-up (the line was acknowledged once).
* An append that fails (a full disk, an I/O error) is cut back to the end of the last good line before
  the error reaches the caller, so a later append can never be glued to a fragment.

After a snapshot the journal is replaced, atomically, by one header line `{"base": seq}` naming the
snapshot it follows; a missing or empty journal beside a snapshot that expects one is damage too.
"""

from __future__ import annotations

import logging
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from companion.errors import DamagedData, StorageError
from companion.store.files import PRIVATE_FILE, fsync_dir, write_all, write_atomic

log = logging.getLogger(__name__)


def encode(record: dict[str, Any]) -> bytes:
    body = orjson.dumps(record)
    return b"%08x " % zlib.crc32(body) + body + b"\n"


def _decode(line: bytes) -> dict[str, Any] | None:
    """The record of a complete line, or None when its checksum or JSON is not what this journal wrote."""
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


def _shape_problem(record: dict[str, Any], first: bool) -> str | None:
    """What is wrong with a record whose checksum is good (it was written by hand, or by a bug)."""
    if first and set(record) == {"base"}:
        return None if type(record["base"]) is int and record["base"] >= 0 else "its base is not a sequence number"
    if set(record) != {"seq", "ops"}:
        return "it is not a change record (seq and ops)"
    if type(record["seq"]) is not int or record["seq"] < 1:
        return "its seq is not a sequence number"
    if not isinstance(record["ops"], list):
        return "its ops are not a list"
    for op in record["ops"]:
        if not (isinstance(op, list) and len(op) == 3 and isinstance(op[0], str) and type(op[1]) is int
                and op[1] >= 1 and (op[2] is None or isinstance(op[2], dict))):
            return "an op is not [table, id, document or null]"
    return None


@dataclass
class JournalContents:
    base: int | None = None  # the snapshot seq the header names; None for a journal without one
    records: list[dict[str, Any]] = field(default_factory=list)  # change records, in order
    exists: bool = False
    good_length: int = 0  # bytes up to the end of the last complete line
    torn_bytes: int = 0  # bytes after it: an append the process did not finish


def read_journal(path: Path) -> JournalContents:
    """Every record of the journal at `path`; DamagedData for a complete line that is not a good record."""
    contents = JournalContents()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return contents
    contents.exists = True
    offset = 0
    while offset < len(data):
        end = data.find(b"\n", offset)
        if end == -1:  # the last line never got its newline: an unacknowledged, torn append
            break
        record = _decode(data[offset:end + 1])
        problem = "its checksum does not match" if record is None else _shape_problem(record, offset == 0)
        if problem:
            raise DamagedData(f"{path} is damaged at byte {offset}: a complete journal line is unreadable ({problem})")
        if offset == 0 and "base" in record:  # type: ignore[operator]
            contents.base = record["base"]  # type: ignore[index]
        else:
            contents.records.append(record)  # type: ignore[arg-type]
        offset = end + 1
    contents.good_length = offset
    contents.torn_bytes = len(data) - offset
    return contents


class Journal:
    """Append-only, fsynced. Opened after `read_journal`, cut back to the end of its last complete line."""

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
        self._broken: str | None = None

    def append(self, record: dict[str, Any]) -> None:
        """Write and fsync one line; on failure the file is cut back to what it was, then the error raised."""
        if self._broken:
            raise StorageError(self._broken)
        line = encode(record)
        try:
            write_all(self._fd, line)
            os.fdatasync(self._fd)
        except OSError:
            self._cut_back()
            raise
        self.size += len(line)

    def _cut_back(self) -> None:
        try:
            os.ftruncate(self._fd, self.size)
            os.lseek(self._fd, self.size, os.SEEK_SET)
            os.fsync(self._fd)
        except OSError as error:
            # The fragment stays, unterminated: start-up drops it as torn. Until then nothing may follow it.
            self._broken = (f"{self.path} could not be cut back after a failed write ({error.strerror}); "
                            "restart the companion once the disk has room")
            log.error("%s", self._broken)

    def reset(self, base: int, keep_from: int | None = None) -> None:
        """Replace the journal, atomically, by a header naming the snapshot that now holds everything up
        to `base`, and then the lines from byte `keep_from` on (written after that snapshot was taken)."""
        tail = b""
        if keep_from is not None:
            with open(self.path, "rb") as journal:
                journal.seek(keep_from)
                tail = journal.read(self.size - keep_from)
            if len(tail) != self.size - keep_from:
                raise OSError(f"{self.path} is shorter than what was written to it")
        write_atomic(self.path, [encode({"base": base}), tail])
        new_fd = os.open(self.path, os.O_WRONLY)
        os.lseek(new_fd, 0, os.SEEK_END)
        self.close()
        self._fd = new_fd
        self.size = os.fstat(new_fd).st_size
        self._broken = None

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
