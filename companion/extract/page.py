"""One parsed page: the soup, its URL, and an index built in one walk so layers never rescan the tree.

Why an index: every `find_all` walks the whole document, and a dense profile page has tens of thousands
of elements. The budget is "handling a capture costs at most 1.3x one parse", so the page is walked once
here and every layer looks up what it needs (scripts by type, elements by itemprop, class, id, rel...).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from functools import cached_property
from typing import Any
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag
from bs4.dammit import EncodingDetector

_SPACE = re.compile(r"\s+")
# Characters a page can hide in text that carry no meaning for a name or title: bidi controls and
# marks (U+200E/F, U+202A-E, U+2066-9) and BOM. ZWNJ (U+200C) is kept: Persian spelling needs it.
_INVISIBLE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# Attributes indexed by value; class is indexed per token.
_INDEXED = ("id", "itemprop", "rel", "property", "name", "data-testid", "data-e2e", "data-section", "type", "typeof")
_INDEXED_SET = frozenset((*_INDEXED, "class", "itemscope"))


# What no layer reads and a parse pays for, cut before parsing (the lean capture drops the same): the
# drawing inside an `svg` (its tag and class stay: sites mark fields with icons) and comments (Ember
# leaves thousands of `<!---->` placeholders). Nodes are what a parse costs: a 950 KB LinkedIn page is
# parsed and read in the time of a bare parse of it. Scripts and styles stay: one text node each.
_SVG = re.compile(r"(<svg\b[^>]*>).*?(</svg\s*>)", re.S | re.I)
# Only short comments with no markup or JSON in them: inside a script "<!--" is text, and JSON-LD is
# sometimes wrapped in a comment (jsonld._load unwraps it), so neither may be cut.
_COMMENT = re.compile(r"<!--[^<>{}]{0,200}?-->")
_MANY_COMMENTS = 100  # fewer cost the parse less than looking for them


def without_unread(html: str) -> str:
    if html.count("<!--") > _MANY_COMMENTS:
        html = _COMMENT.sub("", html)
    return _SVG.sub(r"\1\2", html) if "<svg" in html else html


def clean(text: str | None) -> str | None:
    """NFC (pages mix composed and decomposed letters: "ü" must equal "ü"), white space collapsed,
    invisible controls dropped; None for nothing visible."""
    if text is None:
        return None
    text = _SPACE.sub(" ", _INVISIBLE.sub("", unicodedata.normalize("NFC", text))).strip()
    return text or None


def decode(html: str | bytes) -> str:
    """Text from whatever was captured: bytes are decoded by BOM, then <meta charset>, then UTF-8, so a
    page saved in windows-1256 or a mislabelled one still yields text instead of an error."""
    if isinstance(html, str):
        return html
    declared = EncodingDetector.find_declared_encoding(html[:4096], is_html=True, search_entire_document=False)
    bom = EncodingDetector.strip_byte_order_mark(html)
    if bom[1]:
        return bom[0].decode(bom[1], errors="replace")
    for encoding in (declared, "utf-8"):
        if not encoding:
            continue
        try:
            return html.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return html.decode("windows-1252", errors="replace")


class _IndexingSoup(BeautifulSoup):
    """BeautifulSoup (lxml) that hands each element to `on_tag` as it is created."""

    def __init__(self, markup: str, on_tag: Callable[[Tag], None]) -> None:
        self._on_tag = on_tag  # set first: the parse runs inside BeautifulSoup.__init__
        super().__init__(markup, "lxml")

    def handle_starttag(self, *args: Any, **kwargs: Any) -> Tag | None:
        tag = super().handle_starttag(*args, **kwargs)
        if tag is not None:
            self._on_tag(tag)
        return tag


class Page:
    """A parsed page and what layers ask of it. Built once per capture; read-only afterwards."""

    def __init__(self, html: str | bytes, url: str) -> None:
        self.url = url
        self._by_name: dict[str, list[Tag]] = defaultdict(list)
        self._by_class: dict[str, list[Tag]] = defaultdict(list)
        self._by_attr: dict[tuple[str, str], list[Tag]] = defaultdict(list)
        self._with_attr: dict[str, list[Tag]] = defaultdict(list)
        self._position: dict[int, int] = {}
        self.memo: dict[str, Any] = {}  # what several layers read and one computes (the parsed JSON-LD)
        self.soup = _IndexingSoup(without_unread(decode(html)), self._index)

    def _index(self, tag: Tag) -> None:
        """Called for every element as the parser creates it: the index costs no second walk."""
        self._position[id(tag)] = len(self._position)
        self._by_name[tag.name].append(tag)
        attrs = tag.attrs
        if not attrs:
            return
        for attr in _INDEXED_SET.intersection(attrs):  # most elements have one or two attributes
            value = attrs[attr]
            if attr == "class":
                for token in value:
                    self._by_class[token].append(tag)
                continue
            self._with_attr[attr].append(tag)
            if attr == "itemscope":
                continue
            lower = attr in ("rel", "type")
            for item in value if isinstance(value, list) else value.split():
                self._by_attr[(attr, item.lower() if lower else item)].append(tag)

    # -- lookups (document order) ----------------------------------------------------------------
    def position(self, tag: Tag) -> int:
        """Where `tag` is in the document (its order among elements)."""
        return self._position.get(id(tag), 0)

    def canonical_urls(self) -> list[str]:
        """The page's own addresses besides its URL: the canonical link and og:url."""
        found = [url for link in self.where("rel", "canonical") if link.name == "link"
                 and (url := self.absolute(link.get("href")))]
        og = self.meta("og:url")
        return found + ([url] if og and (url := self.absolute(og)) else [])

    def tags(self, name: str) -> list[Tag]:
        return self._by_name.get(name, [])

    def with_class(self, token: str) -> list[Tag]:
        return self._by_class.get(token, [])

    def with_class_part(self, part: str) -> list[Tag]:
        """Elements having a class token that contains `part` (BEM names such as `pv-top-card__name`)."""
        found: list[Tag] = []
        for token, tags in self._by_class.items():
            if part in token:
                found.extend(tags)
        unique = {id(tag): tag for tag in found}
        return sorted(unique.values(), key=lambda tag: self._position[id(tag)])

    def where(self, attr: str, value: str) -> list[Tag]:
        return self._by_attr.get((attr, value), [])

    def having(self, attr: str) -> list[Tag]:
        return self._with_attr.get(attr, [])

    def meta(self, *keys: str) -> str | None:
        """The first non-empty <meta property|name=key content> for the first key that has one."""
        for key in keys:
            for attr in ("property", "name"):
                for tag in self.where(attr, key):
                    if tag.name == "meta" and (content := clean(tag.get("content"))):
                        return content
        return None

    def absolute(self, href: str | None) -> str | None:
        """An absolute http(s) URL for `href` relative to the page (and its <base>), else None."""
        href = clean(href)
        if not href or href.startswith(("data:", "javascript:", "blob:")):
            return None
        try:
            absolute = urljoin(self.base_url, href)
        except ValueError:
            return None
        return absolute if absolute.startswith(("http://", "https://")) else None

    @cached_property
    def base_url(self) -> str:
        for tag in self.tags("base"):
            if tag.get("href"):
                try:
                    return urljoin(self.url, tag["href"])
                except ValueError:
                    break
        return self.url


