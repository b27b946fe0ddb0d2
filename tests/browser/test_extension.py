"""The extension as a user drives it: pairing, saving from the popup, logging, notes, languages, safety."""

from __future__ import annotations

import datetime
import html
import re
import json

from playwright.sync_api import expect

from tests.browser.conftest import Tend, shoot
from tests.support import start_companion, wait_for

XSS_NAME = "<img src=x onerror=alert(1)>"


def profile_page(name: str, headline: str = "Builds bridges between people") -> str:
    person = {"@context": "https://schema.org", "@type": "ProfilePage",
              "mainEntity": {"@type": "Person", "name": name, "description": headline}}
    return (f'<!DOCTYPE html><html><head><title>profile</title><script type="application/ld+json">'
            f"{json.dumps(person)}</script></head><body><main><h1>{html.escape(name)}</h1><p>{html.escape(headline)}</p>"
            "</main></body></html>")


def test_pairing_from_the_options_page_connects(tend: Tend) -> None:
    tend.pair()
    popup = tend.extension_page("popup/popup.html")
    expect(popup.locator("#state")).to_have_attribute("data-state", "connected")


def test_before_pairing_the_popup_says_what_to_do(tend: Tend) -> None:
    popup = tend.extension_page("popup/popup.html")  # the default port: no companion there
    expect(popup.locator("#state")).to_have_attribute("data-state", "not_running")
    expect(popup.locator("#state code")).to_have_text("./scripts/serve")
    tend.set_port()
    popup.reload()
    expect(popup.locator("#state")).to_have_attribute("data-state", "not_paired")
    expect(popup.locator("#options")).to_be_visible()
    expect(popup.locator("#save")).to_be_hidden()


def test_save_creates_the_person_then_says_unchanged_and_logs_in_one_click(tend: Tend) -> None:
    tend.pair()
    url = tend.pages.corpus("bluesky-2026-1", "/profile/stephenking.bsky.social")
    page = tend.context.new_page()
    page.goto(url)
    popup = tend.popup_for(page)
    popup.click("#save")
    expect(popup.locator("#outcome")).to_have_text("Saved as a new person.")
    expect(popup.locator("#card .name")).to_have_text("Stephen King")
    status, people = tend.companion.request("GET", "/api/v1/people")
    assert people["total"] == 1 and people["items"][0]["name"] == "Stephen King"

    popup.click("#save")
    expect(popup.locator("#outcome")).to_have_text("Already saved; nothing new on this page.")

    popup.click("#card button[data-kind=coffee]")
    expect(popup.locator("#outcome")).to_have_text("Logged: Coffee")
    person_id = people["items"][0]["id"]
    status, timeline = tend.companion.request("GET", f"/api/v1/people/{person_id}/interactions")
    assert [i["kind"] for i in timeline["items"]] == ["coffee"]
    expect(popup.locator("#card .last")).not_to_have_text("No interactions logged yet.")


def test_a_note_is_saved_with_ctrl_enter(tend: Tend) -> None:
    tend.pair()
    page = tend.context.new_page()
    page.goto(tend.pages.add("/ada", profile_page("Ada Lovelace")))
    popup = tend.popup_for(page)
    popup.click("#save")
    expect(popup.locator("#card .name")).to_have_text("Ada Lovelace")
    popup.fill("#card textarea", "Talked about engines; send her the paper.")
    popup.press("#card textarea", "Control+Enter")
    expect(popup.locator("#outcome")).to_have_text("Logged: Note")
    status, people = tend.companion.request("GET", "/api/v1/people")
    status, timeline = tend.companion.request("GET", f"/api/v1/people/{people['items'][0]['id']}/interactions")
    assert [(i["kind"], i["note"]) for i in timeline["items"]] == [("note", "Talked about engines; send her the paper.")]


