"""Interactions, and the one invariant they carry: a person's last_interaction_at is their latest one."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel

from companion.errors import InvalidInput
from companion.models import Interaction, InteractionFields
from companion.store.activity_index import ActivityIndex
from companion.store.database import Database
from companion.store.people import People
from companion.store.repository import Clock, Repository, merged_fields
from companion.store.schema import INTERACTIONS

# A meeting "tomorrow" is a plan, not an interaction; a little slack allows for time zones.
FUTURE_SLACK = timedelta(days=1)


class Interactions(Repository[Interaction]):
    table_name = INTERACTIONS
    model = Interaction
    noun = "interaction"

    def __init__(self, db: Database, clock: Clock, people: People) -> None:
        super().__init__(db, clock)
        self.people = people
        # Both read every interaction when built: saved with the snapshot, so a start reads them back.
        self.by_person = db.index(self.table_name, lambda doc: doc["person_ids"], saved_as="interactions.by_person")
        self.activity = db.add_index(ActivityIndex(lambda: db.storage.table(self.table_name),
                                                   db.storage.saved_part))

    def _check(self, fields: InteractionFields) -> None:
        missing = [pid for pid in fields.person_ids if not self.people.exists(pid)]
        if missing:
            raise InvalidInput(f"unknown people: {', '.join(map(str, missing))}",
                               {"person_ids": f"no person with id {', '.join(map(str, missing))}"})
        if fields.occurred_at is not None and fields.occurred_at > self.clock() + FUTURE_SLACK:
            raise InvalidInput("occurred_at is in the future; log an interaction once it happened",
                               {"occurred_at": "is in the future"})

    def latest_for(self, person_id: int) -> datetime | None:
        stamps = [self.raw(i)["occurred_at"] for i in self.by_person.get(person_id)]
        return datetime.fromisoformat(max(stamps)) if stamps else None

    def refresh_people(self, person_ids: set[int]) -> None:
        for person_id in person_ids:
            if self.people.exists(person_id):
                self.people.set_last_interaction(person_id, self.latest_for(person_id))

    def log(self, fields: InteractionFields) -> Interaction:
        """Record an interaction with one or several people; everyone in it was just in touch."""
        if fields.occurred_at is None:
            fields = fields.model_copy(update={"occurred_at": self.clock()})
        self._check(fields)
        with self.db.transaction():
            interaction = self._insert(fields.model_dump())
            for person_id in interaction.person_ids:
                # A new interaction can only move last_interaction_at forward: no need to rescan the
                # person's history on the hot path (edits and deletes do rescan, see refresh_people).
                latest = self.people.raw(person_id).get("last_interaction_at")
                if latest is None or datetime.fromisoformat(latest) < interaction.occurred_at:
                    self.people.set_last_interaction(person_id, interaction.occurred_at)
        return interaction

    def update(self, interaction_id: int, changes: BaseModel) -> Interaction:
        current = self.get(interaction_id)
        merged, fields = merged_fields(current, changes, InteractionFields)
        self._check(fields)
        with self.db.transaction():
            updated = self._replace(interaction_id, merged)
            self.refresh_people(set(current.person_ids) | set(updated.person_ids))
        return updated

    def move(self, from_person: int, to_person: int) -> None:
        """Give `to_person` every interaction of `from_person` (a merge), each person once."""
        for interaction_id in sorted(self.by_person.get(from_person)):
            ids = [to_person if p == from_person else p for p in self.raw(interaction_id)["person_ids"]]
            self.table.update({"person_ids": list(dict.fromkeys(ids))}, doc_ids=[interaction_id])

    def delete(self, interaction_id: int) -> None:
        current = self.get(interaction_id)
        with self.db.transaction():
            self._remove(interaction_id)
            self.refresh_people(set(current.person_ids))

    def timeline(self, person_id: int, limit: int = 50, offset: int = 0) -> tuple[list[Interaction], int]:
        """A person's interactions, newest first, read through the index (never a table scan)."""
        self.people.raw(person_id)
        docs = [(i, self.raw(i)) for i in self.by_person.get(person_id)]
        docs.sort(key=lambda pair: (pair[1]["occurred_at"], pair[0]), reverse=True)
        return self.page(docs, limit, offset)

    def forget_person(self, person_id: int) -> None:
        """Take a deleted person out of their interactions; one left with nobody is deleted."""
        for interaction_id in sorted(self.by_person.get(person_id)):
            remaining = [p for p in self.raw(interaction_id)["person_ids"] if p != person_id]
            if remaining:
                self.table.update({"person_ids": remaining}, doc_ids=[interaction_id])
            else:
                self._remove(interaction_id)
