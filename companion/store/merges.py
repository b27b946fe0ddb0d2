"""Merges, kept so they can be undone: each records the documents it changed or removed as they were.

Undoing puts those documents back under their own ids (both people, the interactions, tasks, captures
and history that moved, the keep-apart decisions that went), within UNDO_DAYS and while neither person
has been merged again since. What was added to the kept person after the merge stays with them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from tinydb.table import Document

from companion.errors import Conflict
from companion.models import format_timestamp
from companion.store.database import Database
from companion.store.indexes import Doc
from companion.store.repository import Clock, Repository, replace_doc
from companion.store.schema import MERGES, MergeRecord

UNDO_DAYS = 30


class Merges(Repository[MergeRecord]):
    table_name = MERGES
    model = MergeRecord
    noun = "merge"

    def __init__(self, db: Database, clock: Clock) -> None:
        super().__init__(db, clock)
        self.by_person = db.index(self.table_name, lambda doc: [doc["kept_id"], doc["merged_id"]])

    def record(self, kept_id: int, merged_id: int, before: dict[str, dict[int, Doc]], after: Doc,
               face_moved: bool) -> MergeRecord:
        """Call inside the merge's transaction, with the documents as they were before it and the kept
        person as it leaves them."""
        return self._insert({"kept_id": kept_id, "merged_id": merged_id, "merged_at": format_timestamp(self.clock()),
                             "face_moved": face_moved, "after": dict(after),
                             "before": {table: {str(i): dict(doc) for i, doc in docs.items()}
                                        for table, docs in before.items()}})

    def recent(self, limit: int = 20) -> list[MergeRecord]:
        return [self.get(int(doc_id)) for doc_id in sorted(self._raw_table(), key=int, reverse=True)[:limit]]

    def undo_until(self, merge: MergeRecord) -> datetime:
        return merge.merged_at + timedelta(days=UNDO_DAYS)

    def why_not_undoable(self, merge: MergeRecord) -> str | None:
        """None when the merge can be undone, else why not (in words that say what is possible instead)."""
        if merge.undone_at is not None:
            return "this merge was undone already"
        if self.clock() > self.undo_until(merge):
            return f"a merge can be undone for {UNDO_DAYS} days; this one is older"
        later = [self.raw(i) for i in self.by_person.get(merge.kept_id) | self.by_person.get(merge.merged_id)
                 if i > merge.id and self.raw(i).get("undone_at") is None]
        if later:
            return "one of these people was merged again since; undo that merge first"
        return None

    def restore(self, merge: MergeRecord, tables: dict[str, Any], editable: Iterable[str]) -> list[str]:
        """Put every document back as it was (call inside a transaction); `tables` maps a table name to the
        TinyDB table to write it in. The kept person's fields the user changed after the merge (those of
        `editable` that differ from how the merge left them) are kept over the restored person, not lost;
        returns their names."""
        people = tables["people"]
        current = dict(people.get(doc_id=merge.kept_id) or {})
        edited = [name for name in editable if merge.after and current.get(name) != merge.after.get(name)]
        for name, docs in merge.before.items():
            table = tables[name]
            for key, doc in docs.items():
                doc_id = int(key)
                if name == "people" and doc_id == merge.kept_id and edited:
                    doc = {**doc, **{field: current[field] for field in edited if field in current},
                           "revision": current.get("revision", doc.get("revision", 1)) + 1}
                if table.contains(doc_id=doc_id):
                    replace_doc(table, doc_id, doc)
                else:
                    table.insert(Document(doc, doc_id=doc_id))
        replace_doc(self.table, merge.id, {**self.raw(merge.id), "undone_at": format_timestamp(self.clock())})
        return edited

    def check_free(self, merge: MergeRecord, people_table: Any) -> None:
        if people_table.contains(doc_id=merge.merged_id):
            raise Conflict(f"person {merge.merged_id} exists again (the id was given to someone added since); "
                           "the merge cannot be undone", {"merge_id": "its person's id is taken"})

