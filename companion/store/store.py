"""The Store: the repositories over one open data directory (the package docstring says how it keeps data)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from companion.errors import storage_failure
from companion.store.backups import faces_of
from companion.store.calendar_key import CalendarKey
from companion.store.captures import Captures
from companion.store.database import Database
from companion.store.history import History
from companion.store.interactions import Interactions
from companion.store.kept_apart import KeptApart
from companion.store.merges import Merges
from companion.store.people import People
from companion.store.suggestion_state import MeStore, SuggestionStates
from companion.store.repository import Clock
from companion.store.faces import Faces
from companion.store.schema import HELD_AS_JSON, VALIDATORS
from companion.store.tasks import Tasks
from companion.store.tokens import Tokens


class Store:
    """The repositories over one open data directory; the only way the rest of Tend touches data."""

    def __init__(self, data_dir: Path, clock: Clock, compact_after_bytes: int = 16 * 2**20) -> None:
        self.data_dir = data_dir
        self.clock = clock
        self.db = Database(data_dir, compact_after_bytes, VALIDATORS, HELD_AS_JSON)
        self.people = People(self.db, clock, lambda: self.me.get().phone_region)
        self.interactions = Interactions(self.db, clock, self.people)
        self.tasks = Tasks(self.db, clock, self.people)
        self.tokens = Tokens(self.db, clock)
        self.captures = Captures(self.db, clock)
        self.history = History(self.db, clock)
        self.suggestion_state = SuggestionStates(self.db, clock)
        self.me = MeStore(self.db)
        self.calendar_key = CalendarKey(self.db, clock)
        self.faces = Faces(data_dir)
        self.kept_apart = KeptApart(self.db, clock)
        self.merges = Merges(self.db, clock)

    def delete_person(self, person_id: int) -> None:
        """Delete a person with their tasks; interactions keep the other people they involved."""
        self.delete_people([person_id])

    def delete_people(self, person_ids: list[int]) -> None:
        """Delete people in one transaction (all, or none: an unknown id refuses the lot first)."""
        for person_id in person_ids:
            self.people.raw(person_id)
        with self.db.transaction():
            for person_id in person_ids:
                self.interactions.forget_person(person_id)
                self.tasks.forget_person(person_id)
                self.captures.forget_person(person_id)
                self.history.forget_person(person_id)
                self.kept_apart.forget_person(person_id)
                self.suggestion_state.forget_person(person_id)
                self.people.delete(person_id)
        for person_id in person_ids:
            self.faces.delete(person_id)  # after the delete is journaled: a failed delete keeps the faces

    def backup(self, now: datetime | None = None) -> Path:
        """The snapshot in backups/, with the faces as they are now beside it."""
        target = self.db.backup(now or self.clock())
        try:
            self.faces.copy_into(faces_of(target))
        except OSError as error:
            raise storage_failure(error, f"the faces of the backup {target.name}") from error
        return target

    def backup_if_due(self, now: datetime | None = None) -> Path | None:
        """The daily backup, if a day has passed since the newest (and there is anything to back up)."""
        return self.backup(now) if self.db.backup_due(now or self.clock()) else None

    def close(self) -> None:
        self.db.close()

