"""schema.org JSON-LD: a Person (top level, in `@graph`, a ProfilePage's `mainEntity`/`about`/`author`, in
arrays), or the non-person a page is about (an Organization, an article) for the not-a-profile answer."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

from companion.extract.draft import Findings
from companion.extract.page import Page, clean

log = logging.getLogger(__name__)

SOURCE = "json-ld"
_PERSON = {"person"}
_PROFILE_PAGE = {"profilepage"}
_ARTICLE = {"article", "newsarticle", "blogposting", "scholarlyarticle", "report", "techarticle", "socialmediaposting"}
_ORGANIZATION = {"organization", "corporation", "localbusiness", "educationalorganization", "ngo", "brand",
                 "collegeoruniversity", "governmentorganization", "onlinebusiness"}


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
    findings.set("location", _place(node.get("homeLocation")) or _place(node.get("address")))
    findings.set("bio", clean(node.get("description")) if isinstance(node.get("description"), str) else None)
    findings.set("photo_url", page.absolute(_image(node.get("image"))))
    emails = [e.removeprefix("mailto:") for e in strings_of(node.get("email"))]
    findings.set("emails", emails)
    links = strings_of(node.get("url")) + strings_of(node.get("sameAs")) + strings_of(node.get("relatedLink"))
    findings.set("urls", [url for url in (as_link(page, link) for link in links) if url])
    findings.set("skills", strings_of(node.get("knowsAbout")))


def _profile_subject(nodes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The Person a ProfilePage is about, with the page's own links (X puts the website in relatedLink)."""
    for node in nodes:
        if types_of(node) & _PROFILE_PAGE:
            for key in ("mainEntity", "about", "author"):
                candidate = _first(node.get(key))
                if isinstance(candidate, dict) and types_of(candidate) & _PERSON:
                    return {**candidate, "relatedLink": strings_of(candidate.get("relatedLink"))
                            + strings_of(node.get("relatedLink"))}
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
    """Precedence: a ProfilePage's person; else an article (its author's Person node, as SEO plugins
    add one, is not what the page is about); else a top-level Person; else an organization."""
    findings = Findings(SOURCE)
    nodes = nodes_of(page)
    person = _profile_subject(nodes)
    article = next((node for node in nodes if types_of(node) & _ARTICLE), None)
    if person is None and article is not None:
        author = text_value(article.get("author"))
        findings.not_a_profile("article", f"an article{' by ' + author if author else ''}", author or None)
        return findings
    person = person or next((node for node in nodes if types_of(node) & _PERSON), None)
    if person is not None:
        findings.is_profile = True
        person_fields(person, page, findings)
        return findings
    organization = next((node for node in nodes if types_of(node) & _ORGANIZATION), None)
    if organization is not None:
        name = text_value(organization.get("name"))
        findings.not_a_profile("organization", f"an organization ({name or 'unnamed'})", name or None)
    return findings
