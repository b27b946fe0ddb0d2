"""One companion per data directory: two writers appending to one journal would corrupt it."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from companion.errors import DataDirLocked
from companion.store.files import PRIVATE_FILE

LOCK_NAME = "tend.lock"


def lock_holder(data_dir: Path) -> int | None:
    """The pid recorded by whoever holds the lock, or None when nobody does (a crash frees an flock)."""
    path = data_dir / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.read(fd, 32).decode(errors="replace").strip()
            return int(text) if text.isdigit() else -1
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _in_use(data_dir: Path, pid: int | None) -> DataDirLocked:
    return DataDirLocked(f"another Tend companion{f' (pid {pid})' if pid else ''} is using {data_dir}; "
                         "stop it first, or use the running one", pid=pid)


def ensure_free(data_dir: Path) -> None:
    """DataDirLocked now if another companion holds the data directory (`tend serve` asks before it
    listens; the lock itself is taken when the store opens)."""
    pid = lock_holder(data_dir)
    if pid is not None:
        raise _in_use(data_dir, pid if pid > 0 else None)


class DataDirLock:
    """An exclusive flock on `tend.lock`, released by the kernel however the process ends."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.read(self._fd, 32).decode(errors="replace").strip()
            os.close(self._fd)
            raise _in_use(data_dir, int(text) if text.isdigit() else None) from None
        os.ftruncate(self._fd, 0)
        os.write(self._fd, str(os.getpid()).encode())

    def release(self) -> None:
        if self._fd >= 0:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = -1
