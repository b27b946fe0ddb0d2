"""Patience, not pestering: a gentle word when someone with a keep-in-touch rhythm has been contacted far
more often than it (4 or more times within one cadence period, not counting notes or thanks for help).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from companion.suggest.candidate import Candidate
from companion.suggest.world import World, stamp

KIND = "too_often"
TIMES = 4
REACHING_OUT = ("message", "call", "email")


def rule(world: World, today: date) -> Iterator[Candidate]:
    for person in world.people.values():
        if not person.cadence_days or person.cadence_days < 7:
            continue
        contacts = world.activity.count(person.id, stamp(today, person.cadence_days), kinds=REACHING_OUT)
        if contacts < TIMES:
            continue
        yield Candidate(
            KIND, (person.id,), score=30.0,
            text=f"Give {person.name} some room: {contacts} messages in {person.cadence_days} days.",
            why=[f"{contacts} messages or calls in the last {person.cadence_days} days",
                 f"your rhythm with them is every {person.cadence_days} days"],
            due=today, key=today.isoformat(), params={"count": contacts, "cadence": person.cadence_days},
            actions=("dismiss",))
