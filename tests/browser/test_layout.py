"""Layout that holds: a very long name without spaces, a long headline and mixed-direction text never
widen the popup past its width or make the dashboard's columns overlap, in English and in Persian."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Tend, shoot
from tests.browser.test_extension import profile_page

LONG_NAME = "Wolfeschlegelsteinhausenbergerdorff" * 8  # 280 letters, no space to break at
PERSIAN_NAME = "محمدحسین‌عبدالرحیم‌زاده‌" * 10 + "Abdolrahimzadeh"
HEADLINE = "Founder · " + "community-gardens-and-open-data-for-everyone-" * 6

WIDEST = """() => { const limit = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')].filter(el => el.getClientRects().length)
      .map(el => el.getBoundingClientRect()).filter(r => r.left < -1 || r.right > limit + 1).length; }"""


def assert_within_width(page: Page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert page.evaluate(WIDEST) == 0


@pytest.mark.parametrize(("language", "name"), [("en", LONG_NAME), ("fa", PERSIAN_NAME)])
def test_a_long_unbroken_name_keeps_the_popup_its_width(tend: Tend, language: str, name: str) -> None:
    tend.pair(language=language)
    page = tend.context.new_page()
    page.goto(tend.pages.add("/long", profile_page(name, HEADLINE)))
    popup = tend.popup_for(page)
    popup.set_viewport_size({"width": 380, "height": 640})
    popup.click("#save")
    expect(popup.locator("#card .name")).to_have_text(name)
    popup.locator("#picker").press_sequentially(name[:6])
    expect(popup.locator("#matches .match-name")).to_have_text([name])
    assert_within_width(popup)
    popup.keyboard.press("Enter")
    chip = popup.locator("#chosen .chip-name")
    expect(chip).to_have_attribute("title", name)  # the whole name on hover, the chip cut with an ellipsis
    assert_within_width(popup)
    shoot(popup, f"long-name-{language}", popup=True)


@pytest.mark.parametrize(("language", "name"), [("en", LONG_NAME), ("fa", PERSIAN_NAME)])
def test_a_long_name_never_makes_the_dashboards_columns_overlap(tend: Tend, language: str, name: str) -> None:
    tend.pair(language=language)
    status, person = tend.companion.request("POST", "/api/v1/people", {"name": name, "headline": HEADLINE,
                                                                       "organization": HEADLINE})
    dashboard = tend.extension_page("dashboard/dashboard.html")
    dashboard.set_viewport_size({"width": 1024, "height": 700})
    dashboard.click(f"#people button[data-person-id='{person['id']}']")
    expect(dashboard.locator("#detail h2").first).to_be_visible()
    boxes = dashboard.evaluate("""() => ['nav', '#detail'].map(s => document.querySelector(s).getBoundingClientRect())
                                  .map(r => ({left: r.left, right: r.right}))""")
    nav, detail = boxes
    assert nav["right"] <= detail["left"] or detail["right"] <= nav["left"], boxes  # side by side, either direction
    assert_within_width(dashboard)
