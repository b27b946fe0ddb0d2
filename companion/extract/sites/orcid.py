"""ORCID records (`orcid.org/0000-0002-1825-0097`): the iD is the identity; names and links come from
the record's structured data and meta tags, which the generic layers read."""

from __future__ import annotations

import re

from companion.extract.draft import SITE_PROFILE, Findings
from companion.extract.page import Page, text_of
from companion.extract.sites.common import path_segments

SOURCE = "orcid"
HOSTS = ("orcid.org",)
_ORCID_ID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def read(page: Page) -> Findings:
    findings = Findings(SOURCE)
    segments = path_segments(page.url)
    if not segments or not _ORCID_ID.match(segments[0]):
        findings.not_a_profile("site_page", "an ORCID page that is not a researcher's record")
        return findings
    findings.profile(SITE_PROFILE)
    findings.url = f"https://orcid.org/{segments[0]}"
    for name in page.with_class("full-name") + page.where("id", "names"):
        if text := text_of(name):
            findings.set("name", text)
            break
    for biography in page.where("id", "biography") + page.with_class("biography"):
        findings.set("bio", biography.get_text("\n").strip())
        break
    for keyword in page.with_class("keyword") + page.where("id", "keywords"):
        findings.fields.setdefault("interests", []).extend(
            part.strip() for part in (text_of(keyword) or "").split(",") if part.strip())
    for websites in page.where("id", "websites") + page.with_class("websites"):
        findings.fields.setdefault("urls", []).extend(
            url for a in websites.find_all("a", href=True) if (url := page.absolute(a["href"])))
    return findings
