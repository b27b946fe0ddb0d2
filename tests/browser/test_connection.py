"""The connection state follows every answer: a companion that stops while a page is open shows as
stopped on the next request, every open page hears it, and "Check again" brings the page back to life
when the companion returns (the dashboard's views are wired then, the popup sends what was queued)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Tend
from tests.support import start_companion


def restart(tend: Tend, port: str) -> None:
    tend.companion = start_companion(tend.companion.data_dir, "--port", port)


def test_open_pages_hear_the_companion_stop_and_come_back(tend: Tend) -> None:
    tend.pair()
    tend.companion.request("POST", "/api/v1/people", {"name": "Mina Rahimi"})
    dashboard = tend.extension_page("dashboard/dashboard.html")
    options = tend.extension_page("options/options.html")
    expect(dashboard.locator("#people li")).to_have_count(1)
    expect(options.locator("#state")).to_have_attribute("data-state", "connected")
    expect(dashboard.locator("#state .check-again")).to_have_count(0)  # nothing to check when all is well
    port = tend.companion.url.rsplit(":", 1)[1]
    assert tend.companion.stop() == 0

    dashboard.fill("#q", "mina")  # any request shows the state, on every open page
    for page in (dashboard, options):
        expect(page.locator("#state")).to_have_attribute("data-state", "not_running")
        expect(page.locator("#state")).to_contain_text("./scripts/serve")

    restart(tend, port)
    tend.companion.request("POST", "/api/v1/people", {"name": "Mina Rostami"})
    dashboard.locator("#state .check-again").click()
    for page in (dashboard, options):
        expect(page.locator("#state")).to_have_attribute("data-state", "connected")
    expect(dashboard.locator("#people li")).to_have_count(2)  # the list as it is now


def test_a_dashboard_opened_while_the_companion_is_down_wakes_up_when_it_is_back(tend: Tend) -> None:
    tend.pair(language="fa")
    tend.companion.request("POST", "/api/v1/people", {"name": "نسرین اکبری"})
    port = tend.companion.url.rsplit(":", 1)[1]
    assert tend.companion.stop() == 0
    dashboard = tend.extension_page("dashboard/dashboard.html")
    expect(dashboard.locator("#state")).to_have_attribute("data-state", "not_running")
    expect(dashboard.locator("#state .check-again")).to_have_text("دوباره بررسی کن")

    restart(tend, port)
    dashboard.locator("#state .check-again").click()
    expect(dashboard.locator("#state")).to_have_attribute("data-state", "connected")
    expect(dashboard.locator("#people li")).to_contain_text(["نسرین اکبری"])
    dashboard.click("#week")  # the views work: wired once, when the companion came back
    expect(dashboard.locator("#detail h2")).not_to_be_empty()


def test_the_popup_sends_what_was_queued_when_the_companion_is_back(tend: Tend) -> None:
    tend.pair()
    status, kwame = tend.companion.request("POST", "/api/v1/people", {"name": "Kwame Mensah"})
    port = tend.companion.url.rsplit(":", 1)[1]
    assert tend.companion.stop() == 0
    queued = tend.worker().evaluate("(id) => self.tend.handlers.log({personId: id, kind: 'call'})", kwame["id"])
    assert queued["queued"]
    page = tend.context.new_page()
    page.goto(tend.pages.add("/notes", "<html><head><title>Notes</title></head><body><p>Notes</p></body></html>"))
    popup = tend.popup_for(page)
    expect(popup.locator("#state")).to_have_attribute("data-state", "not_running")
    expect(popup.locator("#state .queued")).to_be_visible()

    restart(tend, port)
    popup.locator("#state .check-again").click()
    expect(popup.locator("#state")).to_have_attribute("data-state", "connected")
    expect(popup.locator("#state .queued")).to_have_count(0)  # sent
    status, timeline = tend.companion.request("GET", f"/api/v1/people/{kwame['id']}/interactions")
    assert [item["kind"] for item in timeline["items"]] == ["call"]
