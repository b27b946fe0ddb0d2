"""Fold the layers' findings into one ProfileDraft: clear precedence, every field's source recorded,
whether the page is a person's decided from all the evidence, and how sure each field is.

Precedence is the order of the findings (the site adapter first, then the structured vocabularies, what
the page shows, OpenGraph, links): a text field comes from the first layer that has it; lists (URLs,
emails, skills) are the union, in that order, without repeats. An adapter can `block` generic layers
from a field when it knows the site fills it with boilerplate (LinkedIn's meta description is an
advertisement). Names from every layer go through names.clean_name, and a handle gives way to a
person's name another layer read.

The verdict (`weigh`) is evidence, not a veto: each layer's verdict has a weight, the strongest for and
the strongest against are compared, and a profile needs at least MIN_PROFILE. Confidence per field is
how far the layer it came from is trusted for fields (FIELD_TRUST), a little more when another layer
read the same value, less when it was inferred; the overall confidence is the
verdict's weight, capped by the name's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from companion.extract.draft import (CARD, HINT, LIST_FIELDS, MIN_PROFILE, SCALAR_FIELDS, SITE_PROFILE, Findings,
                                     ProfileDraft)
from companion.extract.generic.links import EMAIL
from companion.extract.names import clean_name, is_handle, person_shaped
from companion.extract.page import clean
from companion.text import fold
from companion.urls import canonical_url

# Link shorteners whose target the page does not tell: such a URL identifies nobody.
_SHORTENERS = {"t.co", "bit.ly", "lnkd.in", "buff.ly", "ow.ly", "tinyurl.com", "goo.gl", "fb.me", "dlvr.it"}
# Redirect wrappers carry their target in a query parameter.
_TARGET_PARAMS = ("target", "url", "u", "q", "dest", "destination", "redirect")
_HEADLINE_MAX = 120
# "Assistant Professor @ NAU." / "Software Engineer at Google": one role, one organization, nothing else.
_ROLE_AT = re.compile(r"^([^@|,;:·]{2,60}?)\s+(?:@|at)\s+([^@|,;:·]{2,60}?)\.?$")
_PLACEHOLDER_PHOTO = re.compile(
    r"(?:missing|default|placeholder|blank|ghost|anonymous|no[-_]?photo|no[-_]?avatar)[^/]*\.(?:png|jpe?g|gif|svg|webp)"
    r"|(?<!/sites)/default/|/ghost[-_]", re.IGNORECASE)  # Drupal keeps every upload under sites/default/files


def unwrap(url: str) -> str | None:
    """The URL a link really points to: a redirect wrapper's target, None for a bare shortener."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").removeprefix("www.")
    if host in _SHORTENERS:
        return None
    if parts.query and any(word in parts.path for word in ("redir", "link", "url", "out", "away")):
        for key, value in parse_qsl(parts.query):
            if key.lower() in _TARGET_PARAMS and "." in value and " " not in value:
                return value if "://" in value else "https://" + value
    return url


def usable_photo(url: str | None) -> str | None:
    if not url or not url.startswith(("http://", "https://")) or _PLACEHOLDER_PHOTO.search(url):
        return None
    return url


def _first_line(bio: str) -> str | None:
    """A headline from a bio, for sites without one: its first line, or first sentence if that is long."""
    line = next((clean(part) for part in bio.splitlines() if clean(part)), None)
    if line and len(line) > _HEADLINE_MAX:
        sentence = re.match(r"^(.{10,%d}?[.!?。؟।])\s" % _HEADLINE_MAX, line + " ")
        return sentence.group(1) if sentence else None
    return line


def _derive(values: dict[str, str], sources: dict[str, str], raw_bio: str) -> None:
    """Fields a careful reader infers when the page has no field for them: a headline from the bio's
    first line (social profiles have a bio, not a headline; a page that states a job title has said
    what a headline would), and title and organization from a "Title @ Organization" / "Title at
    Organization" headline. Sources say "derived:<field>" so the inference is visible."""
    shown = values.get("headline") if sources.get("headline") == "visible" else None
    if shown and "title" in values and fold(shown) in fold(values["title"]):
        del values["headline"], sources["headline"]  # the title's tail only repeated the job title
    if "headline" not in values and "title" not in values and raw_bio:
        if headline := _first_line(raw_bio):
            values["headline"], sources["headline"] = headline, "derived:bio"
    headline = values.get("headline", "")
    role = _ROLE_AT.match(headline)
    organization = values.get("organization")
    if role and "title" not in values and organization in (None, role.group(2).strip()):
        values["title"], sources["title"] = role.group(1).strip(), "derived:headline"
        if organization is None:
            values["organization"], sources["organization"] = role.group(2).strip(), "derived:headline"


# How far each layer's fields are to be trusted, whatever it says about the page: a site adapter reads
# fields the site labels; structured data is the page's own statement; OpenGraph titles carry chrome; what
# the page shows is read by shape. Site adapters, not listed, count as SITE_PROFILE.
FIELD_TRUST = {"json-ld": 0.85, "microdata": 0.8, "rdfa": 0.8, "h-card": 0.8, "links": 0.8, "homepage": CARD,
               "opengraph": 0.6, "visible": HINT}
AGREEMENT = 0.1  # added when a second layer read the same value
INFERRED = 0.8  # a derived field's share of its source's confidence