def test_a_page_with_no_person_says_so(tend: Tend) -> None:
    tend.pair()
    page = tend.context.new_page()
    page.goto(tend.pages.corpus("notprofile-article-1", "/p/the-most-precious-resource-is-agency"))
    popup = tend.popup_for(page)
    popup.click("#save")
    expect(popup.locator("#outcome > p").first).to_have_text(
        "This page is an article by Simon Sarris, not their profile.")
    status, people = tend.companion.request("GET", "/api/v1/people")
    assert people["total"] == 0
    popup.click("#keep-page")  # an article: keep it to share
    expect(popup.locator("#outcome > p")).to_contain_text("Kept.")


def test_a_name_made_of_markup_shows_as_text(tend: Tend) -> None:
    tend.pair()
    page = tend.context.new_page()
    page.goto(tend.pages.add("/mallory", profile_page(XSS_NAME, XSS_NAME)))
    dialogs: list[str] = []
    popup = tend.popup_for(page)
    popup.on("dialog", lambda dialog: dialogs.append(dialog.message))
    popup.click("#save")
    expect(popup.locator("#card .name")).to_have_text(XSS_NAME)
    assert popup.locator("#card img").count() == 0 and dialogs == []


def test_the_persian_interface_is_right_to_left(tend: Tend) -> None:
    tend.pair(language="fa")
    page = tend.context.new_page()
    page.goto(tend.pages.add("/negar", profile_page("نگار‌سادات رضایی", "پژوهشگر داده")))
    popup = tend.popup_for(page)
    expect(popup.locator("html")).to_have_attribute("dir", "rtl")
    expect(popup.locator("#save")).to_have_text("ذخیره‌ی این شخص")
    popup.click("#save")
    expect(popup.locator("#outcome")).to_have_text("به‌عنوان شخص تازه ذخیره شد.")
    popup.click("#card button[data-kind=thanks]")
    expect(popup.locator("#outcome")).to_have_text("ثبت شد: تشکر کردم")
    shoot(popup, "popup-fa", popup=True)


def test_popup_screenshot_en(tend: Tend) -> None:
    tend.pair()
    page = tend.context.new_page()
    page.goto(tend.pages.corpus("bluesky-2026-1", "/profile/stephenking.bsky.social"))
    popup = tend.popup_for(page)
    popup.click("#save")
    expect(popup.locator("#card .name")).to_have_text("Stephen King")
    shoot(popup, "popup-en", popup=True)


def test_a_selection_becomes_a_note_about_the_person_on_the_page(tend: Tend) -> None:
    tend.pair()
    page = tend.context.new_page()
    page.goto(tend.pages.add("/leila", profile_page("Leila Karimi", "Organiser")))
    page.evaluate("""() => { const p = document.querySelector('main p'); const r = document.createRange();
                             r.selectNodeContents(p); getSelection().removeAllRanges(); getSelection().addRange(r); }""")
    tab_id = tend.tab_id(page.url)
    result = tend.worker().evaluate("(tabId) => self.tend.handlers.save({tabId, withSelection: true})", tab_id)
    assert result["status"] == "created" and result["note_id"]
    status, timeline = tend.companion.request("GET", f"/api/v1/people/{result['person']['id']}/interactions")
    assert [(i["kind"], i["note"]) for i in timeline["items"]] == [("note", "Organiser")]


