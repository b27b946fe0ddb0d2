"""`verify(data_dir)`: every check start-up makes, and more, without opening the store for writing.

Read-only and lock-free, so `tend doctor` can run beside a live companion. Unlike start-up it checks
every document of every table against its model, checksummed or not: a diagnosis may take seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from companion.store.engine import JOURNAL_NAME, SNAPSHOT_NAME
from companion.store.journal import read_journal
from companion.store.replay import apply_changes, replay, validate_tables
from companion.store.schema import VALIDATORS
from companion.store.snapshot import Snapshot


@dataclass(frozen=True)
class Verification:
    counts: dict[str, int]  # documents per table
    torn_bytes: int  # an unfinished, never acknowledged last write that start-up will drop


def verify(data_dir: Path) -> Verification:
    """The data directory's contents, or DamagedData saying what is wrong (the same words start-up uses)."""
    snapshot_path, journal_path = data_dir / SNAPSHOT_NAME, data_dir / JOURNAL_NAME
    snapshot = Snapshot(snapshot_path)
    try:
        journal = read_journal(journal_path)
        changes, _ = replay(snapshot, journal, journal_path)
        tables = snapshot.load_all()
    finally:
        snapshot.close()
    validate_tables(changes, VALIDATORS, journal_path, changes=True)
    validate_tables(tables, VALIDATORS, snapshot_path)
    for name, table_changes in changes.items():
        apply_changes(tables.setdefault(name, {}), table_changes)
    return Verification({name: len(docs) for name, docs in sorted(tables.items())}, journal.torn_bytes)
