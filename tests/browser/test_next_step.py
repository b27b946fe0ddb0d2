"""Never a dead end: whatever the companion says of a page, the popup offers the next step, in the
reader's language: a draft to check and save where a name was read, "Save <author>" on an article, a
form to add someone by hand where nothing was."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Tend, shoot
from tests.support import wait_for

HOMEPAGE = """<!DOCTYPE html><html><head><title>Grace Hopper — home</title><meta property="og:title" content="Grace Hopper">
<meta name="description" content="Computer scientist, Navy"></head>
<body><main><h1>Grace Hopper</h1><p>Computer scientist and rear admiral. I build compilers.</p></main></body></html>"""
NOTHING = "<!DOCTYPE html><html><head><title>Meeting notes</title></head><body><main><p>12 Nov.</p></main></body></html>"


def people(tend: Tend) -> list[dict]:
    status, page = tend.companion.request("GET", "/api/v1/people")
    return page["items"]


def test_a_page_with_a_name_but_no_profile_offers_the_draft_to_check_and_save(tend: Tend) -> None:
    tend.pair()
    page = tend.context.new_page()
    page.goto(tend.pages.add("/grace", HOMEPAGE))
    popup = tend.popup_for(page)
    popup.click("#save")
    expect(popup.locator("#outcome p").first).to_have_text("This page has no person's profile on it.")
    expect(popup.locator("#draft input[name=name]")).to_have_value("Grace Hopper")
    expect(popup.locator("#draft input[name=headline]")).to_have_value("Computer scientist, Navy")
    expect(popup.locator("#draft input[name=url]")).to_have_value(page.url)
    expect(popup.locator("#keep-page")).to_be_visible()  # keeping the page is still offered
    shoot(popup, "draft-en", popup=True)
    popup.fill("#draft input[name=organization]", "US Navy")
    popup.click("#draft-save")
    expect(popup.locator("#card .name")).to_have_text("Grace Hopper")
    [grace] = people(tend)
    assert (grace["organization"], grace["user_fields"]) == ("US Navy", ["headline", "name", "organization"])
    assert [link["url"] for link in grace["urls"]] == [page.url]


def test_an_article_offers_to_save_its_author_in_persian(tend: Tend) -> None:
    tend.pair(language="fa")
    page = tend.context.new_page()
    page.goto(tend.pages.corpus("notprofile-article-1", "/p/the-most-precious-resource-is-agency"))
    popup = tend.popup_for(page)
    popup.click("#save")
    expect(popup.locator("#outcome p").first).to_have_text("این صفحه نوشته‌ای از Simon Sarris است، نه نمایه‌ی او.")
    expect(popup.locator("#draft-open")).to_have_text("ذخیره‌ی Simon Sarris")
    popup.click("#draft-open")
    expect(popup.locator("#draft input[name=name]")).to_have_value("Simon Sarris")
    expect(popup.locator("#draft input[name=url]")).to_have_value("")  # the article is not their profile
    shoot(popup, "not-a-profile-fa", popup=True)
    popup.click("#draft-save")
    expect(popup.locator("#card .name")).to_have_text("Simon Sarris")
    [simon] = people(tend)
    assert simon["urls"] == []


def test_a_page_with_nobody_on_it_offers_to_add_someone_by_hand(tend: Tend) -> None:
    tend.pair()
    page = tend.context.new_page()
    page.goto(tend.pages.add("/notes", NOTHING))
    popup = tend.popup_for(page)
    popup.click("#save")
    expect(popup.locator("#draft-open")).to_have_text("Add someone by hand")
    popup.click("#draft-open")
    expect(popup.locator("#draft input[name=url]")).to_have_value(page.url)
    expect(popup.locator("#draft input[name=name]")).to_be_focused()
    popup.fill("#draft input[name=url]", "")
    popup.click("#draft-save")
    expect(popup.locator("#draft [role=alert]")).to_have_text("Type the person's name first.")
    assert people(tend) == []
    popup.fill("#draft input[name=name]", "Kwame Mensah")
    popup.press("#draft input[name=name]", "Enter")
    expect(popup.locator("#card .name")).to_have_text("Kwame Mensah")
    [kwame] = people(tend)
    assert kwame["urls"] == [] and kwame["user_fields"] == ["name"]


PORTFOLIO = """<!DOCTYPE html><html><head><title>{name} — {trade}</title></head>
<body><header><h1>{name}</h1></header><main><figure><img src="/work/harbour.jpg" alt=""></figure></main></body></html>"""


def test_a_page_read_without_enough_evidence_asks_the_user_to_check_before_saving(tend: Tend) -> None:
    tend.pair()
    page = tend.context.new_page()
    page.goto(tend.pages.add("/about", PORTFOLIO.format(name="Sara Ahmed", trade="Illustrator")))
    popup = tend.popup_for(page)
    popup.click("#save")
    expect(popup.locator("#outcome p").first).to_have_text(
        "Tend is not sure it read this page right. Check what it read and save.")
    expect(popup.locator("#draft input[name=name]")).to_have_value("Sara Ahmed")
    expect(popup.locator("#draft input[name=name]")).to_have_class("unsure")  # read from the look of the page
    expect(popup.locator("#draft input[name=headline]")).to_have_value("Illustrator")
    expect(popup.locator("#keep-page")).to_have_count(0)  # it is a person's page: keeping it is not the step
    assert people(tend) == []
    shoot(popup, "unsure-en", popup=True)
    popup.click("#draft-save")
    expect(popup.locator("#card .name")).to_have_text("Sara Ahmed")
    [sara] = people(tend)
    assert (sara["headline"], sara["user_fields"]) == ("Illustrator", ["headline", "name"])


def test_an_unsure_reading_asks_in_persian_too(tend: Tend) -> None:
    tend.pair(language="fa")
    page = tend.context.new_page()
    page.goto(tend.pages.add("/about", PORTFOLIO.format(name="سارا احمدی", trade="تصویرگر")))
    popup = tend.popup_for(page)
    popup.click("#save")
    expect(popup.locator("#outcome p").first).to_have_text(
        "تِند مطمئن نیست این صفحه را درست خوانده باشد. آنچه را خوانده بررسی و ذخیره کنید.")
    expect(popup.locator("#draft input[name=name]")).to_have_value("سارا احمدی")
    popup.click("#draft-save")
    expect(popup.locator("#card .name")).to_have_text("سارا احمدی")


def test_saving_a_link_that_needs_the_users_word_opens_the_page_to_ask_there(tend: Tend) -> None:
    tend.pair()
    url = tend.pages.add("/about", PORTFOLIO.format(name="Sara Ahmed", trade="Illustrator"))
    result = tend.worker().evaluate("(url) => self.tend.handlers.saveLink({url})", url)
    assert result == {"opened": True}
    # The page, in front, where the popup asks (its address shows once the tab has navigated).
    wait_for(lambda: [url, True] in tend.worker().evaluate(
        "async () => (await chrome.tabs.query({})).map(t => [t.url || t.pendingUrl, t.active])"))
    assert people(tend) == []  # nothing saved unasked
