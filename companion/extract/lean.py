"""The lean capture: the part of a page extraction reads, so a save sends and parses kilobytes, not megabytes.

This is the reference implementation of the documented capture format (README, "Capture format");
the extension's content script builds the same from the live DOM. A lean capture is an HTML document:

* `<head>` with only `title`, `base`, the `meta` tags of OpenGraph, `profile:`, Twitter cards,
  description/author/generator and the charset, `link` (canonical, alternate, me), and JSON-LD scripts;
* `<body>` with the profile region (the `main` element that holds the page's first `h1`, else the
  whole body), plus every JSON-LD script, `rel=me` and `rel=author` link, microformats root (`h-card`,
  `vcard`, `h-entry`, `hentry`), microdata (`itemprop`, schema.org Person) and RDFa item (`typeof`)
  outside that region; where the region is a card per topic marked by an
  anchor id (LinkedIn's `#about`, `#experience`, `#recommendations`...), only the card with the `h1`
  and the `#about`, `#experience` and `#skills` cards;
* the people and places of an embedded state (LinkedIn's `<code>` blocks) in one `<code hidden>` block;
* no `script` (other than JSON-LD), `style`, `noscript`, `iframe`, `template`, media or comments, and
  every `svg` emptied (its class stays: sites mark fields with icons such as `iconLocation`);
* only the attributes extraction reads (`_KEEP_ATTRS`: ids, classes, links, sources, microdata, RDFa,
  `role`, `aria-hidden`/`aria-label`, a few `data-` hooks); no `srcset`, `data-*` state or `tabindex`.

Extraction gives the same draft for a page and its lean capture (tests/extract/test_lean.py).
"""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup, Comment, Tag

from companion.extract.sites.linkedin_state import entities, kept

_DROP = ("script", "style", "noscript", "iframe", "template", "canvas", "video", "audio", "object")
_HEAD_KEEP = {"title", "base", "meta", "link", "script"}
_LINK_RELS = {"canonical", "alternate", "me"}
_META_NAMES = {"description", "author", "generator"}
_SECTION_ANCHORS = {"about", "experience", "skills"}
_ANY_ANCHOR = re.compile(r"^(?:about|experience|education|skills|recommendations|interests|projects|languages|"
                         r"courses|honors_and_awards|volunteering_experience|licenses_and_certifications|"
                         r"publications|recent_activity|featured|organizations|patents|test_scores)$")
# Attributes extraction reads; every other one (data-*, tabindex, aria-* but two, srcset...) is dropped.
_KEEP_ATTRS = {"id", "class", "href", "src", "alt", "title", "rel", "type", "content", "name", "property",
               "itemprop", "itemscope", "itemtype", "datetime", "value", "style", "dir", "lang", "charset",
               "http-equiv", "aria-hidden", "aria-label", "data-testid", "data-e2e", "data-section", "data-cfemail",
               "data-delayed-url", "typeof", "vocab", "resource", "about", "prefix", "role"}
_SPACE_RUN = re.compile(r"[ \t\f\v]{2,}")
_BLANK_RUN = re.compile(r"[ \t\f\v]*[\r\n]\s*")


def _is_jsonld(tag: Tag) -> bool:
    return tag.name == "script" and (tag.get("type") or "").lower() == "application/ld+json"


def _strip(root: Tag) -> None:
    for tag in root.find_all(_DROP):
        if not _is_jsonld(tag):
            tag.decompose()
    for svg in root.find_all("svg"):
        svg.clear()
    for tag in root.find_all(True):
        if any(name not in _KEEP_ATTRS for name in tag.attrs):
            tag.attrs = {name: value for name, value in tag.attrs.items() if name in _KEEP_ATTRS}
    for comment in root.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()


def _useful_meta(tag: Tag) -> bool:
    key = (tag.get("property") or tag.get("name") or "").lower()
    return ("charset" in tag.attrs or "http-equiv" in tag.attrs or key in _META_NAMES
            or key.startswith(("og:", "profile:", "twitter:", "article:")))


_STRUCTURED_CLASSES = {"h-card", "vcard", "h-entry", "hentry"}


def _structured(tag: Tag) -> bool:
    """Markup that describes the person wherever it sits: JSON-LD, rel=me and rel=author, microformats
    (h-card, classic vcard, the h-entry a post is), microdata, RDFa items."""
    rel = tag.get("rel") or []
    return (_is_jsonld(tag) or "me" in rel or "author" in rel or bool(_STRUCTURED_CLASSES & set(tag.get("class") or []))
            or "itemprop" in tag.attrs or "typeof" in tag.attrs
            or "schema.org/person" in (tag.get("itemtype") or "").lower())


def _drop_unread_sections(region: Tag, heading: Tag | None) -> None:
    """On pages built as a card per topic, each marked by an anchor id (LinkedIn: #about, #experience,
    #skills, #education, #recommendations...), keep the card with the heading and the cards extraction
    reads; the rest (activity, recommendations, interests) is most of the page and none of the person."""
    cards = [tag for tag in region.find_all("section") if tag.find_parent("section") is None]
    anchored = {id(card): {tag.get("id") for tag in card.find_all(id=True)} & _SECTION_ANCHORS for card in cards}
    if sum(1 for card in cards if card.find(id=_ANY_ANCHOR)) < 3:
        return  # not a page of topic cards
    for card in cards:
        if not anchored[id(card)] and (heading is None or heading not in card.descendants):
            if card.find(id=_ANY_ANCHOR) is not None:
                card.decompose()


def state_entities(soup: BeautifulSoup) -> str | None:
    """The people and places of the page's embedded state (LinkedIn's `<code>` blocks), as one small
    block of the same shape: the blocks are hundreds of kilobytes, the entities a few."""
    found = [entity for entity in entities(code.get_text() for code in soup.find_all("code")) if kept(entity)]
    if not found:
        return None
    text = json.dumps({"included": found}, ensure_ascii=False, separators=(",", ":"))
    return "<code hidden>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</code>"


def lean_capture(html: str) -> str:
    soup = BeautifulSoup(html, "lxml")
    state = state_entities(soup)
    head = soup.head or soup.new_tag("head")
    kept_head = []
    for tag in head.find_all(True, recursive=False):
        if tag.name not in _HEAD_KEEP or (tag.name == "script" and not _is_jsonld(tag)):
            continue
        if tag.name == "link" and not _LINK_RELS & {rel.lower() for rel in tag.get("rel") or []}:
            continue
        if tag.name == "meta" and not _useful_meta(tag):
            continue  # sites keep app state in meta tags (LinkedIn: 130 KB of JSON)
        kept_head.append(str(tag))
    head.extract()
    first_h1 = soup.find("h1")
    region = next((main for main in soup.find_all("main") if first_h1 is None or first_h1 in main.descendants),
                  None)
    if region is None:  # no main, or the heading lies outside it (a malformed page): keep everything
        region = soup
    outside = []
    if region is not soup:
        for tag in soup.find_all(_structured):
            if region not in tag.parents and tag is not region and not any(
                    kept in tag.parents for kept in outside):
                outside.append(tag)
    _strip(region)
    for tag in outside:
        _strip(tag)
    _drop_unread_sections(region, first_h1)
    inner = region.decode_contents() if region is soup else str(region)
    parts = ["<!DOCTYPE html><html><head>", *kept_head, "</head><body>", inner, *map(str, outside),
             *([state] if state else []), "</body></html>"]
    # Indentation is most of a pretty-printed page; a line break is kept (bios have lines).
    return _BLANK_RUN.sub("\n", _SPACE_RUN.sub(" ", "".join(parts)))
