"""Rotating copies of the snapshot, so a mistake (or a bug) can be undone by restoring yesterday's file.
Each backup `tend-<time>.json` has its faces beside it in `tend-<time>.faces/` (faces are files, not
documents, so the snapshot stays one file that restores by being copied to tend.json)."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

from companion.store.files import ensure_private_dir

BACKUP_DIR = "backups"
KEEP = 10
DAILY = timedelta(days=1)


def list_backups(data_dir: Path) -> list[Path]:
    """Oldest first (the timestamp in the name sorts)."""
    folder = data_dir / BACKUP_DIR
    return sorted(folder.glob("tend-*.json")) if folder.is_dir() else []


def backup_path(data_dir: Path, now: datetime) -> Path:
    """Where a backup made `now` goes (the folder made owner-only if new)."""
    folder = data_dir / BACKUP_DIR
    ensure_private_dir(folder)
    return folder / f"tend-{now.strftime('%Y%m%dT%H%M%S')}.json"


def faces_of(backup: Path) -> Path:
    """The folder holding a backup's faces."""
    return backup.with_suffix(".faces")


def prune_backups(data_dir: Path, keep: int = KEEP) -> None:
    """Delete all but the newest `keep` backups, each with its faces."""
    for old in list_backups(data_dir)[:-keep]:
        shutil.rmtree(faces_of(old), ignore_errors=True)
        old.unlink()


def backup_due(data_dir: Path, now: datetime) -> bool:
    """True when the newest backup is a day old or there is none."""
    backups = list_backups(data_dir)
    if not backups:
        return True
    newest = datetime.strptime(backups[-1].stem.removeprefix("tend-"), "%Y%m%dT%H%M%S")
    return now.replace(tzinfo=None) - newest >= DAILY
