"""Every interaction's time, per person and kind: what the suggestion rules ask of the past.

An index of the interactions table (the store builds it with its other indexes, at warm-up or on first
use, and keeps it current from the change feed), shaped for the rules' questions: when was the last
thanks, how many meetings in the year before last spring, who was seen together. Timestamps are the
store's UTC ISO strings, which sort in time order, so windows are bisections.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import Any

from companion.bulk import bulk_load

_OCCURRED = itemgetter("occurred_at")


class Activity:
    """Every interaction's time, per person and kind, sorted; plus who was seen together and who was
    introduced. Built once from the interactions, then kept current change by change."""

    def __init__(self) -> None:
        self.by_person: dict[int, dict[str, list[str]]] = {}
        self.latest: dict[int, str] = {}  # each person's last interaction time, for quick skips
        self.per_day: dict[str, int] = {}  # interactions per UTC day ("2026-11-22"), each once
        self.together: dict[frozenset[int], int] = {}

    @classmethod
    def build(cls, docs: Iterable[Mapping[str, Any]]) -> Activity:
        """Two passes: each person's interactions are gathered, then sorted by time once and split by
        kind; sorting a person's few interactions beats keeping dozens of per-kind lists sorted (and one
        sort of all 200k costs more: their documents lie all over memory). A bulk load for the GC:
        nothing made is collectable, and the index lives as long as the store."""
        activity = cls()
        gathered: dict[int, list[Mapping[str, Any]]] = {}
        with bulk_load(long_lived=True):
            per_day = activity.per_day
            for doc in docs:
                day = doc["occurred_at"][:10]
                per_day[day] = per_day.get(day, 0) + 1
                people = doc["person_ids"]
                for person_id in people:
                    mine = gathered.get(person_id)
                    if mine is None:
                        gathered[person_id] = [doc]
                    else:
                        mine.append(doc)
                if len(people) > 1:
                    activity._pairs(people, doc["kind"], +1)
            for person_id, mine in gathered.items():
                mine.sort(key=_OCCURRED)
                kinds: dict[str, list[str]] = {}
                for doc in mine:
                    bucket = kinds.get(doc["kind"])
                    if bucket is None:
                        kinds[doc["kind"]] = [doc["occurred_at"]]
                    else:
                        bucket.append(doc["occurred_at"])
                activity.by_person[person_id] = kinds
                activity.latest[person_id] = mine[-1]["occurred_at"]
            del gathered  # references to the stored documents only: gone before the freeze
        return activity

    def _pairs(self, people: list[int], kind: str, delta: int) -> None:
        for index, first in enumerate(people):
            for second in people[index + 1:]:
                key = frozenset((first, second))
                self.together[key] = self.together.get(key, 0) + delta
                if self.together[key] <= 0:
                    del self.together[key]

    def _count_day(self, at: str, delta: int) -> None:
        day = at[:10]
        left = self.per_day.get(day, 0) + delta
        if left > 0:
            self.per_day[day] = left
        else:
            self.per_day.pop(day, None)

    def add(self, doc: Mapping[str, Any]) -> None:
        self._count_day(doc["occurred_at"], +1)
        for person_id in doc["person_ids"]:
            insort(self.by_person.setdefault(person_id, {}).setdefault(doc["kind"], []), doc["occurred_at"])
            self.latest[person_id] = max(self.latest.get(person_id, ""), doc["occurred_at"])
        if len(doc["person_ids"]) > 1:
            self._pairs(doc["person_ids"], doc["kind"], +1)

    def remove(self, doc: Mapping[str, Any]) -> None:
        self._count_day(doc["occurred_at"], -1)
        for person_id in doc["person_ids"]:
            _discard(self.by_person.get(person_id, {}).get(doc["kind"], []), doc["occurred_at"])
            remaining = [bucket[-1] for bucket in self.by_person.get(person_id, {}).values() if bucket]
            if remaining:
                self.latest[person_id] = max(remaining)
            else:
                self.latest.pop(person_id, None)
        if len(doc["person_ids"]) > 1:
            self._pairs(doc["person_ids"], doc["kind"], -1)

    def focus(self, person_ids: set[int]) -> Activity:
        """The same activity seen for these people only (shared, not copied): per-person rules run over
        it touch only them."""
        view = Activity()
        view.by_person = {p: self.by_person[p] for p in person_ids if p in self.by_person}
        view.latest = {p: self.latest[p] for p in person_ids if p in self.latest}
        view.per_day, view.together = self.per_day, self.together
        return view

    # -- questions rules ask --------------------------------------------------------------------
    def kinds(self, person_id: int) -> dict[str, list[str]]:
        return self.by_person.get(person_id, {})

    def last(self, person_id: int) -> str | None:
        """When anything was last logged with this person."""
        return self.latest.get(person_id)

    def count(self, person_id: int, since: str, until: str | None = None, kinds: Iterable[str] | None = None) -> int:
        mine = self.kinds(person_id)
        total = 0
        for bucket in mine.values() if kinds is None else (mine[kind] for kind in kinds if kind in mine):
            end = len(bucket) if until is None else bisect_left(bucket, until)
            total += max(0, end - bisect_left(bucket, since))
        return total

    def count_all(self, since: str, until: str | None = None) -> int:
        """Interactions in [since, until), each once however many people it was with. Windows are whole
        UTC days (every caller starts them at midnight): a sum over a few days' counts, not a scan."""
        first, last = since[:10], until[:10] if until is not None else "\uffff"
        return sum(count for day, count in self.per_day.items() if first <= day < last)


def _discard(bucket: list[str], value: str) -> None:
    index = bisect_left(bucket, value)
    if index < len(bucket) and bucket[index] == value:
        del bucket[index]
