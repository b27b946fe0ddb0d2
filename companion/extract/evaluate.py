"""Score a draft against what a careful human extracted from the same page (a golden `expected.json`).

Shared by the golden-page tests and `scripts/accuracy.py`, so the suite and the reported accuracy
use one definition of "right": text compared whitespace-normalised (NFC), URLs by canonical form and
as a set, emails case-insensitively as a set, skills in order, case-insensitively.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion.extract.draft import ProfileDraft
from companion.urls import canonical_url

FIELDS = ("is_profile", "name", "headline", "title", "organization", "location", "bio", "photo_url", "urls",
          "emails", "skills")

# Values the corpus marks as interpretive ("lenient" in its notes): a strict extractor may miss them.
# They are reported (strict accuracy counts them) but do not fail the suite.
LENIENT: dict[str, frozenset[str]] = {
    "personal-jekyll-jsonld-1": frozenset({"organization", "location", "skills"}),  # from prose and a <dl>
    "twitter-2023-1": frozenset({"organization"}),  # "@vercel" in the bio
    "github-2020-bs4-1": frozenset({"skills"}),  # "main topics" in the bio
    "tiktok-2025-1": frozenset({"photo_url"}),  # the JSON-LD image is the same avatar, another URL
}


@dataclass(frozen=True)
class Golden:
    slug: str
    html: bytes
    expected: dict[str, Any]

    @property
    def url(self) -> str:
        return str(self.expected["page_url"])

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields scored: all for a profile; only the verdict for a page that is not one."""
        return FIELDS if self.expected["is_profile"] else ("is_profile",)

    @property
    def lenient(self) -> frozenset[str]:
        return LENIENT.get(self.slug, frozenset())


def load_goldens(*folders: Path) -> list[Golden]:
    """Every `<slug>/source.html` + `expected.json` under the folders, by slug."""
    goldens = []
    for folder in folders:
        for expected in sorted(folder.glob("*/expected.json")):
            goldens.append(Golden(expected.parent.name, (expected.parent / "source.html").read_bytes(),
                                  json.loads(expected.read_text(encoding="utf-8"))))
    return goldens


def _text(value: Any) -> Any:
    if isinstance(value, str):
        return re.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip() or None
    return value


def field_matches(field: str, expected: Any, got: Any) -> bool:
    if field == "urls":
        return {canonical_url(u) for u in expected or []} == {canonical_url(u) for u in got or []}
    if field == "emails":
        return {e.casefold() for e in expected or []} == {e.casefold() for e in got or []}
    if field == "skills":
        return [_text(s).casefold() for s in expected or []] == [_text(s).casefold() for s in got or []]
    return _text(expected) == _text(got)


def score(golden: Golden, draft: ProfileDraft) -> dict[str, bool]:
    got = draft.model_dump()
    return {field: field_matches(field, golden.expected.get(field), got.get(field)) for field in golden.fields}
