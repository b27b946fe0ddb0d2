"""Build bridges: introduce two people who should know each other — they share goals or interests, or
one offers what the other needs — and have never been seen together nor introduced. Candidates come from
an inverted index over interests, goals, skills, offers and needs (never all pairs); a need met by an
offer counts most, a shared goal next, a shared interest least. The text drafts a double-opt-in intro.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from companion.activity import pair_key
from companion.suggest.candidate import Candidate
from companion.suggest.world import World

KIND = "introduce"
WEIGHTS = {"need": 30.0, "goal": 20.0, "interest": 10.0}
MAX_GROUP = 50  # a term shared by more people than this is too common to mean a match ("networking")


def rule(world: World, today: date) -> Iterator[Candidate]:
    overlaps: dict[tuple[int, int], list[tuple[str, str]]] = {}

    def note(first: int, second: int, why: str, term: str) -> None:
        if first != second:
            overlaps.setdefault((min(first, second), max(first, second)), []).append((why, term))

    for attribute, why in (("goals", "goal"), ("interests", "interest")):
        for term, ids in world.terms(attribute).items():
            if 2 <= len(ids) <= MAX_GROUP:
                ordered = sorted(ids)
                for index, first in enumerate(ordered):
                    for second in ordered[index + 1:]:
                        note(first, second, why, term)
    for person in world.people.values():
        for need in person.needs:
            offering = world.having("offers", need)
            if len(offering) <= MAX_GROUP:
                for other in offering:
                    note(person.id, other, "need", need.casefold())
    for (first, second), reasons in overlaps.items():
        if pair_key(first, second) in world.activity.together:
            continue  # already together in an interaction, or introduced
        a, b = world.people[first], world.people[second]
        score = min(90.0, sum(WEIGHTS[why] for why, _ in reasons))
        terms = sorted({term for _, term in reasons})
        yield Candidate(
            KIND, (first, second), score=score,
            text=(f"Introduce {a.name} and {b.name} ({', '.join(terms)}). Ask each first: "
                  f"\"{a.name}, would you like to meet {b.name}? You both care about {terms[0]}.\""),
            why=[f"{why}: {term}" for why, term in reasons],
            due=today, key=",".join(terms), params={"terms": terms}, implies="intro")
