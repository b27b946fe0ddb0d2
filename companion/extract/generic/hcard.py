"""microformats2 h-card, read by mf2py, only when the page has one (IndieWeb homepages, Mastodon, blogs).

The representative h-card is the one whose URL is the page's, else the first one that is not nested
inside another item (an h-entry's author card describes the author of a post, not the page)."""

from __future__ import annotations

from typing import Any

from companion.extract.draft import Findings
from companion.extract.page import Page, clean
from companion.urls import canonical_url

SOURCE = "h-card"


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


def read(page: Page) -> Findings:
    findings = Findings(SOURCE)
    roots = [tag for tag in page.with_class("h-card") if not tag.find_parent(class_=["h-entry", "h-card", "h-cite"])]
    if not roots:
        return findings
    # Imported here: mf2py pulls in requests and html5lib (a third of a second), and most pages have no
    # h-card, so the companion should not pay for it at start.
    import mf2py

    page_key = canonical_url(page.url)
    cards = []
    for root in roots[:5]:
        parsed = mf2py.parse(doc=root, url=page.base_url, filter_roots=False)
        cards.extend(item for item in parsed.get("items", []) if "h-card" in item.get("type", []))
    if not cards:
        return findings
    card = next((c for c in cards if any(canonical_url(u) == page_key for u in _all(c["properties"], "url"))),
                cards[0])
    props = card["properties"]
    findings.set("name", _first(props, "name"))
    findings.set("title", _first(props, "job-title", "role"))
    findings.set("organization", _first(props, "org"))
    locality = ", ".join(v for v in (_first(props, "locality"), _first(props, "region"),
                                     _first(props, "country-name")) if v)
    findings.set("location", locality or _first(props, "adr", "label"))
    findings.set("bio", _first(props, "note"))
    photo = props.get("photo", [None])[0]
    findings.set("photo_url", page.absolute(photo.get("value") if isinstance(photo, dict) else photo))
    findings.set("emails", [e.removeprefix("mailto:") for e in _all(props, "email")])
    findings.set("phones", [t.removeprefix("tel:") for t in _all(props, "tel")])
    findings.set("urls", [u for u in map(page.absolute, _all(props, "url")) if u])
    findings.set("interests", _all(props, "category"))
    if findings.fields.get("name"):
        findings.is_profile = True
    return findings
