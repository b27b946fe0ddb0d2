""""Tend got this wrong": a page the user corrected, kept as a local test case in the corpus layout.

When the user fixes what Tend read from someone's page, they may keep that page with the corrected fields
(`cases/<slug>/source.html` + `expected.json` in the data directory, owner-only); `tend fixtures export
DIR` writes them out to review and add to tests/fixtures/pages. This is how Zotero's translators stay
alive, except that here nothing leaves the machine unless the user copies it. The expected fields are the
person as they are now (the user's word), and the notes say which fields Tend had read otherwise.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from companion.extract.draft import SCALAR_FIELDS, ProfileDraft
from companion.extract.evaluate import FIELDS, field_matches
from companion.models import Person
from companion.store.files import ensure_private_dir, write_atomic

CASES = "cases"


@dataclass(frozen=True)
class KeptCase:
    slug: str
    path: Path
    wrong: list[str]  # the fields Tend had read otherwise


def expected_of(person: Person, page_url: str) -> dict[str, Any]:
    """The corpus's expected.json for this person's page: their fields as the user has them now."""
    return {"page_url": page_url, "is_profile": True, **{name: getattr(person, name) for name in SCALAR_FIELDS},
            "urls": [link.url for link in person.urls], "emails": list(person.emails), "skills": list(person.skills)}


def wrong_fields(expected: dict[str, Any], draft: ProfileDraft) -> list[str]:
    """What today's extractor reads otherwise than the user says, scored as the golden tests score."""
    got = draft.model_dump()
    return [name for name in FIELDS if not field_matches(name, expected.get(name), got.get(name))]


def slug_for(page_url: str, person_id: int, capture_id: int) -> str:
    host = (urlsplit(page_url).hostname or "").removeprefix("www.")
    return f"{re.sub(r'[^a-z0-9]+', '-', host).strip('-') or 'page'}-person{person_id}-capture{capture_id}"


def keep(data_dir: Path, slug: str, html: str, expected: dict[str, Any], wrong: list[str], when: str) -> KeptCase:
    """Write the case (replacing an earlier one of the same capture). Runs off the event loop."""
    folder = data_dir / CASES / slug
    ensure_private_dir(folder.parent)
    ensure_private_dir(folder)
    said = f"Tend read {', '.join(wrong)} otherwise" if wrong else "Tend read every field as the user has it"
    notes = f"Kept by the user on {when} with the fields as they corrected them ({said})."
    write_atomic(folder / "source.html", html.encode("utf-8"))
    write_atomic(folder / "expected.json", (json.dumps({**expected, "notes": notes}, ensure_ascii=False, indent=2)
                                            + "\n").encode("utf-8"))
    return KeptCase(slug, folder, wrong)


def listed(data_dir: Path) -> list[Path]:
    folder = data_dir / CASES
    return sorted(path.parent for path in folder.glob("*/expected.json")) if folder.is_dir() else []


def export(data_dir: Path, target: Path) -> list[str]:
    """Copy every kept case into `target/<slug>/` (the corpus layout); returns the slugs written."""
    written = []
    for case in listed(data_dir):
        destination = target / case.name
        destination.mkdir(parents=True, exist_ok=True)
        for name in ("source.html", "expected.json"):
            shutil.copyfile(case / name, destination / name)
        written.append(case.name)
    return written