@dataclass(frozen=True)
class Verdict:
    """The strongest evidence for and against the page being a person's profile."""

    for_profile: float
    against: Findings | None

    @property
    def against_weight(self) -> float:
        return self.against.weight if self.against else 0.0

    def says_profile(self) -> bool:
        return self.for_profile >= MIN_PROFILE and self.for_profile > self.against_weight


def weigh(findings: list[Findings]) -> Verdict:
    """The one place that decides from the layers' verdicts whether a page is a person's profile."""
    positive = max((layer.weight for layer in findings if layer.is_profile), default=0.0)
    against = max((layer for layer in findings if layer.is_profile is False), key=lambda layer: layer.weight,
                  default=None)
    return Verdict(positive, against)


def _name(findings: list[Findings], allowed: Callable[[Findings, str], bool]) -> tuple[str, str, str | None] | None:
    """(name, source, pronouns): the first layer's cleaned name, unless it is a handle ("ada_obi") and a
    later layer read a person-shaped name ("Ada Obi")."""
    found = []
    for layer in findings:
        raw = layer.fields.get("name")
        if isinstance(raw, str) and allowed(layer, "name") and (name := clean_name(raw)):
            found.append((name.text, layer.source, name.pronouns))
    if not found:
        return None
    if is_handle(found[0][0]):
        return next((item for item in found[1:] if person_shaped(item[0])), found[0])
    return found[0]


def _confidence(findings: list[Findings], sources: dict[str, str], values: dict[str, str]) -> dict[str, float]:
    rated = {layer.source: FIELD_TRUST.get(layer.source, SITE_PROFILE) for layer in findings}
    confidence: dict[str, float] = {}
    for field_name, source in sources.items():
        if source.startswith("derived:"):
            origin = sources.get(source.removeprefix("derived:"), "")
            confidence[field_name] = round(rated.get(origin, HINT) * INFERRED, 2)
            continue
        score = rated.get(source, HINT)
        value = values.get(field_name)
        if value is not None and sum(1 for layer in findings if isinstance(layer.fields.get(field_name), str)
                                     and fold(layer.fields[field_name]) == fold(value)) > 1:
            score += AGREEMENT
        confidence[field_name] = round(min(score, 1.0), 2)
    return confidence


def _key(field: str, value: str) -> str:
    return canonical_url(value) if field == "urls" else fold(value)


def merge(findings: list[Findings], page_url: str) -> ProfileDraft:
    blocked: dict[str, set[str]] = {}
    for layer in findings:
        for field_name, sources in layer.blocks.items():
            blocked.setdefault(field_name, set()).update(sources)

    def allowed(layer: Findings, field_name: str) -> bool:
        return layer.source not in blocked.get(field_name, set())

    values: dict[str, str] = {}
    sources: dict[str, str] = {}
    raw_bio = ""
    pronouns = None
    if named := _name(findings, allowed):
        values["name"], sources["name"], pronouns = named
    for field_name in SCALAR_FIELDS:
        if field_name == "name":
            continue
        for layer in findings:
            raw = layer.fields.get(field_name)
            value = usable_photo(raw) if field_name == "photo_url" else clean(raw) if isinstance(raw, str) else None
            if value and allowed(layer, field_name):
                values[field_name], sources[field_name] = value, layer.source
                raw_bio = raw if field_name == "bio" else raw_bio
                break
    _derive(values, sources, raw_bio)

    verdict = weigh(findings)
    is_profile = verdict.says_profile() and bool(values.get("name"))
    against = verdict.against
    own_url = canonical_url(next((layer.url for layer in findings if layer.url), None) or page_url)

    lists: dict[str, list[str]] = {name: [] for name in LIST_FIELDS}
    if is_profile:
        lists["urls"].append(own_url)
    bio_emails = EMAIL.findall(values.get("bio", ""))
    for field_name in LIST_FIELDS:
        seen = {_key(field_name, item) for item in lists[field_name]}
        for layer in findings:
            if not allowed(layer, field_name):
                continue
            for item in layer.fields.get(field_name, []):
                if field_name == "urls":
                    item = unwrap(item)
                    item = canonical_url(item) if item else None
                item = clean(item)
                if field_name == "emails" and item and not EMAIL.fullmatch(item):
                    continue  # "Sign in to view email" sits where an address would be
                if item and (key := _key(field_name, item)) not in seen:
                    seen.add(key)
                    lists[field_name].append(item)
                    sources.setdefault(field_name, layer.source)
    if not lists["emails"] and bio_emails:  # "reach me at ada@example.org" in their own bio is theirs
        lists["emails"], sources["emails"] = list(dict.fromkeys(bio_emails)), sources["bio"]

    confidence = _confidence(findings, sources, values)
    overall = min(verdict.for_profile, confidence.get("name", 0.0)) if is_profile else 0.0
    return ProfileDraft(url=own_url, is_profile=is_profile,
                        about=None if is_profile or not against else against.about,
                        about_code=None if is_profile or not against else against.about_code,
                        about_name=None if is_profile or not against else against.about_name,
                        about_weight=0.0 if is_profile or not against else against.weight,
                        pronouns=pronouns, **values, **lists, sources=sources,  # type: ignore[arg-type]
                        confidence=round(overall, 2), field_confidence=confidence)
