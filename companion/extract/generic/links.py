"""Links that say something about the person: `rel=me` (their other profiles), `mailto:` and `tel:`,
including Cloudflare's obfuscated addresses."""

from __future__ import annotations

import re
from urllib.parse import unquote

from companion.extract.draft import Findings
from companion.extract.page import Page, clean
from companion.urls import on_social_network, path_segments

SOURCE = "links"
EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


_USER_PREFIXES = {"in", "profile", "users", "user", "u", "people", "c", "channel"}  # linkedin.com/in/ada, bsky.app/profile/ada
_NOT_A_USER = re.compile(r"/(?:intent|share|sharing|sharer|status|posts|pulse|company|hashtag|search)\b")


def profile_links(page: Page) -> list[str]:
    """Links to profiles on known networks (a user's page, not a share button or a post): on a person's
    own site, their other profiles."""
    found = []
    for tag in page.tags("a"):
        url = page.absolute(tag.get("href"))
        if url and on_social_network(url):
            segments = path_segments(url)
            user_page = len(segments) == 1 or len(segments) == 2 and segments[0] in _USER_PREFIXES
            if user_page and not _NOT_A_USER.search(url):
                found.append(url)
    return found


def decode_cfemail(hex_text: str) -> str | None:
    """Cloudflare's email protection: hex bytes, each XORed with the first one."""
    try:
        data = bytes.fromhex(hex_text)
    except ValueError:
        return None
    if len(data) < 2:
        return None
    decoded = bytes(byte ^ data[0] for byte in data[1:]).decode("utf-8", errors="ignore")
    found = EMAIL.search(decoded)
    return found.group(0) if found else None


def mailto_address(href: str) -> str | None:
    address = unquote(href[len("mailto:"):]).split("?", 1)[0].split(",", 1)[0].strip()
    found = EMAIL.fullmatch(address)
    return found.group(0) if found else None


def read(page: Page) -> Findings:
    findings = Findings(SOURCE)
    emails: list[str] = []
    phones: list[str] = []
    for tag in page.tags("a"):
        href = (tag.get("href") or "").strip()
        lower = href[:20].lower()
        if lower.startswith("mailto:"):
            if address := mailto_address(href):
                emails.append(address)
        elif lower.startswith("tel:"):
            if number := clean(unquote(href[4:])):
                phones.append(number)
        elif "/cdn-cgi/l/email-protection#" in href:
            if address := decode_cfemail(href.rsplit("#", 1)[1]):
                emails.append(address)
    for tag in page.with_class("__cf_email__"):
        if address := decode_cfemail(tag.get("data-cfemail", "")):
            emails.append(address)
    findings.set("emails", emails)
    findings.set("phones", phones)
    findings.set("urls", [url for tag in page.where("rel", "me") if (url := page.absolute(tag.get("href")))])
    return findings
