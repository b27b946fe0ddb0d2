"""One reader of the live page: the extension's lean capture (content/lean.js, in Debian's Chromium) and
the reference one (companion/extract/lean.py) give the same draft on every golden page, and both give
the draft of the full page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from companion.extract import extract
from companion.extract.lean import lean_capture
from tests.extract.test_golden import GOLDENS

ROOT = Path(__file__).resolve().parents[2]
LEAN_JS = (ROOT / "extension" / "content" / "lean.js").read_text().replace("export function", "function")
PROFILES = sorted(slug for slug, golden in GOLDENS.items() if golden.expected["is_profile"])


def lean_in_chromium(browser: Browser, html: bytes, url: str) -> str:
    """The page at its own address with its scripts off (as a saved page is read), then lean.js on it."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        main = page.main_frame  # frames in the page get nothing: only the page itself is served
        page.route("**/*", lambda route: route.fulfill(status=200, content_type="text/html", body=html)
                   if route.request.is_navigation_request() and route.request.frame == main else route.abort())
        page.goto(url, wait_until="domcontentloaded")
        return page.evaluate(f"() => {{ {LEAN_JS}; return leanCapture().html; }}")
    finally:
        context.close()


@pytest.mark.parametrize("slug", PROFILES)
def test_the_extension_and_the_companion_read_a_page_alike(browser: Browser, slug: str) -> None:
    golden = GOLDENS[slug]
    full = extract(golden.html, golden.url).model_dump(exclude={"sources"})
    from_js = extract(lean_in_chromium(browser, golden.html, golden.url), golden.url).model_dump(exclude={"sources"})
    text = golden.html.decode("cp1256" if "1256" in slug else "utf-8", errors="replace")
    from_py = extract(lean_capture(text), golden.url).model_dump(exclude={"sources"})
    assert from_js == from_py == full
