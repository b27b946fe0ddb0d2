"""Keep in touch: regular check-ins, at the rhythm the user chose for this person (or their tag).

Due at last interaction + cadence (from when they were added, if never in touch); any interaction resets
it. The score grows with how overdue it is, relative to the cadence: a week late on a weekly friend
matters more than a week late on a yearly one.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from companion.suggest.candidate import Candidate
from companion.suggest.world import World, day_of

KIND = "keep_in_touch"


def rule(world: World, today: date) -> Iterator[Candidate]:
    for person in world.people.values():
        if not person.cadence_days and not any(tag in world.tag_cadence for tag in person.tags):
            continue
        cadence = world.cadence(person)
        last = world.activity.last(person.id)
        if last is None:
            continue  # never in touch: "reconnect" and the user's own first step, not a timer
        due = day_of(last) + timedelta(days=cadence)
        if due > today:
            continue
        overdue = (today - due).days
        yield Candidate(
            KIND, (person.id,), score=50 + 45 * overdue / (overdue + cadence),
            text=f"Check in with {person.name}: it has been {cadence + overdue} days (you wanted every {cadence}).",
            why=[f"last in touch {day_of(last).isoformat()}", f"keep-in-touch every {cadence} days"],
            due=due, key=due.isoformat(), params={"days": cadence + overdue, "cadence": cadence}, implies="message")
