"""LinkedIn profiles, public and signed-in, 2016 to 2024 layouts, in any interface language.

Found by structure, never by English words: the top card is the part of the page around the first
`h1` that also holds the contact-info link (or a `top-card`/`topcard` hook); sections are found by
their anchor ids (`#about`, `#experience`, `#skills`), which do not change with the interface
language; the photo by LinkedIn's image URL scheme. Class names in the newest layouts are random
strings, so only LinkedIn's design-system names (`text-body-medium`, `pvs-entity__caption-wrapper`)
and attributes (`aria-hidden`, `href`) are relied on. Every label is rendered twice (aria-hidden and
visually-hidden): only the aria-hidden copy is read.
"""

from __future__ import annotations

import re

from bs4 import Tag

from companion.extract.draft import SITE_PROFILE, WEAK, Findings
from companion.extract.page import Page, clean, text_of
from companion.extract.sites import linkedin_state
from companion.extract.sites.common import path_segments

SOURCE = "linkedin"
HOSTS = ("linkedin.com",)
MORE_LAYERS = (linkedin_state,)  # read after this one: the page's embedded state, when the markup fails it
_NOT_PEOPLE = {"company": ("organization_page", "a LinkedIn company page"),
               "school": ("organization_page", "a LinkedIn school page"),
               "showcase": ("organization_page", "a LinkedIn showcase page"),
               "pulse": ("article", "an article on LinkedIn"), "posts": ("post", "a post on LinkedIn"),
               "feed": ("feed", "the LinkedIn feed"), "jobs": ("job", "a LinkedIn job page"),
               "groups": ("group", "a LinkedIn group"), "events": ("event", "a LinkedIn event"),
               "search": ("search_results", "LinkedIn search results")}
_PHOTO = re.compile(r"profile-displayphoto|/mpr/mpr/shrinknp_|/media/p/")
_BACKGROUND_URL = re.compile(r"url\(\s*[\"']?([^\"')]+)")
_TRUNCATED = re.compile(r"\s+(?:\.\.\.|…)$")  # "see more" truncation marks, not the person's words


def _hidden_texts(tag: Tag) -> list[str]:
    """The aria-hidden copies of the labels in `tag`, in order (the visible ones, read once)."""
    texts: list[str] = []
    last: Tag | None = None
    for span in tag.find_all(attrs={"aria-hidden": "true"}):
        if last is not None and last in span.parents:
            continue  # inside the label just read
        last = span
        if (text := clean(span.get_text(" "))) and text != "·":
            texts.append(text)
    return texts


def _top_card(page: Page) -> Tag | None:
    """The profile's header: the section around the first h1 that is marked as the top card or holds
    the contact-info link (a "not found" page has an h1 but neither)."""
    for h1 in page.tags("h1"):
        ancestors = [a for a in h1.parents if isinstance(a, Tag) and a.name not in ("main", "body", "html",
                                                                                       "[document]")]
        for ancestor in ancestors:
            classes = " ".join(ancestor.get("class") or [])
            if ancestor.get("id") == "topcard" or "top-card" in classes and ancestor.name == "section":
                return ancestor
        for ancestor in ancestors:
            if ancestor.find("a", href=re.compile(r"contact-info")):
                section = ancestor if ancestor.name == "section" else ancestor.find_parent("section")
                return section or ancestor
    return None


def _section(page: Page, anchor_id: str) -> Tag | None:
    for anchor in page.where("id", anchor_id) + page.where("id", f"{anchor_id}-section"):
        return anchor if anchor.name == "section" else anchor.find_parent("section")
    return None


def _entries(section: Tag) -> list[Tag]:
    """The top-level entries of a modern profile section (its first list's items)."""
    first_list = section.find("ul")
    return first_list.find_all("li", recursive=False) if first_list else []


def _position_modern(section: Tag) -> tuple[str | None, str | None]:
    """(title, organization) of the first entry: a single role reads title, "Company · Full-time";
    a company with several roles reads company, then its roles, each with its own date caption."""
    entries = _entries(section)
    if not entries:
        return None, None
    entry = entries[0]
    texts = _hidden_texts(entry)
    caption = entry.find(class_="pvs-entity__caption-wrapper")
    nested = caption.find_parent("li") if caption else None
    if nested is not None and nested is not entry and len(texts) >= 3:
        roles = _hidden_texts(nested)
        return (roles[0] if roles else None), texts[0]
    if len(texts) >= 2:
        return texts[0], texts[1].split(" · ")[0]
    return (texts[0] if texts else None), None


def _photo(page: Page, top: Tag) -> str | None:
    """The first picture in the top card that is not the banner: a photo URL, or None when that first
    picture is a placeholder (a private photo). Later pictures are logos and mutual connections."""
    for tag in top.find_all(lambda t: t.name == "img" or "url(" in (t.get("style") or "")):
        if tag.name == "img":
            url = tag.get("src") or tag.get("data-delayed-url") or ""
        else:
            found = _BACKGROUND_URL.search(tag["style"])
            url = found.group(1) if found else ""
        if "background" in " ".join(tag.get("class") or []) or "background" in url:
            continue
        return page.absolute(url) if _PHOTO.search(url) else None
    return None


