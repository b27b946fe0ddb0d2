"""Small things a new user trips over, each pinned: a due task shown once, empty sections that say what
would appear in them, the options page in the new language at once, no raw markup in messages."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Tend
from tests.browser.test_extension import profile_page


def test_a_due_task_shows_once_and_empty_sections_say_what_would_appear(tend: Tend) -> None:
    tend.pair()
    status, me = tend.companion.request("GET", "/api/v1/me")
    tend.companion.request("PUT", "/api/v1/me", {**me, "weekly_goal": 0})  # nothing to suggest today
    url = tend.pages.add("/ada", profile_page("Ada Lovelace"))
    status, ada = tend.companion.request("POST", "/api/v1/people", {"name": "Ada Lovelace", "urls": [{"url": url}]})
    tend.companion.request("POST", "/api/v1/tasks", {"person_id": ada["id"], "text": "Send Ada the notes",
                                                     "due": "2020-01-01"})
    page = tend.context.new_page()
    page.goto(url)
    popup = tend.popup_for(page)
    expect(popup.locator("#card li")).to_have_text(["Send Ada the notes"])
    expect(popup.locator("#suggestions li")).to_have_text([
        "Nothing to suggest today. Suggestions appear here when someone is due a check-in, after a meeting, "
        "when a thank-you is owed, or a birthday is near."])
    expect(popup.locator("#due li")).to_have_text(["Nothing due. Well tended."])  # the card has it already
    assert popup.get_by_text("Send Ada the notes").count() == 1

    dashboard = tend.extension_page("dashboard/dashboard.html")
    dashboard.fill("#q", "nobody like this")
    expect(dashboard.locator("#people li")).to_have_text(["Nobody matches these filters. Clear them to see everyone."])


def test_the_options_page_speaks_the_new_language_at_once_and_shows_commands_as_code(tend: Tend) -> None:
    tend.pair()
    options = tend.extension_page("options/options.html")
    expect(options.locator("#card-state")).to_have_text("The card is off.")
    hint = options.locator("[data-i18n=optionsPairHint]")
    expect(hint.locator("code")).to_have_text(["tend serve", "tend pair"])
    assert "`" not in options.locator("body").inner_text()
    options.select_option("#language", "fa")
    options.click("#save")
    expect(options.locator("html")).to_have_attribute("dir", "rtl")
    expect(options.locator("#card-state")).to_have_text("کارت خاموش است.")
    expect(options.locator("#save-result")).to_have_text("ذخیره شد.")
    assert "`" not in options.locator("body").inner_text()


def test_the_options_default_interval_is_the_companions_own(tend: Tend) -> None:
    """One rhythm: the options edit the companion's default keep-in-touch interval, the one its rules use."""
    tend.pair()
    options = tend.extension_page("options/options.html")
    expect(options.locator("#cadence")).to_have_value("90")
    options.fill("#cadence", "45")
    options.fill("#phone-region", "bd")
    options.click("#save")
    expect(options.locator("#save-result")).to_have_text("Saved.")
    status, me = tend.companion.request("GET", "/api/v1/me")
    assert (me["default_cadence_days"], me["phone_region"]) == (45, "BD")
    status, nasrin = tend.companion.request("POST", "/api/v1/people", {"name": "Nasrin", "phones": ["01711-234567"]})
    assert nasrin["phones"] == ["+8801711234567"]  # read as a number in Bangladesh
