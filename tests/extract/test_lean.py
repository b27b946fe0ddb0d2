"""The lean capture format loses nothing extraction reads: a page and its lean capture give one draft."""

from __future__ import annotations

import pytest

from companion.extract import extract
from companion.extract.lean import lean_capture
from tests.extract.test_golden import GOLDENS

PROFILES = [slug for slug, golden in GOLDENS.items() if golden.expected["is_profile"]]


@pytest.mark.parametrize("slug", PROFILES)
def test_the_lean_capture_extracts_like_the_full_page(slug: str) -> None:
    golden = GOLDENS[slug]
    full = extract(golden.html, golden.url)
    html = golden.html.decode("utf-8", errors="replace") if "1256" not in slug else golden.html.decode("cp1256")
    lean = lean_capture(html)
    assert extract(lean, golden.url).model_dump(exclude={"sources"}) == full.model_dump(exclude={"sources"})


def test_the_lean_capture_of_a_dense_profile_is_a_fraction_of_it() -> None:
    golden = GOLDENS["linkedin-2022-signedin-1"]
    html = golden.html.decode("utf-8")
    assert len(lean_capture(html)) < len(html) / 3
