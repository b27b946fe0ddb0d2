"""Logging a conversation where it happens, as a user does it in the real extension against a real
companion: the picker on any page (keyboard only), the people of a LinkedIn thread, an e-mail and a
calendar event preselected, the unknown one added, a selection as a note, a past day, and offline."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import Tend, shoot
from tests.support import start_companion

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "conversations"
ARTICLE = ("<!DOCTYPE html><html><head><title>Notes on community gardens</title></head><body><main>"
           "<h1>Notes on community gardens</h1><p>Nothing about anyone in particular.</p></main></body></html>")


def person(tend: Tend, **fields: object) -> int:
    status, made = tend.companion.request("POST", "/api/v1/people", fields)
    assert status == 201, made
    return made["id"]


def timeline(tend: Tend, person_id: int) -> list[dict]:
    status, page = tend.companion.request("GET", f"/api/v1/people/{person_id}/interactions")
    return page["items"]


def people_named(tend: Tend, name: str) -> list[dict]:
    status, page = tend.companion.request("GET", f"/api/v1/people?q={name}")
    return page["items"]


def open_page(tend: Tend, path: str, html: str) -> Page:
    page = tend.context.new_page()
    page.goto(tend.pages.add(path, html))
    return page


def fixture(name: str) -> str:
    return (FIXTURES / f"{name}.html").read_text()


def select_text(page: Page, text: str) -> None:
    page.evaluate("""(text) => { const node = [...document.querySelectorAll('body *')].findLast(el =>
                       el.textContent.includes(text));
                     const range = document.createRange(); range.selectNodeContents(node);
                     getSelection().removeAllRanges(); getSelection().addRange(range); }""", text)


def test_the_picker_logs_for_two_people_on_an_unrelated_page_with_the_keyboard_only(tend: Tend) -> None:
    tend.pair()
    leila = person(tend, name="Leila Karimi", headline="Community organiser", organization="Tehran Gardens")
    omid = person(tend, name="Omid Jalali", organization="Sensor Lab")
    person(tend, name="Leyla Demir")
    page = open_page(tend, "/gardens", ARTICLE)
    popup = tend.popup_for(page)
    expect(popup.locator("#picker")).to_be_focused()
    popup.keyboard.type("lei")
    expect(popup.locator("#matches [role=option] .match-name")).to_have_text(["Leila Karimi"])
    expect(popup.locator("#matches .match-about")).to_have_text(["Community organiser"])
    shoot(popup, "picker-matches-en", popup=True)
    popup.keyboard.press("Enter")
    expect(popup.locator("#chosen .chip-name")).to_have_text(["Leila Karimi"])
    popup.keyboard.type("le")
    expect(popup.locator("#matches [role=option]")).to_have_count(1)  # Leila is chosen already
    popup.keyboard.press("Escape")
    popup.keyboard.type("sensor")
    expect(popup.locator("#matches .match-name")).to_have_text(["Omid Jalali"])
    popup.keyboard.press("Enter")
    expect(popup.locator("#chosen .chip-name")).to_have_text(["Leila Karimi", "Omid Jalali"])
    shoot(popup, "picker-en", popup=True)
    popup.keyboard.press("Enter")  # the field is empty: a second Enter logs
    expect(popup.locator("#outcome")).to_have_text("Logged: Message with Leila Karimi, Omid Jalali")
    expect(popup.locator("#chosen .chip")).to_have_count(0)
    for someone in (leila, omid):
        [logged] = timeline(tend, someone)
        assert (logged["kind"], logged["person_ids"]) == ("message", [leila, omid])
        assert (logged["source_url"], logged["source_title"]) == (page.url, "Notes on community gardens")


def test_a_linkedin_thread_preselects_the_saved_person_and_a_note_is_logged_with_ctrl_enter(tend: Tend) -> None:
    tend.pair()
    leila = person(tend, name="Leila Karimi", urls=[{"url": "https://www.linkedin.com/in/leila-karimi-4a1b2c/"}])
    page = open_page(tend, "/messaging/thread/2-YjE0/", fixture("linkedin-thread"))
    popup = tend.popup_for(page)
    expect(popup.locator("#chosen .chip-name")).to_have_text(["Leila Karimi"])
    expect(popup.locator("#picker-kinds button").first).to_have_attribute("data-kind", "message")
    expect(popup.locator("#offers")).to_be_empty()  # the signed-in user (Rafi) is not offered
    popup.fill("#picker-note", "Coffee next week; I'll send her a few dates tomorrow.")
    popup.press("#picker-note", "Control+Enter")
    expect(popup.locator("#outcome")).to_have_text("Logged: Note with Leila Karimi")
    [logged] = timeline(tend, leila)
    assert logged["kind"] == "note" and logged["note"].startswith("Coffee next week")
    status, tasks = tend.companion.request("GET", f"/api/v1/tasks?person_id={leila}")
    assert [task["origin"] for task in tasks["items"]] == ["promise"]  # "I'll send her a few dates tomorrow"


def test_a_group_thread_adds_the_members_not_saved_yet_with_their_profile_links(tend: Tend) -> None:
    tend.pair()
    leila = person(tend, name="لیلا کریمی", urls=[{"url": "https://www.linkedin.com/in/leila-karimi-4a1b2c/"}])
    page = open_page(tend, "/messaging/thread/2-GROUP/", fixture("linkedin-group"))
    popup = tend.popup_for(page)
    expect(popup.locator("#chosen .chip-name")).to_have_text(["لیلا کریمی"])
    expect(popup.locator("#offers .offer")).to_have_text(["+ Add امید جلالی and log", "+ Add সুমাইয়া রহমান and log"])
    popup.locator("#offers .offer").first.click()
    popup.locator("#offers .offer").first.click()
    expect(popup.locator("#offers .offer")).to_have_count(0)
    popup.click("#log-chosen")
    expect(popup.locator("#outcome")).to_contain_text("Logged: Message with")
    [logged] = timeline(tend, leila)
    assert len(logged["person_ids"]) == 3
    status, everyone = tend.companion.request("GET", "/api/v1/people")
    links = {p["name"]: [link["url"] for link in p["urls"]] for p in everyone["items"]}
    assert links["امید جلالی"] == ["https://www.linkedin.com/in/omid-jalali"]
    assert links["সুমাইয়া রহমান"] == ["https://www.linkedin.com/in/sumaiya-rahman"]

    popup.reload()  # the same thread again: all three are saved now, all three chosen, nothing to add
    expect(popup.locator("#chosen .chip")).to_have_count(3)
    expect(popup.locator("#offers .offer")).to_have_count(0)


def test_an_email_in_persian_preselects_the_sender_and_adds_the_unknown_recipient(tend: Tend) -> None:
    tend.pair(language="fa")
    leila = person(tend, name="لیلا کریمی", emails=["leila@example.org"])
    page = open_page(tend, "/mail/u/0/", fixture("gmail-message"))
    popup = tend.popup_for(page)
    expect(popup.locator("html")).to_have_attribute("dir", "rtl")
    expect(popup.locator("#chosen .chip-name")).to_have_text(["لیلا کریمی"])
    expect(popup.locator("#offers .offer")).to_have_text(["+ افزودن Omid Jalali و ثبت"])
    expect(popup.locator("#when")).to_have_value("message")  # the e-mail's own time
    popup.click("#offers .offer")
    expect(popup.locator("#chosen .chip-name")).to_have_text(["لیلا کریمی", "Omid Jalali"])
    expect(popup.locator("#chosen .chip.new .badge")).to_have_text(["تازه"])
    shoot(popup, "email-fa", popup=True)
    popup.click("#picker-kinds button[data-kind=email]")
    expect(popup.locator("#outcome")).to_have_text("ثبت شد: ایمیل با لیلا کریمی، Omid Jalali")
    [omid] = people_named(tend, "omid")
    assert omid["emails"] == ["omid@example.net"]
    [logged] = timeline(tend, leila)
    assert (logged["kind"], logged["person_ids"], logged["occurred_at"]) == ("email", [leila, omid["id"]],
                                                                           "2026-11-19T15:04:00Z")


def test_a_calendar_event_preselects_the_saved_guest_and_logs_the_meeting_at_its_time(tend: Tend) -> None:
    tend.pair()
    mei = person(tend, name="Mei Chen", emails=["mei.chen@example.org"])
    page = open_page(tend, "/calendar/u/0/r/week/2026/11/16", fixture("google-calendar-event"))
    popup = tend.popup_for(page)
    expect(popup.locator("#chosen .chip-name")).to_have_text(["Mei Chen"])
    expect(popup.locator("#offers .offer")).to_have_text(["+ Add Kwame Mensah and log", "+ Add ana.souza@example.com.br and log"])
    expect(popup.locator("#log-chosen")).to_have_text("Log: Meeting")
    popup.click("#log-chosen")
    expect(popup.locator("#outcome")).to_have_text("Logged: Meeting with Mei Chen")
    [logged] = timeline(tend, mei)
    assert (logged["kind"], logged["occurred_at"]) == ("meeting", "2026-11-19T15:00:00Z")
    assert people_named(tend, "kwame") == []  # offered, not added unasked


def test_a_selection_becomes_a_note_about_the_people_of_each_conversation(tend: Tend) -> None:
    tend.pair()
    leila = person(tend, name="Leila Karimi", emails=["leila@example.org"],
                   urls=[{"url": "https://www.linkedin.com/in/leila-karimi-4a1b2c/"}])
    mei = person(tend, name="Mei Chen", emails=["mei.chen@example.org"])
    for path, name, text, who in (("/messaging/thread/2-YjE0/", "linkedin-thread", "Shall we do coffee", leila),
                                  ("/mail/u/0/", "gmail-message", "Here is the agenda", leila),
                                  ("/calendar/u/0/r/week", "google-calendar-event", "Join with Google Meet", mei)):
        page = open_page(tend, path, fixture(name))
        select_text(page, text)
        message = tend.worker().evaluate("(id) => self.tend.saveSelection({id})", tend.tab_id(page.url))
        person_name = "Leila Karimi" if who == leila else "Mei Chen"
        assert message == f"The selection is saved as a note about {person_name}.", name
        [note] = [item for item in timeline(tend, who) if text in (item["note"] or "")]
        assert note["kind"] == "note" and note["source_url"] == page.url, name
        page.close()
    [email_note] = [item for item in timeline(tend, leila) if "agenda" in item["note"]]
    assert email_note["occurred_at"] == "2026-11-19T15:04:00Z"  # the e-mail's own time


def test_a_selection_on_a_page_with_nobody_saved_opens_the_picker_with_the_note(tend: Tend) -> None:
    tend.pair()
    sumaiya = person(tend, name="সুমাইয়া রহমান")
    page = open_page(tend, "/gardens", ARTICLE)
    select_text(page, "Nothing about anyone")
    with tend.context.expect_page() as opened:
        assert tend.worker().evaluate("(id) => self.tend.saveSelection({id})", tend.tab_id(page.url)) is None
    picker = opened.value
    expect(picker.locator("#picker-note")).to_have_value("Nothing about anyone in particular.")
    expect(picker.locator("#picker-hint")).to_contain_text("choose who it is about")
    picker.locator("#picker").press_sequentially("সুমা")
    expect(picker.locator("#matches .match-name")).to_have_text(["সুমাইয়া রহমান"])
    picker.keyboard.press("Enter")
    picker.keyboard.press("Enter")
    expect(picker.locator("#outcome")).to_have_text("Logged: Note with সুমাইয়া রহমান")
    [logged] = timeline(tend, sumaiya)
    assert (logged["note"], logged["source_title"]) == ("Nothing about anyone in particular.", "Notes on community gardens")


def test_last_thursdays_coffee_is_logged_on_last_thursday(tend: Tend) -> None:
    tend.pair()
    ana = person(tend, name="Ana Souza")
    page = open_page(tend, "/gardens", ARTICLE)
    popup = tend.popup_for(page)
    popup.locator("#picker").press_sequentially("ana")
    expect(popup.locator("#matches .match-name")).to_have_text(["Ana Souza"])  # Enter picks what is shown
    popup.keyboard.press("Enter")
    expect(popup.locator("#chosen .chip-name")).to_have_text(["Ana Souza"])
    popup.select_option("#when", "date")
    expect(popup.locator("#when-date")).to_be_visible()
    popup.fill("#when-date", "2026-11-26")
    popup.click("#picker-kinds button[data-kind=coffee]")
    expect(popup.locator("#outcome")).to_have_text("Logged: Coffee with Ana Souza")
    [logged] = timeline(tend, ana)
    assert (logged["kind"], logged["occurred_at"]) == ("coffee", "2026-11-26T12:00:00Z")
    status, saved = tend.companion.request("GET", f"/api/v1/people/{ana}")
    assert saved["last_interaction_at"] == "2026-11-26T12:00:00Z"  # cadences count from that day


def test_offline_the_picker_searches_the_remembered_people_and_everything_is_sent_when_back(tend: Tend) -> None:
    tend.pair()
    kwame = person(tend, name="Kwame Mensah", emails=["kwame.mensah@example.org"])
    page = open_page(tend, "/gardens", ARTICLE)
    popup = tend.popup_for(page)
    popup.locator("#picker").press_sequentially("kwa")
    expect(popup.locator("#matches .match-name")).to_have_text(["Kwame Mensah"])  # remembered from here on
    port = tend.companion.url.rsplit(":", 1)[1]
    assert tend.companion.stop() == 0

    popup.reload()
    expect(popup.locator("#state")).to_have_attribute("data-state", "not_running")
    popup.locator("#picker").press_sequentially("mens")
    expect(popup.locator("#matches .match-name")).to_have_text(["Kwame Mensah"])
    expect(popup.locator("#picker-hint")).to_contain_text("The companion is offline")
    popup.keyboard.press("Enter")
    popup.locator("#picker").press_sequentially("Nasrin Akter")
    expect(popup.locator("#matches .match-name")).to_have_text(["Add “Nasrin Akter” as a new person"])
    popup.keyboard.press("Enter")
    expect(popup.locator("#chosen .chip-name")).to_have_text(["Kwame Mensah", "Nasrin Akter"])
    popup.keyboard.press("Enter")
    expect(popup.locator("#outcome")).to_have_text("The companion is offline: queued, it will be sent when it is back.")

    tend.companion = start_companion(tend.companion.data_dir, "--port", port)
    tend.worker().evaluate("() => self.tend.handlers.flushQueue()")
    assert tend.worker().evaluate("async () => (await chrome.storage.local.get('queue')).queue.length") == 0
    [nasrin] = people_named(tend, "nasrin")
    [logged] = timeline(tend, kwame)
    assert (logged["kind"], logged["person_ids"]) == ("message", [kwame, nasrin["id"]])
