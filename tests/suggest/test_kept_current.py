"""What the engine keeps current between requests (the ledger, the world's counts, today's proposals)
answers exactly what a fresh engine computing everything anew answers, after any sequence of writes."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from companion.models import InteractionCreate, InteractionUpdate, MeFields, PersonFields, PersonUpdate
from companion.store import Store
from companion.suggestions import Suggestions
from tests.support import FixedClock

KINDS = ["helped_me", "helped_them", "intro", "call", "met", "thanks"]
ORGS = ["BRAC", "Snapp", " BRAC ", None, "Digikala"]


def same_answers(engine: Suggestions, store: Store, clock: FixedClock) -> None:
    today = clock().date()
    fresh = Suggestions(store)
    try:
        assert engine.insights(today) == fresh.insights(today)
        assert [c.id for c in engine.ranked(today)] == [c.id for c in fresh.ranked(today)]
    finally:
        store.db.unsubscribe(fresh._on_change)


@pytest.mark.parametrize("seed", range(4))
def test_after_random_writes_the_kept_answers_equal_fresh_ones(store: Store, clock: FixedClock, seed: int) -> None:
    rng = random.Random(seed)
    engine = Suggestions(store)
    people = [store.people.create(PersonFields(name=f"P{n}", organization=rng.choice(ORGS))).id for n in range(8)]
    logged: list[int] = []
    engine.insights(clock().date())  # built now, then kept current by what follows
    for step in range(60):
        action = rng.random()
        if action < 0.5 or not logged:
            when = clock() - timedelta(days=rng.randint(0, 500))
            logged.append(store.interactions.log(InteractionCreate(
                person_ids=rng.sample(people, rng.choice([1, 1, 2])), kind=rng.choice(KINDS), occurred_at=when)).id)
        elif action < 0.65:
            store.interactions.delete(logged.pop(rng.randrange(len(logged))))
        elif action < 0.75:
            store.interactions.update(rng.choice(logged), InteractionUpdate(kind=rng.choice(KINDS)))
        elif action < 0.85:
            store.people.update(rng.choice(people), PersonUpdate(organization=rng.choice(ORGS),
                                                                location=rng.choice(["Dhaka", None])))
        elif action < 0.9 and len(people) > 3:
            gone = people.pop(rng.randrange(len(people)))
            store.delete_person(gone)
            logged = [i for i in logged if store.interactions.exists(i)]
        elif action < 0.95:
            store.me.put(MeFields(weekly_goal=rng.randint(1, 9)))
        else:
            clock.advance(days=rng.choice([1, 40]))  # a new day: the ledger's window moves
        if step % 6 == 5:
            same_answers(engine, store, clock)
    same_answers(engine, store, clock)
