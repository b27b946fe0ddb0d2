"""Mastodon and other fediverse servers (any host can run one): recognised by the page itself, through
its ActivityPub alternate link or a `profile:username` of the form user@server."""

from __future__ import annotations

import re

from companion.extract.draft import SITE_PROFILE, Findings
from companion.extract.page import Page, text_of
from companion.extract.sites.common import path_segments

SOURCE = "mastodon"
HOSTS: tuple[str, ...] = ()
# Mastodon 3 puts counts before the bio in its description: "12 Posts, 5 Following, 3 Followers · bio".
_COUNTS_THEN_BIO = re.compile(r"^[^·]*\d[^·]*·\s*(.*)$", re.DOTALL)


def recognizes(page: Page) -> bool:
    activity = any(tag.name == "link" and (tag.get("type") or "").startswith("application/activity+json")
                   for tag in page.where("rel", "alternate"))
    return activity or "@" in (page.meta("profile:username") or "")


def read(page: Page) -> Findings:
    findings = Findings(SOURCE)
    segments = path_segments(page.url)
    if not segments or not segments[0].startswith("@") and segments[0] != "users":
        return findings
    if len(segments) > (1 if segments[0].startswith("@") else 2):
        findings.not_a_profile("post", "a post on a fediverse server")
        return findings
    findings.profile(SITE_PROFILE)
    findings.blocks = {"bio": {"opengraph"}}  # the description mixes counts into the bio; read it here
    for holder in page.with_class("public-account-header__tabs__name") + page.with_class("account__header__tabs__name"):
        heading = holder.find("h1")
        if heading is not None:
            handle = heading.find("small")
            if handle is not None:
                handle.extract()
            findings.set("name", text_of(heading))
            break
    bio = next(iter(page.with_class("account__header__content") + page.with_class("p-note")), None)
    if bio is not None:
        findings.set("bio", bio.get_text("\n").strip())
    else:
        description = page.meta("og:description", "description") or ""
        counts = _COUNTS_THEN_BIO.match(description)
        findings.set("bio", counts.group(1).strip() if counts else description)
    for avatar in page.with_class("account__avatar") + page.with_class("u-photo"):
        source = avatar.get("src") or avatar.get("data-original")
        if source:
            findings.set("photo_url", page.absolute(source))
            break
    return findings
