"""microformats h-card, read by mf2py, only when the page has one (IndieWeb homepages, Mastodon, blogs),
and its classic form (`vcard`, `fn`, `org`: mf2py reads it as backcompat), from the one tree.

The representative card is the one whose URL is the page's. Without one, cards in the chrome, a sidebar
or a comment (page.elsewhere), and cards nested in another item (an h-entry's author describes the
author of a post, not the page), are not the page's subject. What else the cards say is evidence too:
a post (h-entry) with no card of the page is an article by its author, and a list of several people's
cards is a listing, not one person's page."""

from __future__ import annotations

from typing import Any

from bs4 import Tag

from companion.extract.draft import CARD, HINT, Findings
from companion.extract.page import Page, clean, elsewhere, text_of
from companion.urls import canonical_url

SOURCE = "h-card"
_CARD = ("h-card", "vcard")
_ITEM = ["h-entry", "hentry", "h-card", "vcard", "h-cite", "h-review", "hreview", "h-event", "vevent"]
_ENTRY = ("h-entry", "hentry")
_LISTING = 3  # this many people's cards, none of them the page's: a directory, search results, a team


def _first(props: dict[str, list[Any]], *names: str) -> str | None:
    for name in names:
        for value in props.get(name, []):
            if isinstance(value, dict):
                value = value.get("value") or (value.get("properties", {}).get("name") or [None])[0]
            if isinstance(value, str) and (text := clean(value)):
                return text
    return None


def _all(props: dict[str, list[Any]], name: str) -> list[str]:
    values = (v.get("value") if isinstance(v, dict) else v for v in props.get(name, []))
    return [v for v in values if isinstance(v, str) and v.strip()]


_PLACE = ("locality", "region", "country-name")


def _locality(props: dict[str, list[Any]], root: Tag) -> str | None:
    """"Locality, region, country", from the card or its address; for a classic `adr`, whose parts mf2py
    folds into one name, from the card's markup."""
    for holder in (props, *(adr.get("properties", {}) for adr in props.get("adr", []) if isinstance(adr, dict))):
        parts = [_first(holder, key) for key in _PLACE]
        if any(parts):
            return ", ".join(part for part in parts if part)
    if not props.get("adr"):
        return None
    parts = [text_of(root.find(class_=[key, f"p-{key}"])) for key in _PLACE]
    return ", ".join(part for part in parts if part) or None


def _roots(page: Page, classes: tuple[str, ...]) -> list[Tag]:
    """Elements with one of `classes` that are not inside another microformats item, in document order."""
    found = {id(tag): tag for name in classes for tag in page.with_class(name)}
    roots = [tag for tag in found.values() if not tag.find_parent(class_=_ITEM)]
    return sorted(roots, key=lambda tag: page.position(tag))


def _parse(page: Page, roots: list[Tag]) -> list[tuple[Tag, dict[str, Any]]]:
    # Imported here: mf2py pulls in requests and html5lib (a third of a second), and most pages have no
    # h-card, so the companion should not pay for it at start.
    import mf2py

    cards = []
    for root in roots[:12]:
        parsed = mf2py.parse(doc=root, url=page.base_url, filter_roots=False)
        cards.extend((root, item) for item in parsed.get("items", []) if "h-card" in item.get("type", []))
    return cards


def _entry_author(entry: Tag) -> str | None:
    for author in entry.find_all(class_=["p-author", "author"]):
        named = author.find(class_=["p-name", "fn"])
        if text := text_of(named if named is not None else author):
            return text
    return None


def read(page: Page) -> Findings:
    findings = Findings(SOURCE)
    roots = _roots(page, _CARD)
    entries = _roots(page, _ENTRY)
    if not roots and not entries:
        return findings
    cards = _parse(page, roots) if roots else []
    page_keys = {canonical_url(page.url)} | {canonical_url(url) for url in page.canonical_urls()}
    at_page = next((item for _, item in cards
                    if any(canonical_url(url) in page_keys for url in map(page.absolute, _all(item["properties"], "url"))
                           if url)), None)
    if at_page is None and entries:
        author = _entry_author(entries[0])
        findings.not_a_profile("article", f"a post{' by ' + author if author else ''}", author, weight=CARD)
        return findings
    subjects = [item for root, item in cards if not elsewhere(root)]
    if at_page is None and len(subjects) >= _LISTING:
        findings.not_a_profile("search_results", "a list of people", weight=HINT)
        return findings
    card = at_page or (subjects[0] if subjects else None)
    if card is None:
        return findings
    root = next(tag for tag, item in cards if item is card)
    props = card["properties"]
    findings.set("name", _first(props, "name"))
    findings.set("title", _first(props, "job-title", "role", "title"))
    findings.set("organization", _first(props, "org"))
    findings.set("location", _locality(props, root) or _first(props, "adr", "label"))
    findings.set("bio", _first(props, "note"))
    photo = props.get("photo", [None])[0]
    findings.set("photo_url", page.absolute(photo.get("value") if isinstance(photo, dict) else photo))
    findings.set("emails", [e.removeprefix("mailto:") for e in _all(props, "email")])
    findings.set("phones", [t.removeprefix("tel:") for t in _all(props, "tel")])
    findings.set("urls", [u for u in map(page.absolute, _all(props, "url")) if u])
    findings.set("interests", _all(props, "category"))
    if findings.fields.get("name"):
        findings.profile(CARD if card is at_page else HINT)
    return findings
