"""Each rule as a scenario with a fixed today: it fires, it does not, the boundary day, and what resets it."""

from __future__ import annotations

from companion.suggest.rules import RULES
from companion.suggest.world import Me
from tests.suggest.world_builder import TODAY, at, world


def fired(kind: str, w) -> list:  # type: ignore[no-untyped-def]
    return list(RULES[kind](w, TODAY))


# -- keep_in_touch ---------------------------------------------------------------------------------
def test_keep_in_touch_is_due_on_the_day_the_cadence_runs_out_and_not_the_day_before() -> None:
    assert fired("keep_in_touch", world([{"cadence_days": 30}], [(29, 1, "call")])) == []
    due = fired("keep_in_touch", world([{"cadence_days": 30}], [(30, 1, "call")]))
    assert [(c.people, c.params["days"]) for c in due] == [((1,), 30)]


def test_keep_in_touch_grows_with_lateness_and_any_interaction_resets_it() -> None:
    late = fired("keep_in_touch", world([{"cadence_days": 30}, {"cadence_days": 30}],
                                       [(35, 1, "call"), (80, 2, "call")]))
    assert [c.people for c in sorted(late, key=lambda c: -c.score)] == [(2,), (1,)]
    assert fired("keep_in_touch", world([{"cadence_days": 30}], [(80, 1, "call"), (2, 1, "note")])) == []


def test_keep_in_touch_uses_the_tag_cadence_and_ignores_people_without_one() -> None:
    w = world([{"tags": ["family"]}, {}], [(10, 1, "call"), (400, 2, "call")], tag_cadence={"family": 7})
    assert [c.people for c in fired("keep_in_touch", w)] == [(1,)]


# -- follow_up_after_meeting ------------------------------------------------------------------------
def test_follow_up_after_a_meeting_until_something_is_logged_and_within_a_week() -> None:
    assert [c.params["days"] for c in fired("follow_up_after_meeting", world([{}], [(2, 1, "met")]))] == [2]
    assert fired("follow_up_after_meeting", world([{}], [(2, 1, "met"), (1, 1, "message")])) == []
    assert len(fired("follow_up_after_meeting", world([{}], [(7, 1, "event")]))) == 1  # the last day
    assert fired("follow_up_after_meeting", world([{}], [(8, 1, "event")])) == []


# -- thank_you --------------------------------------------------------------------------------------
def test_thank_you_until_thanks_is_logged_after_the_help() -> None:
    assert len(fired("thank_you", world([{}], [(3, 1, "helped_me")]))) == 1
    assert fired("thank_you", world([{}], [(3, 1, "helped_me"), (1, 1, "thanks")])) == []
    again = world([{}], [(30, 1, "helped_me"), (20, 1, "thanks"), (2, 1, "helped_me")])
    assert [c.params["helped_on"] for c in fired("thank_you", again)] == [at(2)[:10]]


# -- reciprocity ------------------------------------------------------------------------------------
def test_reciprocity_when_received_clearly_exceeds_given_with_a_way_to_give_back() -> None:
    people = [{"needs": ["Design review"]}, {"offers": ["design review"], "name": "Ana"}]
    w = world(people, [(100, 1, "helped_me"), (50, 1, "helped_me"), (10, 1, "helped_me"), (5, 1, "helped_them")])
    (suggestion,) = fired("reciprocity", w)
    assert suggestion.params["received"] == 3 and suggestion.params["given"] == 1
    assert suggestion.params["way"] == "introduce them to Ana, who offers Design review"
    balanced = world([{}], [(100, 1, "helped_me"), (50, 1, "helped_me"), (10, 1, "helped_them")])
    assert fired("reciprocity", balanced) == []
    old = world([{}], [(400, 1, "helped_me"), (380, 1, "helped_me"), (370, 1, "helped_me")])
    assert fired("reciprocity", old) == []  # outside the 12 months


def test_reciprocity_offers_the_users_own_help_first() -> None:
    w = world([{"interests": ["Python"]}], [(9, 1, "helped_me"), (8, 1, "helped_me")], me=Me(offers=("python",)))
    assert fired("reciprocity", w)[0].params["way"] == "offer your python"