def test_a_due_task_becomes_one_notification_and_the_badge_count(tend: Tend) -> None:
    tend.pair()
    status, me = tend.companion.request("GET", "/api/v1/me")
    tend.companion.request("PUT", "/api/v1/me", {**me, "weekly_goal": 0})  # no suggestion: the task alone
    status, person = tend.companion.request("POST", "/api/v1/people", {"name": "Sumaiya"})
    status, task = tend.companion.request("POST", "/api/v1/tasks", {
        "person_id": person["id"], "text": "Send Sumaiya the article", "due": "2020-01-01"})
    assert status == 201, task
    worker = tend.worker()
    assert [t["id"] for t in worker.evaluate("() => self.tend.checkDue()")] == [task["id"]]
    assert worker.evaluate("() => chrome.action.getBadgeText({})") == "1"
    shown = worker.evaluate("() => chrome.notifications.getAll()")
    assert list(shown) == [f"task:{task['id']}"]
    worker.evaluate("async () => { await chrome.notifications.clear(Object.keys(await chrome.notifications.getAll())[0]); }")
    worker.evaluate("() => self.tend.checkDue()")  # the same reminder again: not shown twice
    assert worker.evaluate("() => chrome.notifications.getAll()") == {}
    assert worker.evaluate("() => chrome.action.getBadgeText({})") == "1"
    worker.evaluate("(id) => self.tend.onReminderButton(id, 0)", f"task:{task['id']}")  # Done
    status, done = tend.companion.request("GET", f"/api/v1/tasks/{task['id']}")
    assert done["status"] == "done"
    assert worker.evaluate("() => chrome.action.getBadgeText({})") == ""


def test_while_the_companion_is_down_a_log_is_queued_then_sent_once(tend: Tend) -> None:
    tend.pair()
    page = tend.context.new_page()
    page.goto(tend.pages.add("/omid", profile_page("Omid Jalali")))
    popup = tend.popup_for(page)
    popup.click("#save")
    expect(popup.locator("#card .name")).to_have_text("Omid Jalali")
    port = tend.companion.url.rsplit(":", 1)[1]
    assert tend.companion.stop() == 0

    popup.reload()
    expect(popup.locator("#state")).to_have_attribute("data-state", "not_running")
    popup.click("#card button[data-kind=call]")
    expect(popup.locator("#outcome")).to_have_text(
        "The companion is offline: queued, it will be sent when it is back.")
    assert tend.worker().evaluate("async () => (await chrome.storage.local.get('queue')).queue.length") == 1

    tend.companion = start_companion(tend.companion.data_dir, "--port", port)
    tend.worker().evaluate("() => self.tend.handlers.flushQueue()")
    tend.worker().evaluate("() => self.tend.handlers.flushQueue()")
    assert tend.worker().evaluate("async () => (await chrome.storage.local.get('queue')).queue.length") == 0
    status, people = tend.companion.request("GET", "/api/v1/people")
    status, timeline = tend.companion.request("GET", f"/api/v1/people/{people['items'][0]['id']}/interactions")
    assert [i["kind"] for i in timeline["items"]] == ["call"]


def card_texts(tend: Tend, page) -> list[str]:  # type: ignore[no-untyped-def]
    """The text inside the card's closed shadow root, read through the DevTools protocol (page scripts,
    and Playwright's locators, cannot see into it)."""
    session = tend.context.new_cdp_session(page)
    root = session.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    texts: list[str] = []

    def walk(node, inside: bool) -> None:  # type: ignore[no-untyped-def]
        inside = inside or node.get("localName") == "tend-card"
        if inside and node.get("nodeType") == 3 and node["nodeValue"].strip() and node.get("parentId") is not None:
            texts.append(node["nodeValue"].strip())
        for child in node.get("children", []) + node.get("shadowRoots", []):
            walk(child, inside)

    walk(root, False)
    return [text for text in texts if not text.startswith(".card")]


def test_the_card_shows_on_a_saved_persons_page_and_on_no_other(tend: Tend) -> None:
    tend.pair()
    saved_url = tend.pages.add("/saved", profile_page("Sara Ahmadi"))
    other_url = tend.pages.add("/other", profile_page("Someone Else"))
    status, person = tend.companion.request("POST", "/api/v1/people", {"name": "Sara Ahmadi", "urls": [{"url": saved_url}]})
    tend.companion.request("POST", "/api/v1/tasks", {"person_id": person["id"], "text": "Ask about the workshop"})
    granted = tend.worker().evaluate("() => self.tend.handlers.enableCard({origins: ['http://127.0.0.1/*']})")
    assert granted == ["http://127.0.0.1/*"]

    page = tend.context.new_page()
    page.goto(saved_url)
    expect(page.locator("tend-card")).to_have_count(1)
    texts = card_texts(tend, page)
    assert texts[:2] == ["×", "Sara Ahmadi"] and "Next: Ask about the workshop" in texts
    assert page.evaluate("() => document.querySelector('tend-card').shadowRoot") is None  # closed to the page
    assert page.evaluate("() => getComputedStyle(document.querySelector('tend-card')).position") == "fixed"
    shoot(page, "card-en")

    other = tend.context.new_page()
    other.goto(other_url)
    answered = wait_for(lambda: [a for a in tend.worker().evaluate("() => self.tend.answeredForPages")
                                 if a["url"] == other_url])
    assert answered == [{"type": "card", "url": other_url, "shown": False}]
    assert card_texts(tend, other) == [] and other.locator("tend-card").count() == 0


