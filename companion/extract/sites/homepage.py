"""Personal homepages and any other site: a page is someone's own when it sits at the root (or an
about page) of a site whose structured data names a Person as its author, or that links the
person's other profiles with rel=me. The generic layers read the fields; this adds what only a
homepage says (the site's name is its owner's name, the avatar shown near the top)."""

from __future__ import annotations

import re
from typing import Any

from companion.extract.draft import CARD, Findings
from companion.extract.generic.jsonld import nodes_of, strings_of, text_value, types_of
from companion.extract.generic.links import profile_links
from companion.extract.names import person_shaped
from companion.extract.page import Page
from companion.urls import is_home_path, path_segments

SOURCE = "homepage"
HOSTS: tuple[str, ...] = ()
_AVATAR = re.compile(r"avatar|profile|headshot|portrait|author|photo", re.IGNORECASE)


def _site_owner(page: Page) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(site node, its Person author or publisher) from the page's JSON-LD, when there is one."""
    for node in nodes_of(page):
        if types_of(node) & {"website", "webpage", "aboutpage", "profilepage"}:
            for key in ("author", "publisher", "creator", "about"):
                owner = node.get(key)
                owner = owner[0] if isinstance(owner, list) and owner else owner
                if isinstance(owner, dict) and "person" in types_of(owner):
                    return node, owner
    return None


def read(page: Page) -> Findings:
    findings = Findings(SOURCE)
    segments = path_segments(page.url)
    if not is_home_path(segments):
        return findings
    owner = _site_owner(page)
    rel_me = [tag for tag in page.where("rel", "me") if tag.get("href")]
    if owner is None and len(rel_me) < 2:
        return findings
    findings.profile(CARD)  # an inference from the site's shape, not the site's word
    if owner is not None:
        site, person = owner
        site_name = text_value(site.get("name"))
        person_name = text_value(person.get("name"))
        # The Person node often carries a handle ("kikobeats") and the site its owner's display name.
        name = site_name if site_name and person_shaped(site_name) else person_name
        findings.set("name", name)
        findings.set("bio", text_value(site.get("description")) or text_value(person.get("description")))
        # Visible links to the owner's profiles beat structured data, which goes stale unseen.
        findings.set("urls", profile_links(page) or [url for url in map(
            page.absolute, strings_of(person.get("sameAs")) + strings_of(site.get("sameAs"))) if url])
    else:
        findings.set("urls", profile_links(page))
    for img in page.tags("img")[:40]:
        label = " ".join([img.get("alt") or "", " ".join(img.get("class") or []), img.get("src") or ""])
        if _AVATAR.search(label) and (src := page.absolute(img.get("src"))):
            findings.set("photo_url", src)
            break
    return findings
