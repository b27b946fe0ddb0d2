"""Stack Overflow (and other Stack Exchange) user pages, `/users/<id>/<name>`: name, location, about,
website and avatar, read from the profile header's structure."""

from __future__ import annotations

import re

from companion.extract.draft import SITE_PROFILE, Findings
from companion.extract.page import Page, text_of
from companion.extract.sites.common import path_segments

SOURCE = "stackoverflow"
HOSTS = ("stackoverflow.com", "stackexchange.com", "superuser.com", "serverfault.com", "askubuntu.com")


def read(page: Page) -> Findings:
    findings = Findings(SOURCE)
    segments = path_segments(page.url)
    if len(segments) < 2 or segments[0] != "users" or not segments[1].isdigit():
        findings.not_a_profile("site_page", "a Stack Overflow page that is not a user's profile")
        return findings
    findings.profile(SITE_PROFILE)
    findings.url = page.url.split("?")[0]
    header = next(iter(page.where("id", "user-card") + page.where("id", "mainbar-full")), None) or page.soup
    name = header.find(class_=re.compile(r"fs-headline2|profile-user--name"))
    findings.set("name", text_of(name))
    avatar = header.find("img", src=True)
    if avatar is not None:
        findings.set("photo_url", page.absolute(avatar["src"]))
    for icon in header.find_all(class_=re.compile(r"iconLocation|icon-location")):
        holder = icon.find_parent(class_=re.compile(r"flex--item"))
        if holder is not None:
            findings.set("location", text_of(holder))
            break
    for icon in header.find_all(class_=re.compile(r"iconLink|icon-site")):
        holder = icon.find_parent(class_=re.compile(r"flex--item"))
        link = holder.find("a", href=True) if holder else None
        if link is not None:
            findings.set("urls", [page.absolute(link["href"])])
            break
    about = next(iter(page.with_class("js-about-me-content") + page.with_class("profile-user--about")), None)
    if about is not None:
        findings.set("bio", about.get_text("\n").strip())
    findings.blocks = {"bio": {"opengraph"}}
    return findings
