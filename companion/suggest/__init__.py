"""`suggest(world, today, state)`: today's suggestions, ranked, mixed and capped. Pure.

Ranking is the rule's score plus a "find your tribe" bonus for people who share the user's goals or
interests. The cap mixes: at most half the list from one kind and one suggestion per person, so one
overdue friend or one busy rule never fills the day. What the user marked done or dismissed stays away;
snoozed comes back when its snooze ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from companion.suggest.candidate import Candidate
from companion.suggest.rules import RULES
from companion.suggest.world import World

TRIBE_BONUS = 5.0
TRIBE_MAX = 15.0


@dataclass(frozen=True)
class Decision:
    status: str  # done | snoozed | dismissed
    until: date | None = None


def _hidden(decision: Decision | None, today: date) -> bool:
    if decision is None:
        return False
    return decision.status != "snoozed" or decision.until is None or decision.until > today


def _tribe(world: World, candidate: Candidate, mine: set[str]) -> float:
    if not mine:
        return 0.0
    shared = sum(1 for person_id in candidate.people
                 for item in (*world.people[person_id].goals, *world.people[person_id].interests)
                 if item.casefold() in mine)
    return min(TRIBE_MAX, TRIBE_BONUS * shared)


def proposals(world: World, today: date, kinds: Iterable[str]) -> list[Candidate]:
    """What the named rules propose today, scored with the tribe bonus; nothing filtered yet."""
    mine = {item.casefold() for item in (*world.me.goals, *world.me.interests)}
    found = []
    for kind in kinds:
        for candidate in RULES[kind](world, today):
            candidate.score = round(candidate.score + _tribe(world, candidate, mine), 1)
            found.append(candidate)
    return found


def rank_key(candidate: Candidate) -> tuple[float, str, tuple[int, ...], str]:
    """Best first: the score, then kind and people, then the id, so the order is total (a list kept in
    this order as candidates come and go equals one sorted anew)."""
    return (-candidate.score, candidate.kind, candidate.people, candidate.id)


def visible(ordered: Iterable[Candidate], today: date, decisions: Mapping[str, Decision]) -> list[Candidate]:
    """The candidates (in rank order) that the user has not put away."""
    return [c for c in ordered if not _hidden(decisions.get(c.id), today)]


def ranked(found: Iterable[Candidate], today: date, decisions: Mapping[str, Decision]) -> list[Candidate]:
    """The proposals the user has not put away, best first."""
    return visible(sorted(found, key=rank_key), today, decisions)


def candidates(world: World, today: date, decisions: Mapping[str, Decision]) -> list[Candidate]:
    """Every suggestion today that the user has not put away, best first."""
    return ranked(proposals(world, today, RULES), today, decisions)


def pick(ranked: list[Candidate], cap: int) -> list[Candidate]:
    """The top of the list, with at most half from one kind and each person once."""
    per_kind = max(1, cap // 2)
    kinds: dict[str, int] = {}
    people: set[int] = set()
    picked = []
    for candidate in ranked:
        if len(picked) == cap:
            break
        if kinds.get(candidate.kind, 0) >= per_kind or people & set(candidate.people):
            continue
        picked.append(candidate)
        kinds[candidate.kind] = kinds.get(candidate.kind, 0) + 1
        people.update(candidate.people)
    return picked


def suggest(world: World, today: date, decisions: Mapping[str, Decision], cap: int | None = None) -> list[Candidate]:
    return pick(candidates(world, today, decisions), cap or world.me.daily_cap)


__all__ = ["Candidate", "Decision", "World", "candidates", "pick", "proposals", "rank_key", "ranked", "suggest",
           "visible"]
