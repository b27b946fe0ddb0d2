"""LinkedIn's embedded state as a layer: a markup change that hides the top card does not lose the
profile, and the state's other people (the signed-in viewer, a stale profile seen before) are never read."""

from __future__ import annotations

import re

from companion.extract import extract
from companion.extract.lean import lean_capture
from tests.extract.test_golden import GOLDENS


def without_top_card(slug: str) -> str:
    """The page as a redesign might leave it for the DOM adapter: no heading, no contact-info link."""
    html = GOLDENS[slug].html.decode("utf-8")
    html = re.sub(r"<h1\b.*?</h1>", "", html, flags=re.DOTALL)
    return re.sub(r"contact-info", "contact", html)


def test_a_markup_change_does_not_lose_the_profile() -> None:
    golden = GOLDENS["linkedin-2024-signedin-2"]
    html = without_top_card("linkedin-2024-signedin-2")
    for page in (html, lean_capture(html)):
        draft = extract(page, golden.url)
        assert draft.is_profile and draft.sources["name"] == "linkedin-state"
        assert (draft.name, draft.headline, draft.location) == ("Vasileios Alevizos", "Researcher.", "Sweden")
        assert draft.url == "https://linkedin.com/in/vasileiosalevizos"


def test_the_viewer_and_a_stale_profile_in_the_state_are_never_the_pages_person() -> None:
    """This page's state holds the signed-in viewer (Eduardo) and a profile seen before (Shuyi Li), not
    the person at its address."""
    golden = GOLDENS["linkedin-2024-signedin-1"]
    html = without_top_card("linkedin-2024-signedin-1")
    assert "shuyi-li-74948836" in html and "eduardo-alvarez-nowak" in html
    draft = extract(html, golden.url)
    assert not draft.is_profile
    assert draft.name not in ("Shuyi Li", "Eduardo Alvarez Nowak")
    full = extract(golden.html, golden.url)  # with its top card, the page is read as before
    assert full.is_profile and full.name == golden.expected["name"]
