"""From a snapshot and a journal to the store's state, or DamagedData that says what does not fit. Pure.

One place decides what counts as damage, so start-up and `tend doctor` (through `verify`) agree:
a journal that does not continue its snapshot (a sequence gap, a header naming a newer snapshot, a
snapshot gone from beside its journal, a journal gone from beside its snapshot) and documents that
are not what their table holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from companion.errors import DamagedData
from companion.store.journal import JournalContents
from companion.store.snapshot import Snapshot

Doc = dict[str, Any]
Change = tuple[str, Doc | None]  # (doc id, document after or None when deleted)
# Raises ValueError (pydantic's ValidationError is one) for a document its table cannot hold.
DocValidator = Callable[[int, Doc], None]


def replay(snapshot: Snapshot, journal: JournalContents, path: Path) -> tuple[dict[str, list[Change]], int]:
    """The journal's changes after the snapshot, per table in order, and the last sequence number."""
    if snapshot.journaled and journal.good_length == 0:
        raise DamagedData(f"{path} is {'empty' if journal.exists else 'missing'}, but {snapshot.path} says "
                          "changes follow it in that journal: acknowledged changes may be lost")
    if journal.base is not None and not snapshot.exists:
        raise DamagedData(f"{snapshot.path} is missing, but {path} continues a snapshot (seq {journal.base})")
    if journal.base is not None and journal.base > snapshot.seq:
        raise DamagedData(f"{snapshot.path} (seq {snapshot.seq}) is older than the snapshot {path} continues "
                          f"(seq {journal.base}): it was replaced without moving the journal away")
    seq = snapshot.seq
    expected = None if journal.base is None else journal.base + 1
    changes: dict[str, list[Change]] = {}
    for record in journal.records:
        record_seq = record["seq"]
        if record_seq != expected and (expected is not None or record_seq > seq + 1):
            raise DamagedData(f"{path}: journal record {record_seq} does not follow "
                              f"{seq if expected is None else expected - 1}; records are missing")
        expected = record_seq + 1
        if record_seq <= seq:
            continue  # already in the snapshot (a crash came between snapshot and journal reset)
        for table_name, doc_id, doc in record["ops"]:
            changes.setdefault(table_name, []).append((str(doc_id), doc))
        seq = record_seq
    return changes, seq


def apply_changes(table: dict[str, Doc], changes: list[Change]) -> None:
    for key, doc in changes:
        if doc is None:
            table.pop(key, None)
        else:
            table[key] = doc


def _first_problem(error: ValueError) -> str:
    if isinstance(error, ValidationError):
        item = error.errors(include_url=False)[0]
        return f"{'.'.join(str(part) for part in item['loc']) or 'document'}: {item['msg']}"
    return str(error)


def validate_tables(tables: Mapping[str, dict[str, Doc] | list[Change]], validators: Mapping[str, DocValidator],
                    path: Path, changes: bool = False) -> None:
    """Check every document against its table's model; DamagedData naming the first one that fails.

    `changes`: the values are journal changes (deletions included), and a table must be one Tend has."""
    if not validators:
        return
    for name, content in tables.items():
        validator = validators.get(name)
        if validator is None:
            if changes:
                raise DamagedData(f"{path} changes a table Tend does not have ({name!r})")
            continue
        items: Iterable[tuple[str, Doc | None]] = content if isinstance(content, list) else content.items()
        for key, doc in items:
            if doc is None:
                continue
            try:
                validator(int(key), doc)
            except ValueError as error:
                raise DamagedData(f"{path}: {name} document {key} is not one Tend can use "
                                  f"({_first_problem(error)})") from None
