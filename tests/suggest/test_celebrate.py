"""Celebrate: birthdays and other yearly dates at the boundary days, work anniversaries from profile
history, and a gentle year since the first meeting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from companion.suggest.rules import celebrate
from companion.suggest.world import Me
from tests.suggest.world_builder import TODAY, world




def _celebrations(people: list[dict], happened=(), today=TODAY, changes=None, lead: int = 3):  # type: ignore[no-untyped-def]
    return list(celebrate.rule(world(people, list(happened), me=Me(celebrate_lead_days=lead), changes=changes), today))


@pytest.mark.parametrize(("birthday", "days_ahead", "fires"), [
    ({"month": 11, "day": 25}, 3, True),  # the lead time's last day
    ({"month": 11, "day": 26}, 4, False),  # the day before it comes into view
    ({"month": 11, "day": 22}, 0, True),  # the day itself
    ({"month": 11, "day": 21}, -1, False),  # yesterday: next year's is far off
])
def test_a_birthday_is_suggested_from_its_lead_time_to_the_day(birthday: dict, days_ahead: int, fires: bool) -> None:
    found = _celebrations([{"birthday": birthday}])
    assert bool(found) == fires
    if fires:
        assert found[0].params["occasion"] == "birthday" and found[0].params["days"] == days_ahead
        assert found[0].due == TODAY + timedelta(days=days_ahead)


def test_the_lead_time_is_the_users() -> None:
    assert not _celebrations([{"birthday": {"month": 11, "day": 29}}])
    assert _celebrations([{"birthday": {"month": 11, "day": 29}}], lead=7)


def test_29_february_is_celebrated_on_28_february_in_a_common_year() -> None:
    person = [{"birthday": {"month": 2, "day": 29, "year": 1996}}]
    [found] = _celebrations(person, today=date(2027, 2, 27))
    assert found.due == date(2027, 2, 28) and found.params["years"] == 31
    [leap] = _celebrations(person, today=date(2028, 2, 27))
    assert leap.due == date(2028, 2, 29)


def test_the_years_turn() -> None:
    [found] = _celebrations([{"birthday": {"month": 1, "day": 1}}], today=date(2026, 12, 30))
    assert found.due == date(2027, 1, 1) and found.params["years"] is None
    assert "2027-01-01" in found.key  # a new occurrence each year: done this year, back next year


def test_named_dates_with_and_without_a_year() -> None:
    found = _celebrations([{"dates": [{"label": "wedding anniversary", "month": 11, "day": 24, "year": 2016},
                                      {"label": "started at Acme", "month": 3, "day": 1}]}])
    assert [(c.params["label"], c.params["years"]) for c in found] == [("wedding anniversary", 10)]
    assert "wedding anniversary" in found[0].why[0]


def test_a_year_in_the_current_role_but_not_after_moving_on_or_from_a_first_reading() -> None:
    change = {"id": 7, "person_id": 1, "field": "title", "old": "Engineer", "new": "CTO",
              "changed_at": "2025-11-23T10:00:00Z"}
    [found] = _celebrations([{"title": "CTO"}], changes=[change])
    assert found.params == {"occasion": "work", "label": "CTO", "date": "2026-11-23", "days": 1, "years": 1}
    assert not _celebrations([{"title": "Founder"}], changes=[change])  # moved on since
    assert not _celebrations([{"title": "CTO"}], changes=[{**change, "old": None}])  # first reading: no start date


def test_a_year_since_meeting_gently_and_never_for_someone_contacted_this_month() -> None:
    met_a_year_ago = (365 - 2, 1, "met")
    [found] = _celebrations([{}], [met_a_year_ago, (200, 1, "call")])
    assert found.params["occasion"] == "met" and found.params["years"] == 1 and found.score < 60
    assert not _celebrations([{}], [met_a_year_ago, (10, 1, "call")])
    assert not _celebrations([{}], [(100, 1, "met")])  # not a year yet
