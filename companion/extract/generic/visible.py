"""What the page shows when it declares nothing: the main heading, the title, the address, and elements
named by a vocabulary of class names sites share (`full-name`, `user-location`, `bio`...).

A weak page (a portfolio whose only statement of its owner is the title and heading, a speaker page, a
forum user page) still gives the person, at HINT: when the address is a person's (a site's root or
about page, or `/people/<slug>`, `/u/<slug>`, `/~name`) and two readings of the name agree (the
heading, the title, the address's slug or domain, a name-classed element). A search address is a hint
the other way. Nothing here is specific to one site."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from bs4 import Tag

from companion.extract.draft import HINT, Findings
from companion.extract.generic.links import profile_links
from companion.extract.names import clean_name, is_section, name_from_title, person_shaped, title_parts
from companion.extract.page import Page, elsewhere, text_of
from companion.text import fold
from companion.urls import is_home_path, path_segments

SOURCE = "visible"
# Path sections that hold one person per page: /people/ada-obi, /u/ada_obi/summary, /speakers/mina.
_PERSON_SECTIONS = {"u", "user", "users", "people", "person", "members", "member", "profile", "profiles", "speakers",
                    "speaker", "team", "staff", "faculty", "author", "authors", "artists", "artist", "contributors",
                    "experts", "researchers", "students", "about-us"}
_TAIL = {"summary", "about", "profile", "activity", "bio", "overview", "index.html"}  # /u/ada/summary
_SEARCH_PARAMS = {"q", "query", "search", "keyword", "keywords", "s", "term"}
# Class tokens sites give a person's fields, in order of preference.
_CLASSES = {
    "name": ("full-name", "fullname", "display-name", "displayname", "profile-name", "real-name", "realname",
             "person-name", "user-fullname", "member-name", "speaker-name", "profile__name", "p-name", "fn"),
    "headline": ("headline", "tagline", "user-title", "profile-headline", "profile-tagline", "subtitle"),
    "title": ("job-title", "jobtitle", "position-title", "p-job-title"),
    "location": ("user-location", "profile-location", "location", "p-locality", "locality"),
    "bio": ("bio", "user-bio", "profile-bio", "about-me", "biography", "p-note"),
}


def _classed(page: Page, field: str) -> str | None:
    for token in _CLASSES[field]:
        for tag in page.with_class(token):
            if not elsewhere(tag) and (text := text_of(tag)):
                return text
    return None


def _address(url: str) -> tuple[str, str] | None:
    """("home", domain) or ("section", slug) when the address is a person's page, else None."""
    segments = path_segments(url)
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    while len(segments) > 1 and segments[-1].lower() in _TAIL:
        segments = segments[:-1]
    if is_home_path(segments):
        return "home", host.split(".")[0]
    if segments[-1].startswith("~"):
        return "section", segments[-1][1:]
    if len(segments) >= 2 and segments[-2].lower() in _PERSON_SECTIONS:
        return "section", segments[-1]
    return None


def _letters(text: str) -> str:
    return re.sub(r"[\W\d_]+", "", fold(text))


def _heading(page: Page) -> Tag | None:
    return next((h1 for h1 in page.tags("h1") if not elsewhere(h1)), None)


def _is_search(url: str) -> bool:
    parts = urlsplit(url)
    return any(key.lower() in _SEARCH_PARAMS and value for key, value in parse_qsl(parts.query)) or \
        "search" in parts.path.lower().split("/")


def _title_rest(title: str | None, name: str) -> str | None:
    """"Sara Ahmed — Illustrator" on a site's home page: what the title says after the owner's name."""
    parts = title_parts(title)
    if len(parts) == 2 and fold(parts[0]) == fold(name) and not person_shaped(parts[1]) and not is_section(parts[1]):
        return parts[1]
    return None


def read(page: Page) -> Findings:
    findings = Findings(SOURCE)
    if _is_search(page.url):
        findings.not_a_profile("search_results", "search results", weight=HINT)
        return findings
    title_tag = page.tags("title")[0] if page.tags("title") else None
    title = text_of(title_tag)
    site = page.meta("og:site_name")
    heading = _heading(page)
    readings = {
        "classed": _classed(page, "name"),
        "heading": text_of(heading) if heading is not None else None,
        "title": name_from_title(title, site),
    }
    names = {key: cleaned.text for key, value in readings.items() if value and (cleaned := clean_name(value))}
    name = next((value for value in names.values() if person_shaped(value)), None)
    if name is None:
        return findings
    findings.set("name", name)
    for field in ("headline", "title", "location", "bio"):
        findings.set(field, _classed(page, field))
    address = _address(page.url)
    if address is None:
        return findings
    agree = sum(1 for value in names.values() if fold(value) == fold(name))
    agree += _letters(address[1]) == _letters(name)
    if agree < 2:
        return findings
    findings.profile(HINT)
    if address[0] == "home":  # a person's own site: the title's tail and the links to their other profiles
        findings.set("headline", findings.fields.get("headline") or _title_rest(title, name))
        findings.set("urls", profile_links(page))
    return findings
