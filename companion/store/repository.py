"""What every table of models shares: documents in and out, not-found, revisions, paging."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from tinydb.table import Table

from companion.errors import NotFound
from companion.store.database import Database
from companion.store.engine import JournaledTable
from companion.store.indexes import Doc, Index

M = TypeVar("M", bound=BaseModel)
Clock = Callable[[], datetime]


def to_doc(model: BaseModel, exclude: set[str] | None = None) -> Doc:
    """The stored form of a model: JSON types, without the id (TinyDB keeps it) or empty values."""
    doc = model.model_dump(mode="json", exclude={"id", *(exclude or ())}, exclude_none=True)
    return {key: value for key, value in doc.items() if value != []}


def replace_doc(table: Table, doc_id: int, new_doc: Doc) -> None:
    """Store `new_doc` as document `doc_id` whole (KeyError when there is none): TinyDB's update merges
    keys, and a field the new document leaves out must disappear, not linger."""
    assert isinstance(table, JournaledTable), "every table of the store is journaled"
    table.replace(doc_id, new_doc)


F = TypeVar("F", bound=BaseModel)


def merged_fields(current: BaseModel, changes: BaseModel, fields: type[F]) -> tuple[dict[str, Any], F]:
    """A partial update applied to a stored model: the whole merged document, and its editable part
    validated as `fields` (so cross-field rules and reference checks see the result, not the patch)."""
    merged = {**current.model_dump(), **changes.model_dump(exclude_unset=True)}
    return merged, fields.model_validate({k: v for k, v in merged.items() if k in fields.model_fields})


class Repository(Generic[M]):
    table_name: str
    model: type[M]
    noun: str

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self.table = db.table(self.table_name)

    def _raw_table(self) -> dict[str, Doc]:
        return self.db.storage.table(self.table_name)

    def raw(self, doc_id: int) -> Doc:
        doc = self._raw_table().get(str(doc_id))
        if doc is None:
            raise NotFound(f"there is no {self.noun} {doc_id}", {"id": f"no {self.noun} with this id"})
        return doc

    def docs(self) -> Iterable[tuple[int, Doc]]:
        """Every (id, stored document), for scans the indexes do not serve."""
        return ((int(key), doc) for key, doc in self._raw_table().items())

    def exists(self, doc_id: int) -> bool:
        return str(doc_id) in self._raw_table()

    def load(self, doc_id: int, doc: Doc) -> M:
        return self.model.model_validate({**doc, "id": doc_id})

    def get(self, doc_id: int) -> M:
        return self.load(doc_id, self.raw(doc_id))

    def count(self) -> int:
        return len(self._raw_table())

    def _insert(self, fields: dict[str, Any]) -> M:
        """Validate `fields` as a whole model, store it, return it with its new id."""
        now = self.clock()
        probe = self.model.model_validate({**fields, "id": 1, "created_at": now, "updated_at": now})
        doc_id = self.table.insert(to_doc(probe))
        return probe.model_copy(update={"id": doc_id})

    def _replace(self, doc_id: int, fields: dict[str, Any]) -> M:
        model = self.model.model_validate({**fields, "id": doc_id, "updated_at": self.clock()})
        replace_doc(self.table, doc_id, to_doc(model))
        return model

    def _remove(self, doc_id: int) -> None:
        self.table.remove(doc_ids=[doc_id])

    def page(self, docs: Iterable[tuple[int, Doc]], limit: int, offset: int) -> tuple[list[M], int]:
        """One page of already filtered and sorted (id, doc) pairs, and how many there are in all."""
        matching = list(docs)
        return [self.load(doc_id, doc) for doc_id, doc in matching[offset:offset + limit]], len(matching)


class AboutPeople(Repository[M]):
    """A table whose documents are about people, indexed by them (`by_person`, set by each table): a
    deleted or merged-away person's documents go with them."""

    by_person: Index

    def forget_person(self, person_id: int) -> None:
        for doc_id in sorted(self.by_person.get(person_id)):
            self._remove(doc_id)


class PersonOwned(AboutPeople[M]):
    """A table whose documents each belong to one person (`person_id`), indexed by it."""

    def __init__(self, db: Database, clock: Clock) -> None:
        super().__init__(db, clock)
        self.by_person = db.index(self.table_name, lambda doc: [doc["person_id"]] if doc.get("person_id") else [])

    def move(self, from_person: int, to_person: int) -> None:
        """Give every document of `from_person` to `to_person` (a merge)."""
        for doc_id in sorted(self.by_person.get(from_person)):
            self.table.update({"person_id": to_person}, doc_ids=[doc_id])
