"""Share: generosity in small things. A page the user kept (an article, a repository) whose topics match
someone's interests or goals, suggested for 2 weeks after it was kept; more shared topics rank higher. One
suggestion per page and person (done or dismissed, it stays away).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from companion.suggest.candidate import Candidate
from companion.suggest.world import World, day_of, stamp

KIND = "share"
WINDOW_DAYS = 14
MAX_PEOPLE = 3  # per page: the best matches, not everyone who likes "python"


def rule(world: World, today: date) -> Iterator[Candidate]:
    since = stamp(today, WINDOW_DAYS)
    for page in world.pages:
        if page["captured_at"] < since:
            continue
        matches: dict[int, list[str]] = {}
        for topic in page["topics"]:
            for person_id in world.having("interests", topic) | world.having("goals", topic):
                matches.setdefault(person_id, []).append(topic)
        best = sorted(matches.items(), key=lambda item: (-len(item[1]), item[0]))[:MAX_PEOPLE]
        for person_id, shared in best:  # once shared (done), the decision keeps this one away
            name = world.people[person_id].name
            yield Candidate(
                KIND, (person_id,), score=min(75.0, 45 + 10 * len(shared)),
                text=f"Share \"{page['title']}\" with {name} ({', '.join(shared)}).",
                why=[f"you kept it on {day_of(page['captured_at'])}", f"{name} is interested in {', '.join(shared)}"],
                due=day_of(page["captured_at"]), key=str(page["id"]),
                params={"title": page["title"], "url": page["url"], "topics": shared}, implies="message")
