"""Sync's records of synced documents, and this machine's sync state (companion/sync says what they mean).

The records live in the store like any table, so a record changes in the same journal line as the
document it describes: after a kill -9 the two always agree."""

from __future__ import annotations

import secrets

from companion.store.database import Database
from companion.store.indexes import Doc
from companion.store.repository import Clock, Repository, replace_doc
from companion.store.schema import SYNC_RECORDS, SYNC_STATE, SyncRecord, SyncStateRecord


def new_gid() -> str:
    """A global id: 128 random bits, as 26 letters and digits (ids made on two machines never collide)."""
    alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
    value = secrets.randbits(130)
    return "".join(alphabet[(value >> shift) & 31] for shift in range(0, 130, 5))


def _local_key(table: str, local_id: int) -> str:
    return f"{table}:{local_id}"


class SyncRecords(Repository[SyncRecord]):
    table_name = SYNC_RECORDS
    model = SyncRecord
    noun = "sync record"

    def __init__(self, db: Database, clock: Clock) -> None:
        super().__init__(db, clock)
        self.by_gid = db.index(self.table_name, lambda doc: [doc["gid"]])
        self.by_local = db.index(self.table_name, lambda doc: [_local_key(doc["table"], doc["local_id"])]
                                 if doc.get("local_id") is not None else [])
        self.changed = db.index(self.table_name, lambda doc: ["dirty"] if doc.get("dirty") else [])
        self.unplaced = db.index(self.table_name, lambda doc: ["waiting"] if doc.get("waiting") else [])

    def of_local(self, table: str, local_id: int) -> tuple[int, Doc] | None:
        ids = self.by_local.get(_local_key(table, local_id))
        return (min(ids), self.raw(min(ids))) if ids else None

    def has_local(self, table: str, local_id: int) -> bool:
        return _local_key(table, local_id) in self.by_local

    def of_gid(self, gid: str) -> tuple[int, Doc] | None:
        ids = self.by_gid.get(gid)
        return (min(ids), self.raw(min(ids))) if ids else None

    def put(self, record_id: int | None, doc: Doc) -> int:
        """Store a record (a new one when `record_id` is None); its id."""
        if record_id is None:
            return self.table.insert(doc)
        replace_doc(self.table, record_id, doc)
        return record_id

    def dirty(self, limit: int, after: int = 0) -> list[tuple[int, Doc]]:
        """Up to `limit` records with changes the server has not seen, oldest first, past record `after`."""
        ids = sorted(record_id for record_id in self.changed.get("dirty") if record_id > after)[:limit]
        return [(record_id, self.raw(record_id)) for record_id in ids]

    def waiting(self) -> list[tuple[int, Doc]]:
        """Records that wait for a document they refer to before they can be placed here."""
        return [(record_id, self.raw(record_id)) for record_id in sorted(self.unplaced.get("waiting"))]

    def dirty_count(self) -> int:
        return len(self.changed.get("dirty"))


class SyncState:
    """One document: this machine's device id and how far it has read the server's changes."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.table = db.table(SYNC_STATE)

    def get(self) -> SyncStateRecord:
        doc = self.db.storage.table(SYNC_STATE).get("1")
        if doc is None:
            doc = {"device": secrets.token_hex(8)}
            self.table.insert(doc)
        return SyncStateRecord.model_validate(doc)

    def put(self, state: SyncStateRecord) -> None:
        replace_doc(self.table, 1, state.model_dump())