def test_the_dashboard_searches_people_and_edits_a_timeline(tend: Tend) -> None:
    tend.pair()
    for name, organization in (("Ada Lovelace", "Analytical Engines"), ("Grace Hopper", "Navy"),
                               ("নাসরিন আক্তার", "BRAC")):
        tend.companion.request("POST", "/api/v1/people", {"name": name, "organization": organization})
    status, people = tend.companion.request("GET", "/api/v1/people?q=ada")
    ada = people["items"][0]["id"]
    tend.companion.request("POST", "/api/v1/interactions", {"person_ids": [ada], "kind": "coffee", "note": "engines"})
    dashboard = tend.extension_page("dashboard/dashboard.html")
    expect(dashboard.locator("#count")).to_have_text("3 people")
    dashboard.fill("#organization", "brac")
    expect(dashboard.locator("#people li button > div")).to_have_text(["নাসরিন আক্তারBRAC"])
    dashboard.fill("#organization", "")
    dashboard.fill("#q", "ada")
    expect(dashboard.locator("#people li button")).to_have_count(1)
    dashboard.click(f"#people button[data-person-id='{ada}']")
    expect(dashboard.locator(".timeline .note")).to_have_text(["engines"])
    dashboard.click(".timeline button >> nth=0")
    dashboard.fill(".timeline textarea", "engines and poetry")
    dashboard.click(".timeline .note button")
    expect(dashboard.locator(".timeline .note")).to_have_text(["engines and poetry"])
    dashboard.fill("#task-text", "Send the notes on Bernoulli numbers")
    dashboard.click("#task-add")
    expect(dashboard.locator(".tasks li")).to_contain_text(["Send the notes on Bernoulli numbers"])
    status, timeline = tend.companion.request("GET", f"/api/v1/people/{ada}/interactions")
    assert [i["note"] for i in timeline["items"]] == ["engines and poetry"]
    shoot(dashboard, "dashboard-en")


def test_the_dashboard_in_persian(tend: Tend) -> None:
    tend.pair(language="fa")
    status, person = tend.companion.request("POST", "/api/v1/people", {"name": "آرش کمانگیر", "organization": "دانشگاه تهران"})
    tend.companion.request("POST", "/api/v1/interactions", {"person_ids": [person["id"]], "kind": "thanks",
                                                            "note": "برای معرفی ممنونم"})
    dashboard = tend.extension_page("dashboard/dashboard.html")
    expect(dashboard.locator("html")).to_have_attribute("dir", "rtl")
    expect(dashboard.locator("#count")).to_have_text("۱ نفر")
    dashboard.click(f"#people button[data-person-id='{person['id']}']")
    expect(dashboard.locator(".timeline .kind")).to_have_text(["تشکر کردم"])
    shoot(dashboard, "dashboard-fa")


