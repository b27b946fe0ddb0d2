"""Ranking, the mixing cap, the user's tribe, and what done / snooze / dismiss do to the list."""

from __future__ import annotations

from datetime import timedelta

from companion.suggest import Decision, candidates, suggest
from companion.suggest.world import Me
from tests.suggest.world_builder import TODAY, world


def busy_world(me: Me | None = None):  # type: ignore[no-untyped-def]
    """Six overdue friends and two people who helped and were not thanked."""
    people = [{"cadence_days": 7} for _ in range(6)] + [{}, {"interests": ["Poetry"]}]
    happened = [(30 + i, i + 1, "call") for i in range(6)] + [(2, 7, "helped_me"), (2, 8, "helped_me")]
    return world(people, happened, me=me or Me(weekly_goal=0))


def test_the_cap_mixes_kinds_and_people() -> None:
    picked = suggest(busy_world(Me(daily_cap=5, weekly_goal=0)), TODAY, {})
    kinds = [c.kind for c in picked]
    assert len(picked) == 4  # at most half of 5 per kind: 2 keep_in_touch + 2 thank_you
    assert kinds.count("keep_in_touch") == 2 and kinds.count("thank_you") == 2
    assert len({p for c in picked for p in c.people}) == len(picked)


def test_the_most_overdue_come_first_and_the_users_tribe_ranks_higher() -> None:
    ranked = candidates(busy_world(Me(interests=("poetry",), weekly_goal=0)), TODAY, {})
    keep = [c.people for c in ranked if c.kind == "keep_in_touch"]
    assert keep[:2] == [(6,), (5,)]
    thanks = [c.people for c in ranked if c.kind == "thank_you"]
    assert thanks == [(8,), (7,)]  # person 8 shares the user's interest


def test_dismissed_and_done_stay_away_and_snoozed_come_back_when_the_snooze_ends() -> None:
    w = busy_world()
    first = candidates(w, TODAY, {})[0]
    for decision in (Decision("dismissed"), Decision("done")):
        assert first.id not in {c.id for c in candidates(w, TODAY, {first.id: decision})}
    snoozed = {first.id: Decision("snoozed", TODAY + timedelta(days=3))}
    assert first.id not in {c.id for c in candidates(w, TODAY, snoozed)}
    assert first.id in {c.id for c in candidates(w, TODAY + timedelta(days=3), snoozed)}


def test_ids_are_stable_for_the_same_occurrence_and_new_for_a_new_one() -> None:
    one = candidates(world([{}], [(3, 1, "helped_me")]), TODAY, {})[0]
    again = candidates(world([{}], [(3, 1, "helped_me")]), TODAY + timedelta(days=1), {})[0]
    later = candidates(world([{}], [(9, 1, "helped_me"), (8, 1, "thanks"), (1, 1, "helped_me")]), TODAY, {})[0]
    assert one.id == again.id != later.id


def test_insights_ledger_diversity_and_rhythm() -> None:
    from companion.suggest.insights import insights

    people = [{"organization": "BRAC", "how_met": "conference"}, {"organization": "BRAC"},
              {"organization": "Snapp", "location": "Tehran"}]
    w = world(people, [(3, 1, "helped_me"), (10, 1, "helped_me"), (5, 2, "helped_them"), (1, 3, "call"),
                       (400, 1, "helped_me")], me=Me(weekly_goal=4))
    result = insights(w, TODAY)
    assert result["reciprocity"]["people"][0] == {"person_id": 1, "name": "Person 1", "given": 0, "received": 2}
    assert (result["reciprocity"]["given"], result["reciprocity"]["received"]) == (1, 2)
    organizations = result["diversity"]["organizations"]
    assert organizations["top"][0] == {"value": "BRAC", "count": 2} and organizations["largest_share"] == 0.667
    assert result["diversity"]["locations"]["unknown"] == 2
    weeks = result["rhythm"]["weeks"]
    assert len(weeks) == 12 and weeks[-1] == {"week_start": "2026-11-16", "interactions": 3}
    assert weeks[-2]["interactions"] == 1 and result["rhythm"]["weekly_goal"] == 4
