"""The participant readers (extension/content/participants) on pages written after the public markup of
the apps they read, each at its real address, in Debian's Chromium: who is in the open conversation, the
signed-in user never among them, and when it happened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
READERS = ROOT / "extension" / "content" / "participants"
FIXTURES = ROOT / "tests" / "fixtures" / "conversations"
CASES = sorted(path.stem for path in FIXTURES.glob("*.html"))


def read(browser: Browser, html: str, url: str, select: str | None = None) -> dict:
    """What the readers find on `html` served at `url`, injected in the order the extension injects them."""
    context = browser.new_context(timezone_id="UTC", locale="en-US")
    try:
        page: Page = context.new_page()
        page.route("**/*", lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8",
                                                     body=html) if route.request.is_navigation_request()
                   else route.abort())
        page.goto(url)
        for name in json.loads((READERS / "order.json").read_text()):
            page.add_script_tag(content=(READERS / name).read_text())
        if select:
            page.evaluate("""(text) => { const node = [...document.querySelectorAll('body *')].find(el =>
                               el.childElementCount === 0 && el.textContent.includes(text));
                             const range = document.createRange(); range.selectNodeContents(node);
                             getSelection().removeAllRanges(); getSelection().addRange(range); }""", select)
        return page.evaluate("() => globalThis.tendParticipants.read()")
    finally:
        context.close()


@pytest.mark.parametrize("case", CASES)
def test_each_reader_finds_who_is_in_the_conversation(browser: Browser, case: str) -> None:
    expected = json.loads((FIXTURES / f"{case}.json").read_text())
    found = read(browser, (FIXTURES / f"{case}.html").read_text(), expected["url"])
    assert (found["reader"], found["kind"]) == (expected["reader"], expected["kind"])
    assert found["participants"] == expected["participants"]
    assert found["when"] == expected["when"]
    if "candidates" in expected:
        assert found["candidates"] == expected["candidates"]
    assert found["url"] == expected["url"]


@pytest.mark.parametrize(("case", "me"), [("gmail-message", {"email": "rafi.ahmed@example.com"}),
                                          ("outlook-message", {"email": "rafi@contoso.example"}),
                                          ("google-calendar-event", {"email": "rafi.ahmed@example.com"}),
                                          ("linkedin-thread", {"url": "https://www.linkedin.com/in/rafi-ahmed"}),
                                          ("linkedin-group", {"url": "https://www.linkedin.com/in/rafi-ahmed"}),
                                          ("x-dm", {"url": "https://x.com/rafi_ahmed"}),
                                          ("mastodon-conversation", {"url": "https://social.example/@rafi"})])
def test_the_signed_in_user_shown_in_the_chrome_is_never_a_participant(browser: Browser, case: str, me: dict) -> None:
    expected = json.loads((FIXTURES / f"{case}.json").read_text())
    found = read(browser, (FIXTURES / f"{case}.html").read_text(), expected["url"])
    key, value = next(iter(me.items()))
    assert any(hint.get(key) == value for hint in found["self"]), found["self"]
    assert all(person[key] != value for person in found["participants"] + found["candidates"])


def test_the_markup_decides_not_the_address_so_a_copy_on_another_host_reads_the_same(browser: Browser) -> None:
    """Mastodon runs on any host, Outlook on company domains: structure, not a host list, picks the reader."""
    for case in ("linkedin-thread", "gmail-message", "x-dm", "whatsapp-chat"):
        expected = json.loads((FIXTURES / f"{case}.json").read_text())
        found = read(browser, (FIXTURES / f"{case}.html").read_text(), "http://127.0.0.1:9/mirror/page")
        assert found["reader"] == expected["reader"], case
        assert [p["name"] for p in found["participants"]] == [p["name"] for p in expected["participants"]], case


def test_addresses_in_the_selection_are_candidates_on_any_page(browser: Browser) -> None:
    html = "<html><body><main><p>Unrelated article.</p><blockquote>Write to Mei: mei.chen@example.org</blockquote></main></body></html>"
    found = read(browser, html, "https://news.example/story", select="Write to Mei")
    assert found["reader"] == "generic" and found["participants"] == []
    assert found["candidates"] == [{"name": None, "email": "mei.chen@example.org", "url": None}]
    assert found["selection"] == "Write to Mei: mei.chen@example.org"


def test_a_reader_that_breaks_costs_only_itself(browser: Browser) -> None:
    """A site changed its markup and the reader throws: the generic reading still answers."""
    html = ("<html><body><div class='msg-thread'></div><main><a href='mailto:ana.souza@example.com.br'>Ana</a>"
            "</main></body></html>")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.route("**/*", lambda route: route.fulfill(status=200, content_type="text/html", body=html))
        page.goto("https://www.linkedin.com/messaging/thread/1/")
        for name in json.loads((READERS / "order.json").read_text()):
            page.add_script_tag(content=(READERS / name).read_text())
        found = page.evaluate("""() => { globalThis.tendParticipants.readers.get('linkedin').read = () => {
                                   throw new Error('markup changed'); };
                                 return globalThis.tendParticipants.read(); }""")
    finally:
        context.close()
    assert found["reader"] == "linkedin" and found["failed"] == "markup changed"
    assert found["candidates"] == [{"name": "Ana", "email": "ana.souza@example.com.br", "url": None}]
