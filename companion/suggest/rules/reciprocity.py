"""Reciprocity: give as much as you get. Over the last 12 months, when help received from someone
clearly exceeds help given to them (at least 2 more), suggest a concrete way to give back: an introduction
to someone who offers what they need, or one of the user's offers that meets their needs or interests.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from companion.suggest.candidate import Candidate
from companion.suggest.world import GIVING_KINDS, RECEIVING_KINDS, World, stamp

KIND = "reciprocity"
WINDOW_DAYS = 365
IMBALANCE = 2


def _way_to_give(world: World, person_id: int) -> str | None:
    person = world.people[person_id]
    wanted = {item.casefold(): item for item in (*person.needs, *person.interests)}
    for offer in world.me.offers:
        if offer.casefold() in wanted:
            return f"offer your {offer}"
    for folded, item in wanted.items():
        others = sorted(world.having("offers", folded) - {person_id})
        if others:
            return f"introduce them to {world.people[others[0]].name}, who offers {item}"
    return None


def rule(world: World, today: date) -> Iterator[Candidate]:
    since = stamp(today, WINDOW_DAYS)
    for person_id, kinds in world.activity.by_person.items():
        if len(kinds.get("helped_me", ())) < IMBALANCE or person_id not in world.people:
            continue
        received = world.activity.count(person_id, since, kinds=RECEIVING_KINDS)
        if received < IMBALANCE:
            continue
        given = world.activity.count(person_id, since, kinds=GIVING_KINDS)
        if received - given < IMBALANCE:
            continue
        name = world.people[person_id].name
        way = _way_to_give(world, person_id)
        yield Candidate(
            KIND, (person_id,), score=min(90.0, 55 + 8 * (received - given)),
            text=f"Give back to {name}" + (f": {way}." if way else "."),
            why=[f"in the last 12 months {name} helped you {received} times; you helped them {given}"],
            due=today, key=f"{received}-{given}", params={"received": received, "given": given, "way": way},
            implies="helped_them")