# Parts of a page that are about someone else: the signed-in viewer in the site's chrome, sidebars of
# "people also viewed" and suggestions, the authors of comments and replies. A person's card inside one
# is not the page's subject. Class and id tokens, matched whole or as a BEM part ("global-nav__me").
_ELSEWHERE_TAGS = {"nav", "aside"}
_ELSEWHERE_ROLES = {"navigation", "complementary"}
_ELSEWHERE_WORDS = ("current-user", "currentuser", "viewer", "signed-in", "signedin", "logged-in", "account-menu",
                    "user-menu", "usermenu", "global-nav", "also-viewed", "people-also", "browsemap", "pymk",
                    "suggestions", "recommended", "related", "sidebar", "comments", "comment", "replies", "reply")


def elsewhere(tag: Tag) -> bool:
    """Whether `tag` sits in a part of the page about someone other than its subject."""
    for node in (tag, *tag.parents):
        if not isinstance(node, Tag) or node.name in ("body", "html", "main", "[document]"):
            break
        if node.name in _ELSEWHERE_TAGS or node.get("role") in _ELSEWHERE_ROLES:
            return True
        tokens = [*(node.get("class") or ()), node.get("id") or "", node.get("aria-label") or ""]
        if any(word in token.lower() for token in tokens if token for word in _ELSEWHERE_WORDS):
            return True
    return False


def text_of(tag: Tag | None) -> str | None:
    """The visible text of `tag`, whitespace-normalised. Screen-reader duplicates (LinkedIn renders each
    label twice: aria-hidden and visually-hidden) are dropped when the tag has both."""
    if tag is None:
        return None
    visible = tag.find_all(attrs={"aria-hidden": "true"}, recursive=True)
    if visible and tag.find(class_="visually-hidden"):
        return clean(" ".join(part.get_text(" ") for part in visible))
    return clean(tag.get_text(" "))
