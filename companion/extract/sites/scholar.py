"""Google Scholar author profiles (`/citations?user=`): name, affiliation, interests, verified domain.

Search results list authors too, but only a profile page has the profile header (`#gsc_prf`)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from companion.extract.draft import SITE_PROFILE, WEAK, Findings
from companion.extract.page import Page, text_of

SOURCE = "scholar"
HOSTS = ("scholar.google.com",)


def read(page: Page) -> Findings:
    findings = Findings(SOURCE)
    header = next(iter(page.where("id", "gsc_prf_in")), None)
    user = parse_qs(urlsplit(page.url).query).get("user", [None])[0]
    if not user:
        findings.not_a_profile("search_results", "Google Scholar results, not an author's profile")
        return findings
    if header is None:  # an author's address, a layout this adapter does not know: the other layers decide
        findings.not_a_profile("unavailable", "a Google Scholar page without an author's profile on it", weight=WEAK)
        return findings
    findings.profile(SITE_PROFILE)
    findings.url = f"https://scholar.google.com/citations?user={user}"
    findings.set("name", text_of(header))
    lines = page.with_class("gsc_prf_il")
    if lines:
        affiliation = text_of(lines[0])
        findings.set("headline", affiliation)
        if affiliation and "," in affiliation:
            title, _, organization = affiliation.partition(",")
            findings.set("title", title.strip())
            findings.set("organization", organization.strip())
        else:
            findings.set("organization", affiliation)
    findings.set("interests", [t for a in page.with_class("gsc_prf_inta") if (t := text_of(a))])
    for photo in page.where("id", "gsc_prf_pup-img"):
        if "avatar_scholar" not in (photo.get("src") or ""):  # Scholar's stand-in for "no photo"
            findings.set("photo_url", page.absolute(photo.get("src")))
    for verified in page.where("id", "gsc_prf_ivh"):
        findings.set("urls", [url for a in verified.find_all("a", href=True) if (url := page.absolute(a["href"]))])
    findings.blocks = {"bio": {"opengraph"}, "photo_url": {"opengraph"}}
    return findings
