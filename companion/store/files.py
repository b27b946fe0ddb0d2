"""Durable, private file primitives: atomic replace, directory fsync, owner-only permissions."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
TMP_SUFFIX = ".tmp"  # what write_atomic writes first; a leftover one is from a crash


def ensure_private_dir(path: Path) -> None:
    """Create `path` readable by the user alone (a network of people is personal data)."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    os.chmod(path, PRIVATE_DIR)


def fsync_dir(path: Path) -> None:
    """Persist a directory entry (a rename or a new file) so it survives a power cut, not just the data."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_all(fd: int, data: bytes) -> None:
    """os.write may write less than asked; loop until everything is written."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def write_atomic(path: Path, data: bytes | Iterable[bytes], durable: bool = True) -> None:
    """Replace `path` with `data` (bytes, or chunks of them) so that a crash leaves either the old or the
    new file, never half of one. `durable=False` skips the fsyncs: the file then survives the process
    dying (kill -9) but maybe not a power cut, which suits copies that can be lost (a kept page)."""
    tmp = path.with_name(path.name + TMP_SUFFIX)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    try:
        try:
            for chunk in [data] if isinstance(data, bytes) else data:
                write_all(fd, chunk)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk must not be kept full by our own half-written file
        raise
    if durable:
        fsync_dir(path.parent)


def copy_private(source: Path, target: Path) -> None:
    """Copy `source` to a new `target` that is owner-only from its first byte (shutil.copy2 would give it
    the source's bits, and a copy that fails half way would keep whatever it had)."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)
        with open(source, "rb") as handle:
            while chunk := handle.read(1 << 20):
                write_all(fd, chunk)
        os.fsync(fd)
    finally:
        os.close(fd)