def _profile_url(page: Page) -> str | None:
    segments = path_segments(page.url)
    if len(segments) >= 2 and segments[0] == "in":
        return f"https://www.linkedin.com/in/{segments[1]}"
    for link in page.tags("a"):
        found = re.match(r"(?:https?://[^/]*linkedin\.com)?/in/([^/?#]+)/(?:overlay|detail)/contact-info",
                         link.get("href") or "")
        if found:
            return f"https://www.linkedin.com/in/{found.group(1)}"
    return None


def read(page: Page) -> Findings:
    findings = Findings(SOURCE)
    findings.blocks = {"bio": {"opengraph"}, "name": {"opengraph"}}  # meta text here is LinkedIn's advert
    segments = path_segments(page.url)
    if segments and segments[0] in _NOT_PEOPLE:
        findings.not_a_profile(*_NOT_PEOPLE[segments[0]])
        return findings
    top = _top_card(page)
    if top is None:
        # No top card: a not-found page, or a layout this adapter does not know. Weak evidence only, so the
        # page's structured data can still name the person.
        findings.not_a_profile("unavailable", "a LinkedIn page without a profile on it (not found, private, or not a person)",
                               weight=WEAK)
        return findings
    findings.profile(SITE_PROFILE)
    findings.url = _profile_url(page)
    # "Julian (Beisenkötter) Amelung": a former name in parentheses is not part of the name to address.
    name = text_of(top.find("h1"))
    findings.set("name", (clean(re.sub(r"\s*\([^)]*\)\s*", " ", name)) or name) if name else None)
    headline = (next(iter(top.find_all(class_="text-body-medium")), None)
                or next((t for t in top.find_all(class_=re.compile("headline"))), None))
    findings.set("headline", text_of(headline))
    location = next(iter(top.find_all(class_=re.compile(r"location|locality"))), None)
    if location is None:
        contact = top.find("a", href=re.compile("contact-info"))
        holder = contact.find_parent(lambda tag: tag.find(class_="text-body-small") is not None) if contact else None
        location = holder.find(class_="text-body-small") if holder else None
    findings.set("location", text_of(location))
    findings.set("photo_url", _photo(page, top) or (page.meta("og:image") if _PHOTO.search(
        page.meta("og:image") or "") else None))

    # Position: the first experience entry (current first), in whichever layout the page has.
    legacy = page.where("data-section", "currentPositionsDetails")
    position = next((tag for tag in legacy if tag.name == "li"), None)
    experience = _section(page, "experience")
    if position is not None:
        findings.set("title", text_of(position.find(class_="item-title")))
        findings.set("organization", text_of(position.find(class_="item-subtitle")))
    elif experience is not None and experience.find(class_=re.compile("pv-entity__summary-info")):
        entry = experience.find(class_=re.compile("pv-entity__summary-info"))
        findings.set("title", text_of(entry.find("h3")))
        findings.set("organization", text_of(entry.find(class_="pv-entity__secondary-title")))
    elif experience is not None:
        title, organization = _position_modern(experience)
        findings.set("title", title)
        findings.set("organization", organization)
    if "organization" not in findings.fields:
        findings.set("organization", text_of(next(iter(top.find_all(class_=re.compile("company-name"))), None)))

    # About / summary.
    summary = (next(iter(page.with_class_part("summary-text")), None)
               or (page.where("id", "summary")[0].find(class_="description") if page.where("id", "summary") else None))
    about = _section(page, "about")
    if summary is not None:
        findings.set("bio", _TRUNCATED.sub("", summary.get_text("\n").strip()))
    elif about is not None:
        texts = _hidden_texts(about)
        findings.set("bio", max(texts[1:], key=len) if len(texts) > 1 else None)

    # Skills.
    skills = [text_of(tag) for tag in page.with_class("skill")
              if tag.name == "li" and not {"see-more", "see-less"} & set(tag.get("class") or [])]
    skills += [text_of(tag) for tag in page.with_class_part("skill-category-entity__name")
               if tag.name != "span" and not tag.find_parent(class_=re.compile("skill-category-entity__name"))]
    section = _section(page, "skills")
    if section is not None and not skills:
        skills = [texts[0] for entry in _entries(section) if (texts := _hidden_texts(entry))]
    findings.set("skills", [skill for skill in skills if skill])

    # Contact info (shown on the page when its overlay was open): websites and the profile link.
    for block in page.with_class_part("contact-info"):
        for link in block.find_all("a", href=True):
            href = link["href"]
            if href.startswith("http") and "linkedin.com/in/" not in href:
                findings.fields.setdefault("urls", []).append(href)
    return findings
