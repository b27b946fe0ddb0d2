"""Gratitude: when someone helped you, say thank you. Fires once help received (helped_me) has no
thanks logged after it; it stays until thanked (gratitude is never late), rising for the first week.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from companion.suggest.candidate import Candidate
from companion.suggest.world import World, day_of

KIND = "thank_you"


def rule(world: World, today: date) -> Iterator[Candidate]:
    for person_id, kinds in world.activity.by_person.items():
        helped = kinds.get("helped_me")
        if not helped or person_id not in world.people:
            continue
        thanked = kinds.get("thanks")
        if thanked and thanked[-1] >= helped[-1]:
            continue
        helped_on = day_of(helped[-1])
        days = (today - helped_on).days
        if days < 0:
            continue
        name, on = world.people[person_id].name, helped_on.isoformat()
        yield Candidate(
            KIND, (person_id,), score=min(95.0, 70 + 4 * days), text=f"Thank {name} for their help on {on}.",
            why=[f"{name} helped you on {on}", "no thanks logged since"],
            due=helped_on, key=helped[-1], params={"helped_on": on}, implies="thanks")
