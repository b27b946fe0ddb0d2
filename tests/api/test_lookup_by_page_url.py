"""The page the user is on finds the person saved from it: for every golden profile (one or more per site
adapter), the page's own address, and that address as the user's tab may show it (tracking parameters, the
interface language, a trailing slash), looks up the person the capture saved. Without it the on-page card
never shows and a one-click log from that page fails although the person is stored."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import pytest

from companion.extract import extract
from tests.conftest import Api
from tests.extract.test_golden import GOLDENS

CAPTURES = "/api/v1/captures"
SAVED_UNASKED = sorted(slug for slug, golden in GOLDENS.items()
                       if golden.expected["is_profile"] and extract(golden.html, golden.url).confidence >= 0.6)


def as_the_tab_shows_it(url: str) -> list[str]:
    parts = urlsplit(url)
    extra = "utm_source=newsletter&hl=fa"
    query = f"{parts.query}&{extra}" if parts.query else extra
    slashed = parts.path if parts.path.endswith("/") or parts.query else parts.path + "/"
    return [url, urlunsplit((parts.scheme, parts.netloc, parts.path, query, "")),
            urlunsplit((parts.scheme, parts.netloc, slashed, parts.query, "top"))]


@pytest.mark.parametrize("slug", SAVED_UNASKED)
async def test_the_tabs_address_finds_the_person_saved_from_it(api: Api, slug: str) -> None:
    golden = GOLDENS[slug]
    status, saved, _ = await api.call("POST", CAPTURES, {"url": golden.url, "html": golden.html.decode(
        "cp1256" if "1256" in slug else "utf-8", errors="replace")})
    assert status == 201, saved
    for url in as_the_tab_shows_it(golden.url):
        status, found, _ = await api.call("GET", "/api/v1/people/lookup", params={"url": url})
        assert status == 200 and found["id"] == saved["person"]["id"], url
