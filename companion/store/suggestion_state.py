"""What the user did with suggestions (done, snoozed until, dismissed), and the user's own settings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from companion.models import MeFields
from companion.store.database import Database
from companion.store.indexes import Doc
from companion.store.repository import AboutPeople, Clock, replace_doc
from companion.store.schema import ME, SUGGESTION_STATE, StateRecord


class SuggestionStates(AboutPeople[StateRecord]):
    table_name = SUGGESTION_STATE
    model = StateRecord
    noun = "suggestion state"

    def __init__(self, db: Database, clock: Clock) -> None:
        super().__init__(db, clock)
        self.by_suggestion = db.index(self.table_name, lambda doc: [doc["suggestion_id"]])
        self.by_person = db.index(self.table_name, lambda doc: doc.get("person_ids", []))

    def get_for(self, suggestion_id: str) -> Doc | None:
        ids = self.by_suggestion.get(suggestion_id)
        return self.raw(min(ids)) if ids else None

    def set(self, suggestion_id: str, status: str, until: date | None = None, *, kind: str | None = None,
            person_ids: Iterable[int] = (), key: str = "") -> None:
        """What the user did with a suggestion; its kind, people and key let another machine know it."""
        fields: dict[str, Any] = {"suggestion_id": suggestion_id, "status": status,
                                  "until": until.isoformat() if until else None,
                                  "kind": kind, "person_ids": sorted(person_ids), "key": key}
        ids = self.by_suggestion.get(suggestion_id)
        with self.db.transaction():
            if ids:
                self._replace(min(ids), fields)
            else:
                self._insert(fields)


class MeStore:
    """One document: the user's goals, interests, offers and rhythm."""

    TABLE = ME

    def __init__(self, db: Database) -> None:
        self.db = db
        self.table = db.table(self.TABLE)

    def get(self) -> MeFields:
        doc = self.db.storage.table(self.TABLE).get("1")
        return MeFields.model_validate(doc or {})

    def put(self, me: MeFields) -> MeFields:
        doc = me.model_dump(mode="json")
        with self.db.transaction():
            if self.db.storage.table(self.TABLE).get("1") is None:
                self.table.insert(doc)
            else:
                replace_doc(self.table, 1, doc)
        return me
