"""LinkedIn's embedded state: signed-in pages carry the data they render as JSON in `<code>` blocks
(`{"data", "included": [entities]}`), each entity with a `$type` and an `entityUrn`. The profile is the
Profile (or MiniProfile) entity whose `publicIdentifier` is the one in the page's address: the blocks
also hold the signed-in viewer and, after in-app navigation, a stale profile seen before, so an entity
that is not the address's person is never read. A markup change then costs the DOM adapter, not the
profile. The lean capture keeps these entities (companion/extract/lean.py, `state_entities`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from companion.extract.draft import SITE_PROFILE, Findings
from companion.extract.page import Page, clean
from companion.urls import path_segments

SOURCE = "linkedin-state"
PROFILE_TYPES = (".identity.profile.Profile", ".identity.shared.MiniProfile")
GEO_TYPE = ".common.Geo"


def entities(texts: Iterator[str]) -> Iterator[dict[str, Any]]:
    """The entities of every state block that parses (the others are skipped)."""
    for text in texts:
        text = text.strip()
        if not text.startswith("{") or '"included"' not in text:
            continue
        try:
            state = json.loads(text)
        except ValueError:
            continue
        for entity in state.get("included", []) if isinstance(state, dict) else []:
            if isinstance(entity, dict) and isinstance(entity.get("$type"), str):
                yield entity


def kept(entity: dict[str, Any]) -> bool:
    """An entity the lean capture keeps: a person's profile or a place (what this layer reads)."""
    kind = entity["$type"]
    return kind.endswith(PROFILE_TYPES) and bool(entity.get("publicIdentifier")) or kind.endswith(GEO_TYPE)


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("text")
    return clean(value) if isinstance(value, str) else None


def read(page: Page) -> Findings:
    findings = Findings(SOURCE)
    segments = path_segments(page.url)
    if len(segments) < 2 or segments[0] != "in":
        return findings
    wanted = segments[1].lower()
    found = list(entities(code.get_text() for code in page.tags("code")))
    people = [e for e in found if e["$type"].endswith(PROFILE_TYPES)
              and str(e.get("publicIdentifier", "")).lower() == wanted]
    if not people:
        return findings
    person = max(people, key=len)  # the full Profile over the MiniProfile
    places = {e.get("entityUrn"): e for e in found if e["$type"].endswith(GEO_TYPE)}
    name = " ".join(part for part in (_text(person.get("firstName")), _text(person.get("lastName"))) if part)
    findings.set("name", name or None)
    findings.set("headline", _text(person.get("headline")) or _text(person.get("occupation")))
    geo = person.get("geoLocation") if isinstance(person.get("geoLocation"), dict) else {}
    place = places.get(geo.get("*geo")) or {}
    findings.set("location", _text(place.get("defaultLocalizedName")) or _text(person.get("locationName"))
                 or _text(person.get("geoLocationName")))
    findings.set("bio", _text(person.get("summary")))
    if findings.fields.get("name"):
        findings.profile(SITE_PROFILE)
        findings.url = f"https://www.linkedin.com/in/{segments[1]}"
    return findings
