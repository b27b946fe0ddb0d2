"""Rotating copies of the snapshot, so a mistake (or a bug) can be undone by restoring yesterday's file."""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from companion.store.files import PRIVATE_FILE, ensure_private_dir, fsync_dir

BACKUP_DIR = "backups"
KEEP = 10
DAILY = timedelta(days=1)


def list_backups(data_dir: Path) -> list[Path]:
    """Oldest first (the timestamp in the name sorts)."""
    folder = data_dir / BACKUP_DIR
    return sorted(folder.glob("tend-*.json")) if folder.is_dir() else []


def make_backup(snapshot: Path, data_dir: Path, now: datetime, keep: int = KEEP) -> Path:
    """Copy `snapshot` into backups/, then delete all but the newest `keep` copies."""
    folder = data_dir / BACKUP_DIR
    ensure_private_dir(folder)
    target = folder / f"tend-{now.strftime('%Y%m%dT%H%M%S')}.json"
    tmp = target.with_suffix(".tmp")
    shutil.copyfile(snapshot, tmp)
    os.chmod(tmp, PRIVATE_FILE)
    with open(tmp, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    fsync_dir(folder)
    for old in list_backups(data_dir)[:-keep]:
        old.unlink()
    return target


def backup_due(data_dir: Path, now: datetime) -> bool:
    """True when the newest backup is a day old or there is none."""
    backups = list_backups(data_dir)
    if not backups:
        return True
    newest = datetime.strptime(backups[-1].stem.removeprefix("tend-"), "%Y%m%dT%H%M%S")
    return now.replace(tzinfo=None) - newest >= DAILY
