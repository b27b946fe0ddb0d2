"""Reconnect: build ties before you need them. A once-frequent tie (at least 4 interactions in the year
before it went quiet) that has been quiet for 4 months or more. Weak ties kept warm are where new
opportunities come from; the score grows with how close the tie was.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from companion.suggest.candidate import Candidate
from companion.suggest.world import World, day_of, stamp

KIND = "reconnect"
QUIET_DAYS = 120
CLOSE_COUNT = 4


def rule(world: World, today: date) -> Iterator[Candidate]:
    quiet_since = stamp(today, QUIET_DAYS)
    year_before = stamp(today, QUIET_DAYS + 365)
    for person_id, last in world.activity.latest.items():
        if last >= quiet_since or person_id not in world.people:
            continue
        before = world.activity.count(person_id, year_before, quiet_since)
        if before < CLOSE_COUNT:
            continue
        person = world.people[person_id]
        if person.cadence_days:
            continue  # keep_in_touch speaks for people with a rhythm
        months = (today - day_of(last)).days // 30
        yield Candidate(
            KIND, (person_id,), score=min(80.0, 40 + 4 * before),
            text=f"Reconnect with {person.name}: {before} conversations in the year before, quiet for {months} months.",
            why=[f"{before} interactions in the year before {day_of(last).isoformat()}", "nothing since"],
            due=today, key=last, params={"months": months, "before": before}, implies="message")
