"""RDFa: schema.org (`vocab="https://schema.org/" typeof="Person" property="name"`) and FOAF
(`typeof="foaf:Person" property="foaf:name" rel="foaf:mbox"`), as university, CMS and old academic pages
write them, read from the one tree (no second parser). The page's person is the fullest top-level Person
item; its properties become a schema.org node that jsonld.person_fields maps, so RDFa and JSON-LD mean
the same thing field for field."""

from __future__ import annotations

from typing import Any

from bs4 import Tag

from companion.extract.draft import CARD, HINT, Findings
from companion.extract.generic.jsonld import person_fields
from companion.extract.page import Page, clean, elsewhere, text_of

SOURCE = "rdfa"
# The vocabularies read, by the IRIs they are written with.
_VOCABULARIES = {"http://schema.org/": "schema", "https://schema.org/": "schema", "http://xmlns.com/foaf/0.1/": "foaf"}
# FOAF's words for what schema.org calls otherwise; None: not the person's own (a workplace's homepage).
_FOAF_AS_SCHEMA = {"img": "image", "depiction": "image", "mbox": "email", "homepage": "url", "weblog": "sameAs",
                   "account": "sameAs", "holdsAccount": "sameAs", "givenname": "givenName", "family_name": "familyName",
                   "familyName": "familyName", "givenName": "givenName", "name": "name",
                   "workplaceHomepage": None, "knows": None}
_LINKED = ("href", "src", "resource")
_DEPTH = 2


def _vocab(tag: Tag) -> str:
    for node in (tag, *tag.parents):
        if isinstance(node, Tag) and node.get("vocab"):
            return str(node["vocab"])
    return ""


def _expand(term: str, tag: Tag) -> tuple[str, str] | None:
    """("schema" or "foaf", local name) for a typeof or property term: an IRI, "foaf:name", or "name"
    under a `vocab`; None for any other vocabulary."""
    if term.startswith(("http://", "https://")):
        return next(((vocab, term[len(base):]) for base, vocab in _VOCABULARIES.items() if term.startswith(base)), None)
    if ":" in term:
        prefix, local = term.split(":", 1)
        return (prefix.lower(), local) if prefix.lower() in _VOCABULARIES.values() else None
    vocab = _VOCABULARIES.get(_vocab(tag))
    return (vocab, term) if vocab else None


def _kinds(tag: Tag) -> set[str]:
    return {found[1].lower() for term in str(tag.get("typeof") or "").split() if (found := _expand(term, tag))}


def _scope(tag: Tag) -> Tag | None:
    return tag.find_parent(attrs={"typeof": True})


def _value(page: Page, tag: Tag, depth: int) -> Any:
    if tag.get("typeof") is not None:
        return _properties(page, tag, depth + 1) if depth < _DEPTH else text_of(tag)
    if tag.get("content") is not None:
        return clean(tag["content"])
    for attr in _LINKED:
        if tag.get(attr):
            return page.absolute(tag[attr]) or clean(tag[attr])
    return text_of(tag)


def _properties(page: Page, item: Tag, depth: int = 0) -> dict[str, Any]:
    """The item's properties as a schema.org node: nested items as dicts, repeated properties as lists."""
    node: dict[str, Any] = {}
    for tag in item.find_all(lambda t: t.get("property") is not None or t.get("rel") is not None):
        if _scope(tag) is not item:
            continue
        rel = tag.get("rel") or []
        rel = rel.split() if isinstance(rel, str) else rel  # a list only on the elements HTML defines rel for
        terms = str(tag.get("property") or "").split() + [term for term in rel if ":" in term]
        for term in terms:
            found = _expand(term, tag)
            if found is None:
                continue
            vocab, local = found
            name = _FOAF_AS_SCHEMA.get(local, local) if vocab == "foaf" else local
            if name and (value := _value(page, tag, depth)):
                node.setdefault(name, []).append(value)
    return {key: values[0] if len(values) == 1 else values for key, values in node.items()}


def read(page: Page) -> Findings:
    findings = Findings(SOURCE)
    items = [tag for tag in page.having("typeof") if _scope(tag) is None and not elsewhere(tag)]
    if not items:
        return findings
    people = [tag for tag in items if "person" in _kinds(tag)]
    if not people:
        thing = next((tag for tag in items if _kinds(tag) & {"article", "blogposting", "organization"}), None)
        if thing is not None:
            kind = "article" if _kinds(thing) & {"article", "blogposting"} else "organization"
            findings.not_a_profile(kind, f"an {kind}", weight=HINT)
        return findings
    node = max((_properties(page, person) for person in people[:10]), key=len)
    person_fields(node, page, findings)
    if findings.fields.get("name"):
        findings.profile(CARD)
    return findings
