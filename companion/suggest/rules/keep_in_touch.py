"""Keep in touch: regular check-ins, at the rhythm the user chose for this person (or their tag).

Due at last interaction + cadence; any interaction resets it. Someone never in touch has no timer: the
first step is the user's (and "reconnect" does not apply either). The score grows with how overdue it is, relative to the cadence: a week late on a weekly friend
matters more than a week late on a yearly one.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from companion.suggest.candidate import Candidate
from companion.suggest.world import World

KIND = "keep_in_touch"


def rule(world: World, today: date) -> Iterator[Candidate]:
    for person in world.people.values():
        due = world.check_in_due(person)  # None when never in touch: "reconnect" and the user's own first step
        if due is None or due > today:
            continue
        cadence = world.cadence(person)
        last = due - timedelta(days=cadence)
        overdue = (today - due).days
        yield Candidate(
            KIND, (person.id,), score=50 + 45 * overdue / (overdue + cadence),
            text=f"Check in with {person.name}: it has been {cadence + overdue} days (you wanted every {cadence}).",
            why=[f"last in touch {last.isoformat()}", f"keep-in-touch every {cadence} days"],
            due=due, key=due.isoformat(), params={"days": cadence + overdue, "cadence": cadence}, implies="message")
