"""schema.org JSON-LD: a Person (top level, in `@graph`, a ProfilePage's `mainEntity`/`about`/`author`, in
arrays), or the non-person a page is about (an Organization, an article) for the not-a-profile answer."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

from companion.extract.draft import CARD, HINT, SITE_PROFILE, STRUCTURED, Findings
from companion.extract.page import Page, clean

log = logging.getLogger(__name__)

SOURCE = "json-ld"
_PERSON = {"person"}
# Types music and art sites give a solo artist's own page: a person in Tend's sense, less surely than Person.
_PERSON_LIKE = {"musicgroup", "performinggroup"}
_PROFILE_PAGE = {"profilepage"}
_WEB_PAGE = {"webpage", "aboutpage", "itempage", "profilepage"}  # a page whose mainEntity or about is its subject
_ARTICLE = {"article", "newsarticle", "blogposting", "scholarlyarticle", "report", "techarticle", "socialmediaposting",
            "posting", "liveblogposting", "opinionnewsarticle", "reviewnewsarticle", "analysisnewsarticle"}
_ORGANIZATION = {"organization", "corporation", "localbusiness", "educationalorganization", "ngo", "brand",
                 "collegeoruniversity", "governmentorganization", "onlinebusiness"}
# Pages about a thing, whose people (a guest, an asker, a cast) are not what the page is.
_NOT_PEOPLE = {"qapage": "post", "question": "post", "discussionforumposting": "post",
               "podcastepisode": "media", "episode": "media", "videoobject": "media", "audioobject": "media",
               "musicrecording": "media", "movie": "media", "tvepisode": "media", "event": "event",
               "product": "product", "book": "product", "recipe": "article", "course": "product",
               "jobposting": "job", "searchresultspage": "search_results", "collectionpage": "site_page"}


def types_of(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type", ())
    kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
    return {k.rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}


def _load(text: str) -> Any:
    """Parse a JSON-LD block, forgiving what sites get wrong: raw newlines inside strings, a trailing
    semicolon, HTML comment wrappers, an extra closing brace. Anything else is skipped by the caller."""
    text = text.strip().removeprefix("<!--").removesuffix("-->").strip().rstrip(";").strip()
    try:
        return json.loads(text, strict=False)
    except ValueError:
        value, _ = json.JSONDecoder(strict=False).raw_decode(text)  # stops after the first value
        return value


def _nodes(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every top-level node: array items and `@graph` members are top level too."""
    if depth > 3:
        return
    if isinstance(value, list):
        for item in value:
            yield from _nodes(item, depth + 1)
    elif isinstance(value, dict):
        if "@graph" in value:
            yield from _nodes(value["@graph"], depth + 1)
        if "@type" in value:
            yield value


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def text_value(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return clean(value) if isinstance(value, str) else None


def _image(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("contentUrl") or value.get("url") or value.get("@id")
    return value if isinstance(value, str) else None


def _place(value: Any) -> str | None:
    """A Place or PostalAddress (or a Place's address) as "locality, region, country", or its name."""
    value = _first(value)
    if not isinstance(value, dict):
        return text_value(value)
    address = value.get("address") if isinstance(value.get("address"), dict) else value
    parts = [text_value(address.get(k)) for k in ("addressLocality", "addressRegion", "addressCountry")]
    return ", ".join(p for p in parts if p) or text_value(value)


def strings_of(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [item for item in (text_value(i) if isinstance(i, dict) else i for i in items) if isinstance(item, str)]


_BARE_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)+(?:/|$)")


def as_link(page: Page, value: str) -> str | None:
    """A link from structured data: "twitch.tv/ada" (no scheme) is a site, not a path on this one."""
    value = value.strip()
    return "https://" + value if _BARE_DOMAIN.match(value) else page.absolute(value)


def person_fields(node: dict[str, Any], page: Page, findings: Findings) -> None:
    """Person's schema.org properties onto Tend's field names."""
    name = text_value(node.get("name"))
    if not name:
        given, family = text_value(node.get("givenName")), text_value(node.get("familyName"))
        name = " ".join(part for part in (given, family) if part) or None
    findings.set("name", name)
    findings.set("title", text_value(node.get("jobTitle")))
    findings.set("organization", text_value(node.get("worksFor")) or text_value(node.get("affiliation")))
    findings.set("location", _place(node.get("homeLocation")) or _place(node.get("address"))
                 or _place(node.get("foundingLocation")))
    findings.set("bio", clean(node.get("description")) if isinstance(node.get("description"), str) else None)
    findings.set("photo_url", page.absolute(_image(node.get("image"))))
    emails = [e.removeprefix("mailto:") for e in strings_of(node.get("email"))]
    findings.set("emails", emails)
    links = strings_of(node.get("url")) + strings_of(node.get("sameAs")) + strings_of(node.get("relatedLink"))
    findings.set("urls", [url for url in (as_link(page, link) for link in links) if url])
    findings.set("skills", strings_of(node.get("knowsAbout")))


def _person(value: Any, kinds: set[str] = _PERSON) -> dict[str, Any] | None:
    candidate = _first(value)
    return candidate if isinstance(candidate, dict) and types_of(candidate) & kinds else None


def _page_subject(nodes: list[dict[str, Any]]) -> tuple[dict[str, Any], float] | None:
    """The person a page says it is about, and how surely: a ProfilePage's mainEntity/about/author (with
    the page's own links: X puts the website in relatedLink), else a WebPage's mainEntity or about."""
    for node in nodes:
        kinds = types_of(node)
        if not kinds & _WEB_PAGE:
            continue
        keys = ("mainEntity", "about", "author") if kinds & _PROFILE_PAGE else ("mainEntity", "about")
        for key in keys:
            if (candidate := _person(node.get(key), _PERSON | _PERSON_LIKE)) is not None:
                sure = SITE_PROFILE if kinds & _PROFILE_PAGE else STRUCTURED
                return ({**candidate, "relatedLink": strings_of(candidate.get("relatedLink"))
                         + strings_of(node.get("relatedLink"))}, sure if types_of(candidate) & _PERSON else CARD)
    return None


def nodes_of(page: Page) -> list[dict[str, Any]]:
    """Every top-level node of every JSON-LD block that parses; the others are skipped. Parsed once per
    page: this layer, the homepage adapter and the topics of a kept page all read them."""
    if "json-ld" in page.memo:
        return page.memo["json-ld"]
    nodes: list[dict[str, Any]] = []
    for script in page.where("type", "application/ld+json"):
        try:
            nodes.extend(_nodes(_load(script.get_text())))
        except (ValueError, RecursionError) as error:
            log.info("skipping a JSON-LD block that is not JSON: %s", error)
    page.memo["json-ld"] = nodes
    return nodes


def read(page: Page) -> Findings:
    """Precedence: the person a page says it is about; else an article (its author's Person node, as SEO
    plugins add one, is not what the page is about) or another non-person thing (an episode, a question);
    else a top-level Person (or a solo artist's MusicGroup); else an organization."""
    findings = Findings(SOURCE)
    nodes = nodes_of(page)
    subject = _page_subject(nodes)
    if subject is not None:
        findings.profile(subject[1])
        person_fields(subject[0], page, findings)
        return findings
    article = next((node for node in nodes if types_of(node) & _ARTICLE), None)
    if article is not None:
        author = text_value(article.get("author"))
        findings.not_a_profile("article", f"an article{' by ' + author if author else ''}", author or None,
                               weight=STRUCTURED)
        return findings
    thing = next((node for node in nodes if types_of(node) & _NOT_PEOPLE.keys()), None)
    if thing is not None:
        kind = next(iter(types_of(thing) & _NOT_PEOPLE.keys()))
        findings.not_a_profile(_NOT_PEOPLE[kind], f"a {kind} page", weight=STRUCTURED)
        return findings
    person = next((node for node in nodes if types_of(node) & _PERSON), None)
    artist = next((node for node in nodes if types_of(node) & _PERSON_LIKE), None)
    if person is not None or artist is not None:
        findings.profile(CARD if person is not None else HINT)
        person_fields(person or artist, page, findings)  # type: ignore[arg-type]
        return findings
    organization = next((node for node in nodes if types_of(node) & _ORGANIZATION), None)
    if organization is not None:
        name = text_value(organization.get("name"))
        # Sites describe their publisher on every page, so an Organization alone is a hint, not the subject.
        findings.not_a_profile("organization", f"an organization ({name or 'unnamed'})", name or None, weight=HINT)
    return findings
