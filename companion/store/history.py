"""Profile history: dated changes of title and organization, as captures saw them."""

from __future__ import annotations

from companion.models import ProfileChange, TrackedField, format_timestamp
from companion.store.repository import PersonOwned
from companion.store.schema import HISTORY


class History(PersonOwned[ProfileChange]):
    table_name = HISTORY
    model = ProfileChange
    noun = "profile change"

    def record(self, person_id: int, field: TrackedField, old: str | None, new: str | None,
               source_url: str | None) -> ProfileChange:
        return self._insert({"person_id": person_id, "field": field, "old": old, "new": new,
                             "changed_at": format_timestamp(self.clock()), "source_url": source_url})

    def for_person(self, person_id: int, limit: int = 50, offset: int = 0) -> tuple[list[ProfileChange], int]:
        """Newest first."""
        docs = [(i, self.raw(i)) for i in self.by_person.get(person_id)]
        docs.sort(key=lambda pair: (pair[1]["changed_at"], pair[0]), reverse=True)
        return self.page(docs, limit, offset)