# -- congratulate -----------------------------------------------------------------------------------
def test_congratulate_a_job_change_in_the_last_month_but_not_a_first_reading() -> None:
    changes = [{"id": 1, "person_id": 1, "field": "organization", "old": None, "new": "Acme", "changed_at": at(100)},
               {"id": 2, "person_id": 1, "field": "organization", "old": "Acme", "new": "Google", "changed_at": at(3)}]
    assert [c.params["new"] for c in fired("congratulate", world([{}], [], changes=changes))] == ["Google"]
    assert fired("congratulate", world([{}], [], changes=changes[:1])) == []
    stale = [{**changes[1], "changed_at": at(31)}]
    assert fired("congratulate", world([{}], [], changes=stale)) == []


# -- introduce --------------------------------------------------------------------------------------
def test_introduce_people_whose_need_meets_an_offer_or_who_share_a_goal_unless_they_met() -> None:
    people = [{"needs": ["Funding"]}, {"offers": ["funding"]}, {"goals": ["Open science"]},
              {"goals": ["open science"]}, {"interests": ["chess"]}]
    pairs = {c.people: c.params["terms"] for c in fired("introduce", world(people, []))}
    assert pairs == {(1, 2): ["funding"], (3, 4): ["open science"]}
    met = world(people, [(5, (3, 4), "coffee")])
    assert {c.people for c in fired("introduce", met)} == {(1, 2)}
    introduced = world(people, [(5, (1, 2), "intro")])
    assert {c.people for c in fired("introduce", introduced)} == {(3, 4)}


def test_introduce_ranks_a_met_need_above_a_shared_interest() -> None:
    people = [{"needs": ["mentor"], "interests": ["go"]}, {"offers": ["mentor"]}, {"interests": ["go"]}]
    ranked = sorted(fired("introduce", world(people, [])), key=lambda c: -c.score)
    assert [c.people for c in ranked] == [(1, 2), (1, 3)]


# -- reconnect --------------------------------------------------------------------------------------
def test_reconnect_a_once_frequent_tie_gone_quiet() -> None:
    close = [(d, 1, "call") for d in (130, 200, 260, 300)]
    assert [c.params["before"] for c in fired("reconnect", world([{}], close))] == [4]
    assert fired("reconnect", world([{}], close[:3])) == []  # not close enough
    assert fired("reconnect", world([{}], [*close, (20, 1, "message")])) == []  # not quiet


# -- too_often --------------------------------------------------------------------------------------
def test_too_often_when_far_more_than_the_rhythm() -> None:
    messages = [(d, 1, "message") for d in (1, 5, 9, 14)]
    assert [c.params["count"] for c in fired("too_often", world([{"cadence_days": 30}], messages))] == [4]
    assert fired("too_often", world([{"cadence_days": 30}], messages[:3])) == []
    assert fired("too_often", world([{}], messages)) == []  # no rhythm chosen


# -- weekly_time ------------------------------------------------------------------------------------
def test_weekly_time_speaks_from_thursday_when_behind() -> None:
    # TODAY is a Sunday; the week began 6 days ago.
    assert [c.params for c in fired("weekly_time", world([{}], [(1, 1, "call")], me=Me(weekly_goal=3)))] == [
        {"done": 1, "goal": 3}]
    on_track = world([{}], [(1, 1, "call"), (2, 1, "call"), (6, 1, "call")], me=Me(weekly_goal=3))
    assert fired("weekly_time", on_track) == []
    last_week = world([{}], [(7, 1, "call"), (8, 1, "call"), (9, 1, "call")], me=Me(weekly_goal=3))
    assert fired("weekly_time", last_week)[0].params["done"] == 0


# -- share ------------------------------------------------------------------------------------------
def test_share_a_kept_page_with_the_people_its_topics_interest() -> None:
    people = [{"interests": ["Python", "maps"]}, {"goals": ["python"]}, {"interests": ["cooking"]}]
    page = {"id": 7, "url": "https://example.org/a", "title": "Maps in Python", "topics": ["python", "maps"],
            "captured_at": at(2)}
    w = world(people, [])
    w.pages = [page]
    shared = {c.people: c.params["topics"] for c in fired("share", w)}
    assert shared == {(1,): ["python", "maps"], (2,): ["python"]}
    w.pages = [{**page, "captured_at": at(15)}]
    assert fired("share", w) == []  # kept more than two weeks ago

