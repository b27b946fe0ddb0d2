"""X (Twitter) profiles: the React page's `data-testid` hooks, beside its ProfilePage JSON-LD.

Links in bios are t.co-wrapped; the visible text is the real address, so the bio is read as shown.
"""

from __future__ import annotations

import re

from companion.extract.draft import SITE_PROFILE, Findings
from companion.extract.page import Page, clean
from companion.extract.sites.common import path_segments

SOURCE = "twitter"
HOSTS = ("twitter.com", "x.com")
_RESERVED = {"home", "explore", "search", "i", "settings", "notifications", "messages", "hashtag", "intent",
             "share", "login", "signup", "tos", "privacy"}
_SIZE = re.compile(r"_(?:normal|bigger|mini|x96|200x200)(\.\w+)$")


def _shown(tag) -> str | None:  # type: ignore[no-untyped-def]
    """Text as displayed: link texts joined to their surroundings without invented spaces."""
    return clean(tag.get_text("")) if tag is not None else None


def read(page: Page) -> Findings:
    findings = Findings(SOURCE)
    segments = path_segments(page.url)
    if not segments or segments[0].lower() in _RESERVED:
        findings.not_a_profile("site_page", "an X page that is not a profile")
        return findings
    if len(segments) >= 3 and segments[1] == "status":
        findings.not_a_profile("post", "a post on X")
        return findings
    findings.url = f"https://{'x.com' if 'x.com' in page.url else 'twitter.com'}/{segments[0]}"
    user_name = next(iter(page.where("data-testid", "UserName")), None)
    if user_name is not None:
        findings.profile(SITE_PROFILE)
        first = next((span for span in user_name.find_all("span") if clean(span.get_text(""))), None)
        findings.set("name", _shown(first))
    description = next(iter(page.where("data-testid", "UserDescription")), None)
    findings.set("bio", description.get_text("") if description is not None else None)  # keep its lines
    findings.set("location", _shown(next(iter(page.where("data-testid", "UserLocation")), None)))
    website = _shown(next(iter(page.where("data-testid", "UserUrl")), None))
    if website:
        findings.set("urls", [website if "://" in website else f"https://{website}"])
    for img in page.tags("img"):
        src = img.get("src") or ""
        if "/profile_images/" in src and img.find_parent(attrs={"data-testid": re.compile("UserAvatar")}) is not None:
            findings.set("photo_url", _SIZE.sub(r"_400x400\1", src))
            break
    # The page's description and og:image are X's generic ones on newer pages.
    findings.blocks = {"photo_url": {"opengraph"}, "bio": {"opengraph"}}
    return findings
