"""Follow up after a meeting: the days right after meeting someone are when a short message turns an
encounter into a tie. Fires from the day after a meeting (met, event, meeting, coffee) until a week has
passed, while nothing else has been logged with them since; the fresher, the higher.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from companion.suggest.candidate import Candidate
from companion.suggest.world import MEETING_KINDS, World, day_of, stamp

KIND = "follow_up_after_meeting"
WINDOW_DAYS = 7


def rule(world: World, today: date) -> Iterator[Candidate]:
    since, until = stamp(today, WINDOW_DAYS), stamp(today)
    for person_id, latest in world.activity.latest.items():
        if latest < since:
            continue  # nothing at all in the window: no meeting in it either
        kinds = world.activity.kinds(person_id)
        met = max((bucket[-1] for kind, bucket in kinds.items() if kind in MEETING_KINDS and bucket), default=None)
        if met is None or not since <= met < until or person_id not in world.people:
            continue
        if world.activity.last(person_id) != met:
            continue  # something was logged after the meeting: followed up already
        days = (today - day_of(met)).days
        name = world.people[person_id].name
        yield Candidate(
            KIND, (person_id,), score=90 - 5 * days,
            text=f"Follow up with {name}: you met {days} day{'s' if days != 1 else ''} ago.",
            why=[f"met on {day_of(met).isoformat()}", "nothing logged since"],
            due=day_of(met), key=met, params={"days": days}, implies="message")