def test_the_card_in_persian_reads_right_to_left(tend: Tend) -> None:
    tend.pair(language="fa")
    url = tend.pages.add("/negar", profile_page("نگار رضایی"))
    tend.companion.request("POST", "/api/v1/people", {"name": "نگار رضایی", "urls": [{"url": url}]})
    tend.worker().evaluate("() => self.tend.handlers.enableCard({origins: ['http://127.0.0.1/*']})")
    page = tend.context.new_page()
    page.goto(url)
    expect(page.locator("tend-card")).to_have_count(1)
    assert card_texts(tend, page)[1:] == ["نگار رضایی", "هنوز تماسی ثبت نشده."]  # no timer set: no nagging
    shoot(page, "card-fa")


def test_save_this_person_from_a_link_reads_the_linked_page(tend: Tend) -> None:
    tend.pair()
    linked = tend.pages.corpus("bluesky-2026-1", "/profile/stephenking.bsky.social")
    result = tend.worker().evaluate("(url) => self.tend.handlers.saveLink({url})", linked)
    assert result["status"] == "created" and result["person"]["name"] == "Stephen King"
    assert all(page.url != linked for page in tend.context.pages)  # the background tab is closed again


def test_tags_interests_and_cadence_are_edited_from_the_popup(tend: Tend) -> None:
    tend.pair(language="fa")
    page = tend.context.new_page()
    page.goto(tend.pages.add("/ali", profile_page("علی")))
    popup = tend.popup_for(page)
    popup.click("#save")
    expect(popup.locator("#card .name")).to_have_text("علی")
    popup.click("#card details summary")
    popup.fill("#card input[name=tags]", "دوست، همکار")
    popup.fill("#card input[name=interests]", "کوه‌نوردی")
    popup.fill("#card input[name=cadence]", "21")
    popup.click("#card details button")
    expect(popup.locator("#outcome")).to_have_text("جزئیات ذخیره شد.")
    status, people = tend.companion.request("GET", "/api/v1/people")
    person = people["items"][0]
    assert (person["tags"], person["interests"], person["cadence_days"]) == (["دوست", "همکار"], ["کوه‌نوردی"], 21)


def test_suggestions_show_in_the_readers_language_and_done_logs_the_thanks(tend: Tend) -> None:
    tend.pair(language="fa")
    status, me = tend.companion.request("GET", "/api/v1/me")
    tend.companion.request("PUT", "/api/v1/me", {**me, "weekly_goal": 0})
    status, person = tend.companion.request("POST", "/api/v1/people", {"name": "مینا"})
    tend.companion.request("POST", "/api/v1/interactions", {"person_ids": [person["id"]], "kind": "helped_me"})
    popup = tend.extension_page("popup/popup.html")
    item = popup.locator("#suggestions li[data-kind=thank_you]")
    expect(item.locator(".suggestion")).to_have_text("از مینا برای کمکش تشکر کنید.")
    item.locator("button[data-action=done]").click()
    expect(popup.locator("#suggestions li[data-kind]")).to_have_count(0)
    expect(popup.locator("#suggestions li.hint")).to_have_count(1)  # and it says what would appear there
    status, timeline = tend.companion.request("GET", f"/api/v1/people/{person['id']}/interactions")
    assert [i["kind"] for i in timeline["items"]] == ["thanks", "helped_me"]


def test_the_dashboard_shows_insights(tend: Tend) -> None:
    tend.pair(language="fa")
    for name, organization in (("مینا", "دیجی‌کالا"), ("رضا", "دیجی‌کالا"), ("সুমাইয়া", "BRAC")):
        status, person = tend.companion.request("POST", "/api/v1/people", {"name": name, "organization": organization})
        tend.companion.request("POST", "/api/v1/interactions", {"person_ids": [person["id"]], "kind": "helped_me"})
    dashboard = tend.extension_page("dashboard/dashboard.html")
    dashboard.click("#insights")
    expect(dashboard.locator(".spread li").first).to_contain_text("دیجی‌کالا")
    expect(dashboard.locator(".bars .bar")).to_have_count(12)
    expect(dashboard.locator(".ledger li")).to_have_count(3)
    shoot(dashboard, "insights-fa")


