"""The store: everything Tend knows, in one data directory on the user's disk.

Durability, in short (engine.py has the why): TinyDB is the query engine and its JSON file is the
snapshot; each committed change is one checksummed line in a journal, fsynced before the caller gets
an answer; the snapshot is rewritten atomically (temp file, fsync, rename, fsync dir) when the journal
grows. Start-up verifies the snapshot's checksums, reads the journal and checks its documents against
their models; each table is parsed, and its journal changes applied, on first use (snapshot.py says why).
Only a last journal line without its newline (an append that never finished) is dropped; anything else
damaged stops start-up, keeps a copy aside and changes nothing. A failed append (a full disk) is cut
back before it is answered. A flock on tend.lock keeps a second companion out. Only this package
imports tinydb; the rest of Tend uses `Store`, `Database.subscribe`, `verify` and the table names in
schema.py. Names are imported when first used (PEP 562): the lock and the file helpers are needed by
`tend serve` before it listens, the store with its models and TinyDB only after.

Memory, in short (encoded.py has the why): every table is held as its JSON text, one bytes object per
table as read from the snapshot plus 24 bytes of spans per document, and decoded when read. 200k
interactions take about 50 MB rather than 190, 50k people 30 MB rather than 120, and a table loads by a
scan rather than a parse. The cost: a few microseconds per document read (a timeline decodes its 50, a
page of people its 20, an index build every document once) and a copy when TinyDB changes a document in
place. What is derived stays small beside the data: indexes keep ids as ints or arrays of them, the list
order keeps each person's sort key (a search sorts its matches without reading them), and the activity
keeps times as UTC seconds in arrays (indexes.py, people_match.py, activity.py).

Start, in short (derived.py has the why): what is derived from every interaction (each table's layout,
the interactions by person, the activity) is saved in tend.derived with each snapshot and read back at
the next start, then brought up to date with the journal's changes: 10k people and 200k interactions
answer a timeline a second after launch rather than four. Only a cache: what does not match is derived.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from companion.store.backups import list_backups
    from companion.store.files import write_atomic as write_private_file
    from companion.store.lock import lock_holder
    from companion.store.store import Store
    from companion.store.verification import Verification, verify

_WHERE = {  # name -> (module, attribute)
    "Store": ("companion.store.store", "Store"),
    "Verification": ("companion.store.verification", "Verification"),
    "verify": ("companion.store.verification", "verify"),
    "list_backups": ("companion.store.backups", "list_backups"),
    "lock_holder": ("companion.store.lock", "lock_holder"),
    "write_private_file": ("companion.store.files", "write_atomic"),
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _WHERE[name]
    value = globals()[name] = getattr(importlib.import_module(module), attribute)
    return value


__all__ = ["Store", "Verification", "list_backups", "lock_holder", "verify", "write_private_file"]
