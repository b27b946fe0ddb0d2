"""schema.org microdata: the Person a page is about (the fullest top-level Person item), or the
Organization it is about when a person appears only as one of its properties (a founder, an employee)."""

from __future__ import annotations

from bs4 import Tag

from companion.extract.draft import CARD, HINT, Findings
from companion.extract.page import Page, clean, elsewhere, text_of

SOURCE = "microdata"


def _scope(tag: Tag) -> Tag | None:
    """The item a property belongs to: the nearest itemscope above it."""
    return tag.find_parent(attrs={"itemscope": True})


def _value(page: Page, tag: Tag) -> str | None:
    """A property's value as microdata defines it per element."""
    if "itemscope" in tag.attrs:
        name = next((t for t in tag.find_all(attrs={"itemprop": "name"}) if _scope(t) is tag), None)
        return text_of(name) if name is not None else text_of(tag)
    if tag.name == "meta":
        return clean(tag.get("content"))
    if tag.name in ("a", "link", "area"):
        return page.absolute(tag.get("href"))
    if tag.name in ("img", "audio", "video", "source", "embed", "iframe"):
        return page.absolute(tag.get("src"))
    if tag.name in ("time", "data", "meter"):
        return clean(tag.get("datetime") or tag.get("value")) or text_of(tag)
    return clean(tag.get("content")) or text_of(tag)


def _properties(page: Page, scope: Tag) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for tag in page.having("itemprop"):
        if _scope(tag) is scope and (value := _value(page, tag)):
            for prop in tag["itemprop"].split():
                values.setdefault(prop, []).append(value)
    return values


_SUBJECT_OF_PAGE = {"mainentity", "about"}  # a WebPage's or ProfilePage's property naming what it is about
_PAGES = ("schema.org/profilepage", "schema.org/webpage", "schema.org/aboutpage")


def _is_subject(tag: Tag) -> bool:
    """Not a property of another item, or the mainEntity/about of a page item (a ProfilePage's person)."""
    if "itemprop" not in tag.attrs:
        return True
    owner = _scope(tag)
    owner_type = (owner.get("itemtype") or "").rstrip("/").lower() if owner is not None else ""
    return bool(set(tag["itemprop"].lower().split()) & _SUBJECT_OF_PAGE) and owner_type.endswith(_PAGES)


def _typed(page: Page, kind: str) -> list[Tag]:
    """Top-level items of a schema.org type (or a page item's subject), not in the site's chrome."""
    return [tag for tag in page.having("itemscope")
            if (tag.get("itemtype") or "").rstrip("/").lower().endswith(f"schema.org/{kind}")
            and _is_subject(tag) and not elsewhere(tag)]


def read(page: Page) -> Findings:
    findings = Findings(SOURCE)
    people = _typed(page, "person")
    if not people:
        organization = next(iter(_typed(page, "organization") + _typed(page, "corporation")), None)
        if organization is not None:
            name = _value(page, organization)
            findings.not_a_profile("organization", f"an organization ({name or 'unnamed'})", name, weight=HINT)
        return findings
    # A page can hold several Person items (a sticky header's small card, the profile's own): the
    # fullest is the page's subject.
    values = max((_properties(page, person) for person in people[:10]), key=len)

    def first(*props: str) -> str | None:
        return next((values[p][0] for p in props if p in values), None)

    findings.set("name", first("name") or " ".join(v for v in (first("givenName"), first("familyName")) if v))
    findings.set("title", first("jobTitle"))
    findings.set("organization", first("worksFor", "affiliation"))
    findings.set("location", first("homeLocation", "address", "addressLocality"))
    findings.set("bio", first("description"))
    findings.set("photo_url", first("image"))
    findings.set("emails", [v.removeprefix("mailto:") for v in values.get("email", [])])
    findings.set("urls", [v for p in ("url", "sameAs") for v in values.get(p, []) if v.startswith("http")])
    findings.set("skills", values.get("knowsAbout", []))
    if findings.fields.get("name"):
        findings.profile(CARD)
    return findings