def test_a_suggestion_becomes_a_notification_and_its_done_button_logs_the_thanks(tend: Tend) -> None:
    tend.pair()
    status, me = tend.companion.request("GET", "/api/v1/me")
    tend.companion.request("PUT", "/api/v1/me", {**me, "weekly_goal": 0})
    status, person = tend.companion.request("POST", "/api/v1/people", {"name": "Ada"})
    tend.companion.request("POST", "/api/v1/interactions", {"person_ids": [person["id"]], "kind": "helped_me"})
    worker = tend.worker()
    worker.evaluate("() => self.tend.checkDue()")
    shown = list(worker.evaluate("() => chrome.notifications.getAll()"))
    assert len(shown) == 1 and shown[0].startswith("suggestion:thank_you-")
    assert worker.evaluate("() => chrome.action.getBadgeText({})") == "1"
    worker.evaluate("(id) => self.tend.onReminderButton(id, 0)", shown[0])
    status, timeline = tend.companion.request("GET", f"/api/v1/people/{person['id']}/interactions")
    assert [i["kind"] for i in timeline["items"]] == ["thanks", "helped_me"]
    assert worker.evaluate("() => chrome.action.getBadgeText({})") == ""


def test_the_card_leaves_alone_someone_the_companion_gives_no_timer(tend: Tend) -> None:
    """The card's next step is the companion's: someone seen 40 days ago with no rhythm of their own is
    not due (the extension used to apply its own 30-day rule), and their own 30-day rhythm makes them so."""
    tend.pair()
    url = tend.pages.add("/mei", profile_page("Mei Chen"))
    status, person = tend.companion.request("POST", "/api/v1/people", {"name": "Mei Chen", "urls": [{"url": url}]})
    when = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=40)).strftime("%Y-%m-%dT%H:%M:%SZ")
    tend.companion.request("POST", "/api/v1/interactions", {"person_ids": [person["id"]], "kind": "call",
                                                            "occurred_at": when})
    tend.worker().evaluate("() => self.tend.handlers.enableCard({origins: ['http://127.0.0.1/*']})")
    page = tend.context.new_page()
    page.goto(url)
    expect(page.locator("tend-card")).to_have_count(1)
    assert len(card_texts(tend, page)) == 3  # the title, the name, the last contact: no next step
    tend.companion.request("PATCH", f"/api/v1/people/{person['id']}", {"cadence_days": 30})
    page.reload()
    expect(page.locator("tend-card")).to_have_count(1)
    wait_for(lambda: len(card_texts(tend, page)) == 4)
    assert card_texts(tend, page)[-1] == "Check in with Mei Chen: 40 days since you were last in touch."


def test_the_cards_next_step_is_todays_suggestion_for_that_person(tend: Tend) -> None:
    tend.pair()
    url = tend.pages.add("/grace", profile_page("Grace Hopper"))
    status, person = tend.companion.request("POST", "/api/v1/people", {"name": "Grace Hopper", "urls": [{"url": url}]})
    tend.companion.request("POST", "/api/v1/interactions", {"person_ids": [person["id"]], "kind": "helped_me"})
    tend.worker().evaluate("() => self.tend.handlers.enableCard({origins: ['http://127.0.0.1/*']})")
    page = tend.context.new_page()
    page.goto(url)
    expect(page.locator("tend-card")).to_have_count(1)
    assert card_texts(tend, page)[-1] == "Thank Grace Hopper for their help."


