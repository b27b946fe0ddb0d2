"""The real extension in Debian's Chromium (found on PATH; Playwright never downloads a browser), talking to a
real `tend serve` on a temporary data dir, on pages served from localhost."""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.support import ServedCompanion, start_companion

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"
CORPUS = ROOT.parent / "shared" / "corpus" / "pages"
SCREENSHOTS = ROOT / "test-results" / "screenshots"  # every run; docs/screenshots holds reviewed copies


def chromium_path() -> str:
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium must be on PATH (./scripts/test installs it)"
    return chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Plain Chromium, no extension: for the content scripts on their own (participants, the lean capture)."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=["--headless=new"])
        yield launched
        launched.close()


class Pages:
    """A localhost web server for test pages: path -> HTML."""

    def __init__(self) -> None:
        self.routes: dict[str, bytes] = {}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                path = self.path.split("?")[0]
                body = routes.get(path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "image/png" if path.endswith(".png") else "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body or b"not found")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def add(self, path: str, html: str | bytes) -> str:
        self.routes[path] = html.encode() if isinstance(html, str) else html
        return self.base + path

    def corpus(self, slug: str, path: str) -> str:
        return self.add(path, (CORPUS / slug / "source.html").read_bytes())


def shoot(page: Page, name: str, popup: bool = False) -> None:
    """Save a screenshot for people to look at (test-results/screenshots/NAME.png); popups at popup size."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if popup:
        page.set_viewport_size({"width": 380, "height": 640})
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@dataclass
class Tend:
    context: BrowserContext
    extension_id: str
    companion: ServedCompanion
    pages: Pages

    def extension_page(self, path: str) -> Page:
        page = self.context.new_page()
        page.goto(f"chrome-extension://{self.extension_id}/{path}")
        return page

    def worker(self):  # type: ignore[no-untyped-def]
        return self.context.service_workers[0]

    def tab_id(self, url: str) -> int:
        return self.worker().evaluate("async (url) => (await chrome.tabs.query({})).find(t => t.url === url).id", url)

    def popup_for(self, page: Page) -> Page:
        return self.extension_page(f"popup/popup.html?tab={self.tab_id(page.url)}")

    def set_port(self) -> None:
        options = self.extension_page("options/options.html")
        options.fill("#port", self.companion.url.rsplit(":", 1)[1])
        options.click("#save")
        expect(options.locator("#save-result")).not_to_be_empty()
        options.close()

    def pair(self, language: str | None = None) -> None:
        status, code = self.companion.request("POST", "/api/v1/pairing/codes")
        assert status == 201, code
        options = self.extension_page("options/options.html")
        expect(options.locator("#state")).to_have_attribute("data-state", re.compile(r"not_(paired|running)"))
        options.fill("#port", self.companion.url.rsplit(":", 1)[1])
        options.fill("#code", code["code"])
        options.click("#pair")
        expect(options.locator("#state")).to_have_attribute("data-state", "connected")
        if language:
            options.select_option("#language", language)
            options.click("#save")
            expect(options.locator("html")).to_have_attribute("lang", language)
        options.close()


@pytest.fixture
def tend(tmp_path: Path) -> Iterator[Tend]:
    chromium = chromium_path()
    pages = Pages()
    opened: Tend | None = None
    companion = start_companion(tmp_path / "data")
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(tmp_path / "profile"), executable_path=chromium, headless=True,
                args=["--headless=new", f"--disable-extensions-except={EXTENSION}", f"--load-extension={EXTENSION}",
                      "--lang=en-US"], timezone_id="UTC")
            worker = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
            opened = Tend(context, worker.url.split("/")[2], companion, pages)
            yield opened
            context.close()
    finally:
        pages.server.shutdown()
        (opened.companion if opened else companion).stop()  # a test may have restarted it
