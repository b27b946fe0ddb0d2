"""The one field table (companion/people/merging.py), checked once per field and source: what a capture, an
import (from any file, and from LinkedIn, the authority on position and company) and a merge do to it."""

from __future__ import annotations

from typing import Any

import pytest

from companion.people import merging

SAMPLES: dict[str, tuple[Any, Any]] = {
    "name": ("Ada Lovelace", "A. Lovelace"), "headline": ("Poet of numbers", "First programmer"),
    "title": ("Countess", "Mathematician"), "organization": ("Analytical", "Babbage & Co"),
    "location": ("London", "Marylebone"), "bio": ("Wrote notes.", "Wrote the first program."),
    "photo_url": ("https://a.example/1.jpg", "https://a.example/2.jpg"),
    "emails": (["ada@a.example"], ["ADA@a.example", "ada@b.example"]),
    "phones": (["+441234567890"], ["+441234567890", "+441234567891"]),
    "urls": ([{"url": "https://github.com/ada"}], [{"url": "https://GitHub.com/ada/"}, {"url": "https://ada.example"}]),
    "skills": (["math"], ["Math", "poetry"]), "interests": (["looms"], ["looms", "music"]),
    "tags": (["friend"], ["Friend", "mentor"]), "goals": (["teach"], ["teach", "write"]),
    "offers": (["intros"], ["intros", "advice"]), "needs": (["funding"], ["funding", "a co-author"]),
    "dates": ([{"label": "met", "month": 5, "day": 1}], [{"label": "Met", "month": 5, "day": 1},
                                                        {"label": "talk", "month": 6, "day": 2}]),
    "how_met": ("At a salon", "Through Babbage"), "notes": ("Loves looms", "Owes me a letter"),
    "cadence_days": (30, 90), "birthday": ({"month": 12, "day": 10}, {"month": 1, "day": 1}),
}
JOINED = {"emails": ["ada@a.example", "ada@b.example"], "phones": ["+441234567890", "+441234567891"],
          "urls": [{"url": "https://github.com/ada"}, {"url": "https://ada.example"}], "skills": ["math", "poetry"],
          "interests": ["looms", "music"], "tags": ["friend", "mentor"], "goals": ["teach", "write"],
          "offers": ["intros", "advice"], "needs": ["funding", "a co-author"],
          "dates": [{"label": "met", "month": 5, "day": 1}, {"label": "talk", "month": 6, "day": 2}]}


def test_the_table_covers_every_field_of_a_person() -> None:
    from companion.models import PersonFields

    assert set(merging.FIELDS) == set(PersonFields.model_fields) == set(SAMPLES)


@pytest.mark.parametrize("field", list(SAMPLES))
def test_each_field_from_every_source(field: str) -> None:
    mine, theirs = SAMPLES[field]
    rule = merging.FIELDS[field]
    side_by_side = f"{mine}\n\n{theirs}"

    captured = merging.from_capture({field: mine}, {field: theirs}).get(field)
    expected_capture = theirs if rule.kind == "page" else JOINED.get(field) if rule.from_pages else None
    assert captured == expected_capture
    if rule.kind == "page":  # the user's own word outlasts the page, unless they confirm again
        assert merging.from_capture({field: mine}, {field: theirs}, user_fields=[field]) == {}
        assert merging.from_capture({field: mine}, {field: theirs}, [field], by_user=True) == {field: theirs}

    imported = merging.from_import({field: mine}, {field: theirs}, "vCard").get(field)
    assert imported == (JOINED.get(field) if rule.kind == "list" else side_by_side if rule.kind == "side_by_side"
                        else None)  # never over what is saved, and never the name
    filled = merging.from_import({}, {field: theirs}, "vCard").get(field)
    assert filled == (None if rule.kind == "name" else theirs)
    from_linkedin = merging.from_import({field: mine}, {field: theirs}, "LinkedIn").get(field)
    assert from_linkedin == (theirs if field in ("title", "organization") else imported)

    merged = merging.from_merge({field: mine}, {field: theirs})[field]
    assert merged == (JOINED.get(field) if rule.kind == "list" else side_by_side if rule.kind == "side_by_side"
                      else mine)
    if rule.kind not in ("list",):
        assert merging.from_merge({field: mine}, {field: theirs}, take=[field])[field] == theirs  # the user's pick


def test_changes_to_position_and_company_are_the_tracked_ones() -> None:
    assert merging.TRACKED == ("title", "organization")


def test_the_csv_columns_that_hold_lists_are_the_tables_lists() -> None:
    from companion.formats import people_csv

    assert set(people_csv.LIST_FIELDS) == set(merging.LIST_FIELDS)  # the file's column order is its own