def test_the_dashboard_imports_a_file_after_a_preview_and_exports_everyone(tend: Tend) -> None:
    tend.pair()
    connections = ("Notes:\n\"a notice\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                   "سارا,محمدی,https://www.linkedin.com/in/sara-m,,دیجی‌کالا,مهندس,12 Mar 2021\n"
                   "অমিত,রায়,https://www.linkedin.com/in/amit-r,,BRAC,Engineer,01 Jan 2024\n"
                   ",,,,,,02 Jun 2022\n")
    dashboard = tend.extension_page("dashboard/dashboard.html")
    dashboard.click("#transfer")
    dashboard.select_option("#detail select", "linkedin")
    dashboard.set_input_files("#detail input[type=file]", files=[
        {"name": "Connections.csv", "mimeType": "text/csv", "buffer": connections.encode()}])
    dashboard.get_by_role("button", name="Preview").click()
    expect(dashboard.locator(".import-summary")).to_have_text("2 new, 0 updated, 0 already known, 1 not imported")
    expect(dashboard.locator(".import-rows li")).to_have_text(["Line 5: سارا محمدی (new)", "Line 6: অমিত রায় (new)"])
    expect(dashboard.locator(".import-problems li")).to_have_text(["Line 7: no name, so it was not imported"])
    status, people = tend.companion.request("GET", "/api/v1/people")
    assert people["total"] == 0  # a preview changes nothing

    dashboard.get_by_role("button", name="Import", exact=True).click()
    expect(dashboard.locator(".import-summary")).to_have_text("2 new, 0 updated, 0 already known, 1 not imported")
    expect(dashboard.locator("#people li")).to_have_count(2)
    expect(dashboard.locator(".calendar-url")).to_have_value(re.compile(r"^http://127\.0\.0\.1:\d+/api/v1/calendar\.ics\?key="))
    shoot(dashboard, "import-en")
    with dashboard.expect_download() as download:
        dashboard.click("button[data-export=vcard]")
    text = open(download.value.path(), encoding="utf-8").read()
    assert "FN:سارا محمدی" in text and "FN:অমিত রায়" in text


def test_a_csvs_columns_are_guessed_and_a_wrong_guess_is_corrected_before_importing(tend: Tend) -> None:
    tend.pair()
    dashboard = tend.extension_page("dashboard/dashboard.html")
    dashboard.click("#transfer")
    dashboard.select_option("#detail select", "csv")
    dashboard.set_input_files("#detail input[type=file]", files=[{"name": "people.csv", "mimeType": "text/csv",
        "buffer": "Who;Mail;Company\nসুমাইয়া;sumaiya@example.org;BRAC\n".encode()}])
    expect(dashboard.locator(".import-column span")).to_have_text(["Who", "Mail", "Company"])
    expect(dashboard.get_by_label("Mail")).to_have_value("emails")
    expect(dashboard.get_by_label("Who")).to_have_value("")  # no guess: nothing says this is the name
    dashboard.get_by_role("button", name="Preview").click()
    expect(dashboard.locator(".import-result")).to_have_text(
        "No column holds the name: choose the one that does, then preview again.")

    dashboard.get_by_label("Who").select_option("name")
    dashboard.get_by_label("Company").select_option("")
    dashboard.get_by_role("button", name="Preview").click()
    expect(dashboard.locator(".import-rows li")).to_have_text(["Line 2: সুমাইয়া (new)"])
    shoot(dashboard, "import-columns-en")
    dashboard.get_by_role("button", name="Import", exact=True).click()
    expect(dashboard.locator("#people li button")).to_have_count(1)  # a person, not "nobody saved yet"
    status, people = tend.companion.request("GET", "/api/v1/people")
    [person] = people["items"]
    assert (person["name"], person["emails"], person.get("organization")) == ("সুমাইয়া", ["sumaiya@example.org"], None)


def test_import_problems_read_in_the_readers_language(tend: Tend) -> None:
    tend.pair(language="fa")
    dashboard = tend.extension_page("dashboard/dashboard.html")
    dashboard.click("#transfer")

    def preview(format: str, name: str, content: str) -> None:
        dashboard.select_option("#detail select", format)
        dashboard.set_input_files("#detail input[type=file]", files=[
            {"name": name, "mimeType": "text/plain", "buffer": content.encode()}])
        dashboard.get_by_role("button", name="پیش\u200cنمایش").click()

    preview("csv", "people.csv", "Name,Email\nسارا,not-an-email\n,ali@example.org\n")
    expect(dashboard.locator(".import-problems li")).to_have_text(
        ["خط ۳: نامی ندارد، پس وارد نشد", "خط ۲: ایمیل\u200cها نامعتبر کنار گذاشته شد"])
    shoot(dashboard, "import-fa")
    preview("vcard", "people.vcf", "BEGIN:VCARD\nVERSION:3.0\nEMAIL:ali@example.org\nEND:VCARD\n")
    expect(dashboard.locator(".import-problems li")).to_have_text(["خط ۱: نامی ندارد، پس وارد نشد (ali@example.org)"])


