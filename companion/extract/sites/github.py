"""GitHub user pages (2012 to 2021 layouts): the vcard, the bio, the avatar; repositories are not people."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from companion.extract.draft import SITE_PROFILE, Findings
from companion.extract.page import Page, text_of
from companion.extract.sites.common import path_segments

SOURCE = "github"
HOSTS = ("github.com",)
# First path segments that are GitHub's own pages, not user names.
_RESERVED = {"orgs", "settings", "explore", "topics", "marketplace", "features", "about", "login", "join",
             "search", "notifications", "pulls", "issues", "sponsors", "collections", "trending", "enterprise",
             "pricing", "security", "site", "apps", "organizations", "new", "codespaces", "events"}


def _avatar_size(url: str) -> int:
    """The pixel size an avatar URL asks for; no size means the original, the largest."""
    size = parse_qs(urlsplit(url).query).get("s", [""])[0].split("?")[0]
    return int(size) if size.isdigit() else 10_000


def read(page: Page) -> Findings:
    findings = Findings(SOURCE)
    segments = path_segments(page.url)
    if len(segments) != 1 or segments[0].lower() in _RESERVED:
        if len(segments) >= 2:
            findings.not_a_profile("repository", "a repository page")
        else:
            findings.not_a_profile("site_page", "a GitHub page that is not a person's")
        return findings
    person = next((tag for tag in page.having("itemscope")
                   if "person" in (tag.get("itemtype") or "").lower()), None)
    if person is None and not page.with_class("vcard-names"):
        return findings  # an organization page, or a layout this adapter does not know: generic layers decide
    findings.profile(SITE_PROFILE)
    findings.blocks = {"bio": {"opengraph"}}  # without a bio GitHub describes the repositories instead
    for bio in page.with_class("user-profile-bio"):
        findings.set("bio", bio.get_text("\n").strip())
        break
    scope = person or page.soup
    avatars = [img["src"] for img in scope.find_all("img", src=True)
               if {"avatar-user", "avatar"} & set(img.get("class") or []) and "githubusercontent" in img["src"]]
    if avatars:
        findings.set("photo_url", page.absolute(max(avatars, key=_avatar_size)))
    findings.set("name", text_of(next(iter(page.with_class("vcard-fullname")), None)))
    # The vcard details, read directly: in some layouts they sit outside the Person item's element.
    details = {prop: next((t for t in page.where("itemprop", prop) if t.name == "li"), None)
               for prop in ("worksFor", "homeLocation", "url")}
    findings.set("organization", text_of(details["worksFor"]))
    findings.set("location", text_of(details["homeLocation"]))
    link = details["url"].find("a", href=True) if details["url"] is not None else None
    findings.set("urls", [url for url in (page.absolute(link["href"]) if link else None,) if url])
    # Hidden edit forms (the owner's own view) repeat every field: only the visible vcard counts, which
    # the microdata layer reads; the website link is rel=me, which the links layer reads.
    return findings
