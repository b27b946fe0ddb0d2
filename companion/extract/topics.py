"""What a page is about, as a few topic words, to match it with people's interests. Pure.

Read from what authors and sites declare: meta keywords, `article:tag`, JSON-LD `keywords` / `about` /
`genre`, GitHub's topic tags, and rel=tag links. Prose is not mined: a declared topic is a claim the
page makes about itself, a frequent word is not.
"""

from __future__ import annotations

import re

from companion.extract.generic.jsonld import nodes_of, strings_of
from companion.extract.page import Page, clean

LIMIT = 20


def topics(page: Page) -> list[str]:
    found: list[str] = []
    for key in ("keywords", "news_keywords"):
        for tag in page.where("name", key):
            if tag.name == "meta":
                found += re.split(r"[,،;]", tag.get("content") or "")
    for tag in page.where("property", "article:tag"):
        found.append(tag.get("content") or "")
    for node in nodes_of(page):
        for key in ("keywords", "about", "genre"):
            value = node.get(key)
            found += re.split(r"[,،;]", value) if isinstance(value, str) else strings_of(value)
    for tag in page.with_class("topic-tag") + page.where("rel", "tag"):
        found.append(tag.get_text(" "))
    kept: dict[str, str] = {}
    for item in found:
        text = clean(item)
        if text and len(text) <= 60:
            kept.setdefault(text.casefold(), text)
    return list(kept.values())[:LIMIT]
