"""Golden pages: the corpus's real pages, Tend's own fixtures and the generalization set (kinds of pages no
adapter covers), one test per page and field.

Expectations are what a careful human extracted (`expected.json`); `scripts/accuracy.py` prints the
same comparison as a per-field table.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from companion.extract import ProfileDraft, extract
from companion.extract.evaluate import Golden, field_matches, load_goldens

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "pages"
FIXTURES = ROOT / "tests" / "fixtures" / "pages"
GENERALIZATION = ROOT / "tests" / "fixtures" / "generalization"
GOLDENS = {golden.slug: golden for golden in load_goldens(CORPUS, FIXTURES, GENERALIZATION)}


@cache
def draft_of(slug: str) -> ProfileDraft:
    golden = GOLDENS[slug]
    return extract(golden.html, golden.url)


def _cases() -> list[pytest.param]:  # type: ignore[type-arg]
    """Every scored field of every page, except those the corpus calls interpretive (reported by
    scripts/accuracy.py, not enforced)."""
    return [pytest.param(slug, field, id=f"{slug}-{field}")
            for slug, golden in GOLDENS.items() for field in golden.fields if field not in golden.lenient]


def test_the_corpus_is_there() -> None:
    assert len([g for g in GOLDENS.values() if g.expected["is_profile"]]) >= 20
    assert len(GOLDENS) >= 30


@pytest.mark.parametrize(("slug", "field"), _cases())
def test_golden_field(slug: str, field: str) -> None:
    golden: Golden = GOLDENS[slug]
    got = getattr(draft_of(slug), field)
    expected = golden.expected.get(field)
    assert field_matches(field, expected, got), f"{field}: expected {expected!r}, got {got!r}"


def test_every_profile_field_says_where_it_came_from_and_how_sure_it_is() -> None:
    for slug, golden in GOLDENS.items():
        draft = draft_of(slug)
        filled = {name for name in ("name", "headline", "title", "organization", "location", "bio", "photo_url")
                  if getattr(draft, name)}
        assert filled <= set(draft.sources), slug
        assert filled <= set(draft.field_confidence), slug
        assert all(0 < value <= 1 for value in draft.field_confidence.values()), slug
        assert (0.5 <= draft.confidence <= 1) if draft.is_profile else draft.confidence == 0, slug


def test_every_site_adapter_has_a_golden_page_it_reads() -> None:
    """House rule: an adapter without a fixture is an adapter nobody notices breaking."""
    from companion.extract.sites import ADAPTERS, homepage, mastodon

    used = {source for slug in GOLDENS for source in draft_of(slug).sources.values()}
    missing = [adapter.SOURCE for adapter in (*ADAPTERS, mastodon, homepage) if adapter.SOURCE not in used]
    assert missing == []