def test_a_birthday_is_set_from_the_popup_and_celebrated_in_both_languages(tend: Tend) -> None:
    tend.pair(language="fa")
    page = tend.context.new_page()
    page.goto(tend.pages.add("/laleh", profile_page("لاله")))
    popup = tend.popup_for(page)
    popup.click("#save")
    expect(popup.locator("#card .name")).to_have_text("لاله")
    popup.click("#card details summary")
    soon = datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=2)  # the companion's day
    popup.fill("#card input[name=day]", "30")
    popup.select_option("#card select[name=month]", "2")
    popup.click("#card details button")
    expect(popup.locator("#outcome")).to_have_text(re.compile("۳۰ فوریه"))  # no such day: said, nothing saved
    popup.fill("#card input[name=day]", str(soon.day))
    popup.select_option("#card select[name=month]", str(soon.month))
    popup.fill("#card input[name=year]", "1990")
    popup.click("#card details button")
    expect(popup.locator("#outcome")).to_have_text("جزئیات ذخیره شد.")
    shoot(popup, "birthday-details-fa", popup=True)
    status, people = tend.companion.request("GET", "/api/v1/people")
    assert people["items"][0]["birthday"] == {"month": soon.month, "day": soon.day, "year": 1990}
    fa = tend.extension_page("popup/popup.html")
    item = fa.locator("#suggestions li[data-kind=celebrate]")
    expect(item.locator(".suggestion")).to_have_text(re.compile(r"^تولد لاله را در [۰-۹]+ \S+ تبریک بگویید: [۰-۹]+ سال\.$"))
    shoot(fa, "celebrate-fa", popup=True)
    tend.worker().evaluate("() => chrome.storage.local.set({ language: 'en' })")
    en = tend.extension_page("popup/popup.html")
    years = soon.year - 1990
    expect(en.locator("#suggestions li[data-kind=celebrate] .suggestion")).to_have_text(
        f"Wish لاله a happy birthday on {soon.strftime('%B')} {soon.day}: {years} years.")


def test_the_dashboard_shows_and_edits_a_persons_dates(tend: Tend) -> None:
    tend.pair()
    status, person = tend.companion.request("POST", "/api/v1/people", {
        "name": "Tomás Ruiz", "birthday": {"month": 2, "day": 29}, "dates": [{"label": "started at Acme", "month": 3,
                                                                              "day": 1, "year": 2021}]})
    dashboard = tend.extension_page("dashboard/dashboard.html")
    dashboard.click(f"#people button[data-person-id='{person['id']}']")
    expect(dashboard.locator(".dates-section li")).to_have_text(["Birthday: February 29",
                                                                 "started at Acme: March 1, 2021"])
    dashboard.click(".dates-section button:text('Add a date')")
    row = dashboard.locator(".date-row").last
    row.locator("input[name=label]").fill("wedding anniversary")
    row.locator("input[name=day]").fill("19")
    row.locator("select[name=month]").select_option("9")
    row.locator("input[name=year]").fill("2015")
    dashboard.click(".dates-section button:text('Save dates')")
    expect(dashboard.locator(".dates-section li")).to_have_count(3)
    shoot(dashboard, "dates-en")
    status, saved = tend.companion.request("GET", f"/api/v1/people/{person['id']}")
    assert saved["dates"][-1] == {"label": "wedding anniversary", "month": 9, "day": 19, "year": 2015}
    assert saved["birthday"] == {"month": 2, "day": 29, "year": None}
