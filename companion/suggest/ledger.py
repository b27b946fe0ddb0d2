"""The reciprocity ledger: per person, the help given and received over the last year, kept current.

Counting it means a few bisections per person, so over everyone it grows with the network (tens of
milliseconds at 10k people). So it is counted once a day (the window moves with the day) and then one
row at a time, for the people a change touched; the rows are kept in ledger order, so reading the top
of it is a slice.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from datetime import date

from companion.suggest.world import GIVING_KINDS, RECEIVING_KINDS, World, stamp

LEDGER_DAYS = 365


def counts(world: World, person_id: int, today: date) -> tuple[int, int]:
    """What the user gave this person and received from them over the last year (the reciprocity rule's
    kinds)."""
    since = stamp(today, LEDGER_DAYS)
    return (world.activity.count(person_id, since, kinds=GIVING_KINDS),
            world.activity.count(person_id, since, kinds=RECEIVING_KINDS))


class Ledger:
    """Everyone with help given or received in the year to `today`, most owed first (received minus given,
    then by id), with the totals."""

    def __init__(self, world: World, today: date) -> None:
        self.today = today
        self.rows: dict[int, tuple[int, int]] = {}
        self._order: list[tuple[int, int]] = []  # (given - received, person_id): ascending is ledger order
        self.given = self.received = 0
        helped = set(GIVING_KINDS) | set(RECEIVING_KINDS)
        for person_id, kinds in world.activity.by_person.items():
            if not helped.isdisjoint(kinds):
                self._put(world, person_id)

    def _put(self, world: World, person_id: int) -> None:
        if person_id not in world.people:
            return
        given, received = counts(world, person_id, self.today)
        if given or received:
            self.rows[person_id] = (given, received)
            insort(self._order, (given - received, person_id))
            self.given += given
            self.received += received

    def _drop(self, person_id: int) -> None:
        row = self.rows.pop(person_id, None)
        if row is not None:
            given, received = row
            del self._order[bisect_left(self._order, (given - received, person_id))]
            self.given -= given
            self.received -= received

    def refresh(self, world: World, person_ids: Iterable[int]) -> None:
        """Count these people's rows again (their interactions changed, or they were deleted)."""
        for person_id in person_ids:
            self._drop(person_id)
            self._put(world, person_id)

    def top(self, count: int) -> list[tuple[int, int, int]]:
        """The first `count` rows in ledger order: (person_id, given, received)."""
        return [(person_id, *self.rows[person_id]) for _, person_id in self._order[:count]]
