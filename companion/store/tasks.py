"""Tasks: follow-ups with a due date, and the list of what is due today."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from companion.errors import InvalidInput
from companion.models import Task, TaskFields
from companion.store.database import Database
from companion.store.indexes import Doc
from companion.store.people import People
from companion.store.repository import Clock, PersonOwned, merged_fields
from companion.store.schema import TASKS


def _is_due(doc: Doc, today: str) -> bool:
    if doc.get("status", "open") == "open":
        return "due" in doc and doc["due"] <= today
    if doc.get("status") == "snoozed":
        return doc["snoozed_until"] <= today
    return False


class Tasks(PersonOwned[Task]):
    table_name = TASKS
    model = Task
    noun = "task"

    def __init__(self, db: Database, clock: Clock, people: People) -> None:
        super().__init__(db, clock)
        self.people = people

    def _check(self, fields: TaskFields) -> None:
        if fields.person_id is not None and not self.people.exists(fields.person_id):
            raise InvalidInput(f"there is no person {fields.person_id}", {"person_id": "no person with this id"})

    def create(self, fields: TaskFields) -> Task:
        self._check(fields)
        extra = {"done_at": self.clock()} if fields.status == "done" else {}
        with self.db.transaction():
            return self._insert({**fields.model_dump(), **extra})

    def update(self, task_id: int, changes: BaseModel) -> Task:
        current = self.get(task_id)
        merged, fields = merged_fields(current, changes, TaskFields)
        if fields.status != "snoozed":
            merged["snoozed_until"] = None
        merged["done_at"] = (current.done_at or self.clock()) if fields.status == "done" else None
        self._check(fields)
        with self.db.transaction():
            return self._replace(task_id, merged)

    def delete(self, task_id: int) -> None:
        self.raw(task_id)
        with self.db.transaction():
            self._remove(task_id)

    def search(self, status: str | None = None, person_id: int | None = None,
               limit: int = 50, offset: int = 0) -> tuple[list[Task], int]:
        if person_id is not None:
            docs = [(i, self.raw(i)) for i in self.by_person.get(person_id)]
        else:
            docs = [(doc_id, doc) for doc_id, doc in self.docs()]
        docs = [(i, doc) for i, doc in docs if status is None or doc.get("status", "open") == status]
        docs.sort(key=lambda pair: (pair[1].get("due", "9999-12-31"), pair[0]))
        return self.page(docs, limit, offset)

    def due(self, today: date, limit: int = 50, offset: int = 0) -> tuple[list[Task], int]:
        """Open tasks due by `today` and snoozed ones whose snooze has ended, earliest first."""
        stamp = today.isoformat()
        docs = [(doc_id, doc) for doc_id, doc in self.docs() if _is_due(doc, stamp)]
        docs.sort(key=lambda pair: (pair[1].get("snoozed_until") or pair[1].get("due", ""), pair[0]))
        return self.page(docs, limit, offset)
