"""The user's "keep apart" decisions: pairs of people who share a name and are not the same person.
Remembered so that the review queue never asks again; a decision goes when either person does."""

from __future__ import annotations

from companion.models import format_timestamp
from companion.store.database import Database
from companion.store.indexes import Doc
from companion.store.repository import AboutPeople, Clock
from companion.store.schema import KEPT_APART, KeptApartRecord


def pair_key(a: int, b: int) -> str:
    low, high = sorted((a, b))
    return f"{low}-{high}"


def _keys(doc: Doc) -> list[str]:
    return [pair_key(*doc["person_ids"])]


def _people(doc: Doc) -> list[int]:
    return list(doc["person_ids"])


class KeptApart(AboutPeople[KeptApartRecord]):
    table_name = KEPT_APART
    model = KeptApartRecord
    noun = "decision"

    def __init__(self, db: Database, clock: Clock) -> None:
        super().__init__(db, clock)
        self.by_pair = db.index(self.table_name, _keys)
        self.by_person = db.index(self.table_name, _people)

    def keep_apart(self, a: int, b: int) -> None:
        if self.by_pair.get(pair_key(a, b)):
            return
        with self.db.transaction():
            self._insert({"person_ids": sorted((a, b)), "decided_at": format_timestamp(self.clock())})

    def apart(self, a: int, b: int) -> bool:
        return bool(self.by_pair.get(pair_key(a, b)))
