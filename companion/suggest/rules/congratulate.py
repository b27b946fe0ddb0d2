"""Congratulate on a new role: a job change is the best reason to get in touch, and it is freshest in
its first month. Fires for a title or organization change seen in the last 30 days (not the first time
a profile was read, which is not a change).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from companion.suggest.candidate import Candidate
from companion.suggest.world import World, day_of, stamp

KIND = "congratulate"
WINDOW_DAYS = 30


def rule(world: World, today: date) -> Iterator[Candidate]:
    since = stamp(today, WINDOW_DAYS)
    seen: set[int] = set()
    for change in sorted(world.changes, key=lambda c: c["changed_at"], reverse=True):
        person_id = change["person_id"]
        if change["changed_at"] < since or not change.get("old") or person_id in seen or person_id not in world.people:
            continue
        seen.add(person_id)
        name = world.people[person_id].name
        what = "organization" if change["field"] == "organization" else "title"
        yield Candidate(
            KIND, (person_id,), score=85 - (today - day_of(change["changed_at"])).days,
            text=f"Congratulate {name} on their new {what}: {change['new']}.",
            why=[f"{what} changed from {change['old']} to {change['new']} on {day_of(change['changed_at'])}"],
            due=day_of(change["changed_at"]), key=str(change["id"]),
            params={"field": what, "old": change["old"], "new": change["new"]}, implies="message")
