"""The dashboard's person page and weekly session, as a user works with them, in English and Persian."""

from __future__ import annotations

import datetime
import json
import re

from playwright.sync_api import expect

from tests.browser.conftest import Tend, shoot
from tests.browser.test_extension import profile_page


def days_ago(days: int) -> str:
    return (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def make(tend: Tend, **fields: object) -> dict:
    status, person = tend.companion.request("POST", "/api/v1/people", fields)
    assert status == 201, person
    return person


def test_the_person_page_shows_everything_and_edits_it_in_place(tend: Tend) -> None:
    tend.pair()
    ana = make(tend, name="Ana Souza", headline="Maps bus routes", organization="Open Transit",
               emails=["ana.souza@example.com.br"], urls=[{"url": "https://github.com/anasouza"}], needs=["a data engineer"])
    twin = make(tend, name="Ana  Souza")
    tend.companion.request("POST", "/api/v1/interactions", {
        "person_ids": [ana["id"]], "kind": "email", "occurred_at": "2026-11-19T15:04:00Z", "note": "Sent the GTFS guide",
        "source_url": "https://mail.example/thread/1", "source_title": "GTFS guide"})
    dashboard = tend.extension_page("dashboard/dashboard.html")
    dashboard.click(f"#people button[data-person-id='{ana['id']}']")
    card = dashboard.locator(".person-card")
    expect(card.locator(".name")).to_have_text("Ana Souza")
    expect(card.locator("a[href='mailto:ana.souza@example.com.br']")).to_have_count(1)
    expect(card.locator("a[href='https://github.com/anasouza']")).to_have_attribute("rel", "noopener noreferrer")
    expect(dashboard.locator(".timeline .when")).to_have_text([re.compile(r"Nov 19, 2026, \d")])
    expect(dashboard.locator(".timeline .source a")).to_have_text(["GTFS guide"])
    expect(dashboard.locator(".give-take")).to_have_text("This past year you gave 0 and received 0.")
    expect(dashboard.locator(".duplicates li")).to_contain_text(["Ana  Souza"])
    shoot(dashboard, "person-en")

    dashboard.click("#person-edit")
    dashboard.fill(".person-form input[name=headline]", "Maps every bus route in Recife")
    dashboard.fill(".person-form input[name=tags]", "transit, mentor")
    dashboard.fill(".person-form textarea[name=phones]", "+55 81 5555 0100")
    dashboard.click("#person-save")
    expect(card.locator(".headline")).to_have_text("Maps every bus route in Recife")
    status, saved = tend.companion.request("GET", f"/api/v1/people/{ana['id']}")
    assert (saved["tags"], saved["phones"], saved["emails"]) == (["transit", "mentor"], ["+558155550100"],
                                                                 ["ana.souza@example.com.br"])

    # Someone else changes her meanwhile: the save says so and offers to reload, nothing is overwritten.
    dashboard.click("#person-edit")
    dashboard.fill(".person-form input[name=location]", "Recife")
    tend.companion.request("PATCH", f"/api/v1/people/{ana['id']}", {"organization": "Transit Lab"})
    dashboard.click("#person-save")
    expect(dashboard.locator(".person-form [role=alert]")).to_contain_text("was changed meanwhile")
    dashboard.click("#person-reload")
    expect(card).to_contain_text("Transit Lab")
    status, saved = tend.companion.request("GET", f"/api/v1/people/{ana['id']}")
    assert saved["location"] is None and saved["organization"] == "Transit Lab"

    dashboard.click(f".duplicates button[data-merge='{twin['id']}']")
    expect(dashboard.locator(".duplicates")).to_have_count(0)
    status, gone = tend.companion.request("GET", f"/api/v1/people/{twin['id']}")
    assert status == 404


def test_the_weekly_session_queues_who_to_write_to_with_a_draft_and_done_logs_it(tend: Tend) -> None:
    tend.pair()
    status, me = tend.companion.request("GET", "/api/v1/me")
    tend.companion.request("PUT", "/api/v1/me", {**me, "interests": ["open data"], "weekly_goal": 3})
    kwame = make(tend, name="Kwame Mensah", interests=["open data"], needs=["a venue"], cadence_days=14)
    tend.companion.request("POST", "/api/v1/interactions", {"person_ids": [kwame["id"]], "kind": "coffee",
                                                            "occurred_at": days_ago(30),
                                                            "note": "Bus maps. I'll send you the venue list."})
    dashboard = tend.extension_page("dashboard/dashboard.html")
    dashboard.click("#week")
    item = dashboard.locator(f".session li[data-person-id='{kwame['id']}']")
    expect(item.locator(".context")).to_have_text(["Last time: Bus maps. I'll send you the venue list.",
                                                   "You share: open data", "They need: a venue",
                                                   "You promised: I'll send you the venue list."])
    expect(item.locator("textarea")).to_have_value(
        "Hi Kwame, it's been a while! How have you been? I'd love to hear what you're working on these days.")
    before = dashboard.locator("#week-progress").text_content()
    shoot(dashboard, "week-en")
    item.locator("button[data-action=done]").click()
    expect(dashboard.locator(f".session li[data-person-id='{kwame['id']}']")).to_contain_text("Done and logged.")
    expect(dashboard.locator("#week-progress")).not_to_have_text(before or "")
    expect(dashboard.locator("#week-summary")).to_contain_text("1 of them in this session")
    status, timeline = tend.companion.request("GET", f"/api/v1/people/{kwame['id']}/interactions")
    assert len(timeline["items"]) == 2  # Done logged the check-in


def test_the_weekly_session_in_persian(tend: Tend) -> None:
    tend.pair(language="fa")
    leila = make(tend, name="لیلا کریمی", cadence_days=7)
    tend.companion.request("POST", "/api/v1/interactions", {"person_ids": [leila["id"]], "kind": "call",
                                                            "occurred_at": days_ago(20)})
    dashboard = tend.extension_page("dashboard/dashboard.html?view=week")
    expect(dashboard.locator("html")).to_have_attribute("dir", "rtl")
    item = dashboard.locator(f".session li[data-person-id='{leila['id']}']")
    expect(item.locator("textarea")).to_have_value(
        "سلام لیلا، خیلی وقت است! حالت چطور است؟ دوست دارم بدانم این روزها روی چه کار می‌کنی.")
    shoot(dashboard, "week-fa")


def test_the_person_page_in_persian(tend: Tend) -> None:
    tend.pair(language="fa")
    leila = make(tend, name="لیلا کریمی", headline="برگزارکننده‌ی باغ محله", emails=["leila@example.org"])
    tend.companion.request("POST", "/api/v1/interactions", {"person_ids": [leila["id"]], "kind": "helped_me",
                                                            "occurred_at": days_ago(3)})
    dashboard = tend.extension_page("dashboard/dashboard.html")
    dashboard.click(f"#people button[data-person-id='{leila['id']}']")
    expect(dashboard.locator("html")).to_have_attribute("dir", "rtl")
    expect(dashboard.locator(".give-take")).to_have_text("در یک سال گذشته ۰ بار کمک کردید و ۱ بار کمک گرفتید.")
    expect(dashboard.locator(".next li[data-kind=thank_you]")).to_have_count(1)
    dashboard.click("#person-edit")
    dashboard.fill(".person-form input[name=tags]", "همسایه، باغ")  # a Persian comma separates too
    dashboard.click("#person-save")
    expect(dashboard.locator(".person-card")).to_contain_text("همسایه، باغ")  # listed the Persian way
    status, saved = tend.companion.request("GET", f"/api/v1/people/{leila['id']}")
    assert saved["tags"] == ["همسایه", "باغ"]
    shoot(dashboard, "person-fa")


def test_tend_got_this_wrong_corrects_the_person_and_keeps_the_page_as_a_test_case(tend: Tend) -> None:
    tend.pair()
    page = tend.context.new_page()
    page.goto(tend.pages.add("/in-ana", profile_page("Ana Souza", "Read the latest posts by Ana on Example")))
    popup = tend.popup_for(page)
    popup.click("#save")
    expect(popup.locator("#card .name")).to_have_text("Ana Souza")
    with tend.context.expect_page() as opened:
        popup.click("#card-wrong")
    dashboard = opened.value
    expect(dashboard.locator("#keep-case")).to_be_checked()  # opened to correct, the offer ticked
    dashboard.fill("[name=headline]", "Data engineer, open data")
    dashboard.click("#person-save")
    expect(dashboard.locator("#case-kept code")).to_have_text("tend fixtures export DIR")
    expect(dashboard.locator(".person-card .headline")).to_have_text("Data engineer, open data")
    [case] = (tend.companion.data_dir / "cases").iterdir()
    expected = json.loads((case / "expected.json").read_text())
    assert expected["headline"] == "Data engineer, open data" and expected["page_url"] == page.url
    assert "Tend read headline" in expected["notes"]
    assert "Ana Souza" in (case / "source.html").read_text()
    shoot(dashboard, "got-this-wrong-en")


def test_review_duplicates_merges_with_the_users_choice_and_keeps_apart_for_good(tend: Tend) -> None:
    tend.pair()
    made = {}
    for key, person in {"ada": {"name": "Ada Lovelace", "organization": "Analytical", "headline": "Poet of numbers"},
                        "ada2": {"name": "Lovelace, Ada", "organization": "Analytical Engines",
                                 "headline": "First programmer", "emails": ["ada@analytical.example"]},
                        "sam": {"name": "Sam Lee"}, "sam2": {"name": "Sam Lee"}}.items():
        status, made[key] = tend.companion.request("POST", "/api/v1/people", person)
    dashboard = tend.extension_page("dashboard/dashboard.html")
    dashboard.click("#duplicates")
    pairs = dashboard.locator(".pair")
    expect(pairs).to_have_count(2)
    expect(pairs.first.locator(".evidence")).to_have_text("Same name; also: the same organization")
    expect(pairs.nth(1).locator(".evidence")).to_have_text("The same name, and nothing else to tell them apart")
    shoot(dashboard, "duplicates-en")
    pairs.first.locator("[data-field=headline] input[value=other]").check()
    pairs.first.locator("[data-action=merge]").click()
    expect(dashboard.locator(".pair")).to_have_count(1)
    status, ada = tend.companion.request("GET", f"/api/v1/people/{made['ada']['id']}")
    assert (ada["name"], ada["headline"], ada["emails"]) == ("Ada Lovelace", "First programmer",
                                                           ["ada@analytical.example"])
    assert tend.companion.request("GET", f"/api/v1/people/{made['ada2']['id']}")[0] == 404
    dashboard.locator(".pair [data-action=apart]").click()
    expect(dashboard.locator(".pair")).to_have_count(0)
    dashboard.reload()
    dashboard.click("#duplicates")
    expect(dashboard.locator("#detail > .hint")).to_have_text(
        "No possible duplicates. People with the same name and something in common appear here.")
    merged = dashboard.locator(".merges li")
    expect(merged).to_contain_text("Lovelace, Ada merged in")
    merged.locator("[data-action=undo]").click()  # undone from the dashboard: both back as they were
    expect(dashboard.locator(".merges li")).to_contain_text("undone")
    status, back = tend.companion.request("GET", f"/api/v1/people/{made['ada2']['id']}")
    assert status == 200 and back["headline"] == "First programmer"
    status, ada = tend.companion.request("GET", f"/api/v1/people/{made['ada']['id']}")
    assert ada["headline"] == "Poet of numbers"
    expect(dashboard.locator(".pair")).to_have_count(1)  # and offered again


def test_review_duplicates_in_persian(tend: Tend) -> None:
    tend.pair(language="fa")
    for name in ("نسرین اکبری", "نسرین  اکبری"):
        tend.companion.request("POST", "/api/v1/people", {"name": name, "organization": "براک"})
    dashboard = tend.extension_page("dashboard/dashboard.html?view=duplicates")
    expect(dashboard.locator(".pair .evidence")).to_have_text("هم‌نام؛ همچنین: سازمان یکسان")
    expect(dashboard.locator(".pair fieldset")).to_have_count(0)  # "نسرین  اکبری" reads as the same name
    expect(dashboard.locator("#duplicates")).to_have_text("بررسی تکراری‌ها")
    shoot(dashboard, "duplicates-fa")


def test_bulk_actions_tag_and_delete_the_ticked_people_after_saying_what_goes(tend: Tend) -> None:
    tend.pair()
    ids = {}
    for name in ("Ada", "Alan", "Grace", "Mei"):
        status, made = tend.companion.request("POST", "/api/v1/people", {"name": name})
        ids[name] = made["id"]
    tend.companion.request("POST", "/api/v1/interactions", {"person_ids": [ids["Alan"]], "kind": "call"})
    tend.companion.request("POST", "/api/v1/tasks", {"person_id": ids["Grace"], "text": "send the notes"})
    dashboard = tend.extension_page("dashboard/dashboard.html")
    expect(dashboard.locator("#people input.pick")).to_have_count(4)
    expect(dashboard.locator("#bulk")).to_be_hidden()
    dashboard.click(f"input.pick[data-person-id='{ids['Ada']}']")
    dashboard.click(f"input.pick[data-person-id='{ids['Grace']}']", modifiers=["Shift"])  # Ada, Alan, Grace
    expect(dashboard.locator("#bulk strong")).to_have_text("3 selected")
    dashboard.fill("#bulk-tag", "mentor")
    dashboard.click("#bulk-add-tag")
    expect(dashboard.locator("#bulk-said")).to_have_text("Done: 3 changed.")
    tagged = [tend.companion.request("GET", f"/api/v1/people/{ids[n]}")[1]["tags"] for n in ("Ada", "Alan", "Grace", "Mei")]
    assert tagged == [["mentor"], ["mentor"], ["mentor"], []]
    dashboard.click(f"input.pick[data-person-id='{ids['Ada']}']")  # untick Ada: Alan and Grace remain
    dashboard.click("#bulk-delete")
    expect(dashboard.locator("#bulk-said span")).to_have_text(
        "Delete 2 people? With them go interactions: 1, tasks: 1. Interactions with others stay with the others.")
    shoot(dashboard, "bulk-en")
    dashboard.click("#bulk-delete-confirm")
    expect(dashboard.locator("#people li")).to_have_count(2)
    expect(dashboard.locator("#bulk")).to_be_hidden()
    assert tend.companion.request("GET", f"/api/v1/people/{ids['Alan']}")[0] == 404


def test_bulk_actions_in_persian(tend: Tend) -> None:
    tend.pair(language="fa")
    for name in ("نسرین", "آرش"):
        tend.companion.request("POST", "/api/v1/people", {"name": name})
    dashboard = tend.extension_page("dashboard/dashboard.html")
    expect(dashboard.locator("#people input.pick")).to_have_count(2)
    dashboard.locator("#people input.pick").first.click()
    dashboard.click("#bulk-all")
    expect(dashboard.locator("#bulk strong")).to_have_text("۲ انتخاب‌شده")
    dashboard.fill("#bulk-cadence", "30")
    dashboard.click("#bulk-set-cadence")
    expect(dashboard.locator("#bulk-said")).to_have_text("انجام شد: ۲ تغییر کرد.")
    shoot(dashboard, "bulk-fa")
