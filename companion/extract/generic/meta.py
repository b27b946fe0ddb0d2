"""OpenGraph, `profile:` and Twitter-card meta tags, and the canonical link: the last resort for name,
bio and photo, and the page's own URL. Titles carry site chrome ("(3) Ada Lovelace | LinkedIn",
"Ada (@ada) / X"), which is cut off."""

from __future__ import annotations

import re

from companion.extract.draft import Findings
from companion.extract.page import Page, clean

SOURCE = "opengraph"
_NOTIFICATION_COUNT = re.compile(r"^\(\d+\+?\)\s*")
_HANDLE = re.compile(r"\s*\(@[^)]*\)")
_SITE_SEPARATOR = re.compile(r"\s+[|·•/–—-]\s+")


def title_name(title: str | None) -> str | None:
    """The person's name from a page title: no unread count, no "(@handle)", nothing after a separator."""
    if not title:
        return None
    title = _NOTIFICATION_COUNT.sub("", title)
    title = _SITE_SEPARATOR.split(title, maxsplit=1)[0]
    return clean(_HANDLE.sub("", title))


def canonical(page: Page) -> str | None:
    for link in page.where("rel", "canonical"):
        if link.name == "link" and (url := page.absolute(link.get("href"))):
            return url
    return page.meta("og:url")


def read(page: Page) -> Findings:
    findings = Findings(SOURCE)
    og_type = (page.meta("og:type") or "").lower()
    if og_type in ("article", "video.other", "video.movie", "music.song", "product", "book"):
        code = "article" if og_type == "article" else "product" if og_type in ("product", "book") else "media"
        findings.not_a_profile(code, f"an {og_type}" if og_type[0] in "aeiou" else f"a {og_type}")
    if og_type == "profile":
        first, last = page.meta("profile:first_name"), page.meta("profile:last_name")
        findings.set("name", " ".join(p for p in (first, last) if p) or None)
    findings.set("name", findings.fields.get("name") or title_name(page.meta("og:title", "twitter:title")))
    findings.set("bio", page.meta("og:description", "twitter:description", "description"))
    findings.set("photo_url", page.absolute(page.meta("og:image", "og:image:url", "twitter:image",
                                                      "twitter:image:src")))
    own = canonical(page)
    findings.set("urls", [url for url in (page.absolute(own),) if url])
    return findings
