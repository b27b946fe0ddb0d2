"""OpenGraph, `profile:` and Twitter-card meta tags, the author meta and `rel=author`, and the canonical
link: the last resort for name, bio and photo, and the page's own URL. Titles carry site chrome
("(3) Ada Lovelace | LinkedIn", "Ada (@ada) / X"), which names.name_from_title cuts off; a description
that is the site's own sentence about the page is no bio."""

from __future__ import annotations

from urllib.parse import urlsplit

from companion.extract.draft import HINT, WEAK, Findings
from companion.extract.names import is_boilerplate, name_from_title
from companion.extract.page import Page, clean, text_of

SOURCE = "opengraph"
_NOT_PEOPLE = {"article": "article", "video.other": "media", "video.movie": "media", "video.episode": "media",
               "music.song": "media", "music.album": "media", "product": "product", "book": "product"}


def canonical(page: Page) -> str | None:
    return next(iter(page.canonical_urls()), None)


def author(page: Page) -> str | None:
    """Who wrote the page: the author meta, else the text of a visible rel=author link."""
    named = page.meta("author", "article:author", "twitter:creator")
    if named and not named.startswith(("http://", "https://", "@")):
        return named
    for link in page.where("rel", "author"):
        if link.name == "a" and (text := text_of(link)):
            return text
    return None


def read(page: Page) -> Findings:
    findings = Findings(SOURCE)
    og_type = (page.meta("og:type") or "").lower()
    if og_type in _NOT_PEOPLE:
        by = author(page) if og_type == "article" else None
        words = f"an {og_type}" if og_type[0] in "aeiou" else f"a {og_type}"
        # A hint: themes set og:type=article on every page of a site, the owner's about page too.
        findings.not_a_profile(_NOT_PEOPLE[og_type], words + (f" by {by}" if by else ""), by, weight=HINT)
    if og_type == "profile":
        first, last = page.meta("profile:first_name"), page.meta("profile:last_name")
        findings.set("name", " ".join(p for p in (first, last) if p) or None)
        # og:type=profile is set for brands' and channels' accounts too; a first and last name is a person.
        findings.profile(HINT if first and last else WEAK)
    findings.set("name", findings.fields.get("name")
                 or name_from_title(page.meta("og:title", "twitter:title"), page.meta("og:site_name")))
    description = page.meta("og:description", "twitter:description", "description")
    findings.set("bio", None if is_boilerplate(description) else clean(description))
    findings.set("photo_url", page.absolute(page.meta("og:image", "og:image:url", "twitter:image",
                                                      "twitter:image:src")))
    own = canonical(page)
    findings.set("urls", [own] if own else [])
    if own and _host(own) == _host(page.url):
        findings.url = own  # the page's own word for its address (/u/ada, not /u/ada/summary)
    return findings


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")
