"""Imports, exports and the calendar through the API: de-duplication and merge, reports with line numbers,
dry runs that write nothing, exact JSON restore, streamed progress, and a feed behind its own key."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import vobject

from companion.api.app import create_app
from companion.api.keys import STORE
from companion.settings import Settings
from tests.conftest import Api
from tests.support import FixedClock

IMPORTS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "imports"
HEADER = "Notes:\n\"a notice\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def linkedin_file(*rows: str) -> str:
    return HEADER + "".join(row + "\n" for row in rows)


async def test_linkedin_export_creates_people_with_a_dated_connection_and_reports_the_blank_row(api: Api) -> None:
    content = (IMPORTS / "linkedin-connections-2024-quirks.excerpt.csv").read_text(encoding="utf-8")
    status, report, _ = await api.call("POST", "/api/v1/imports", {"format": "linkedin", "content": content})
    assert status == 200, report
    assert (report["created"], report["updated"], report["skipped"], report["failed"]) == (21, 0, 0, 1)
    assert [(e["line"], e["code"], sorted(e["fields"])) for e in report["errors"]] == [
        (14, "no_name", ["First Name", "Last Name"])]
    first = report["rows"][0]
    assert first["line"] == 5 and first["outcome"] == "created"
    status, person, _ = await api.call("GET", f"/api/v1/people/{first['person_id']}")
    assert person["how_met"] == "LinkedIn" and person["organization"] == "Prepfully"
    assert person["urls"] == [{"url": "https://www.linkedin.com/in/anjula-batra", "kind": "linkedin"}]
    status, timeline, _ = await api.call("GET", f"/api/v1/people/{first['person_id']}/interactions")
    assert [(i["kind"], i["occurred_at"]) for i in timeline["items"]] == [("connected", "2024-05-30T00:00:00Z")]

    status, again, _ = await api.call("POST", "/api/v1/imports", {"format": "linkedin", "content": content})
    assert (again["created"], again["updated"], again["skipped"]) == (0, 0, 21)
    assert api.store.people.count() == 21 and api.store.interactions.count() == 21


async def test_a_known_person_is_merged_by_url_or_email_and_a_namesake_is_only_reported(api: Api, clock: FixedClock) -> None:
    status, ada, _ = await api.call("POST", "/api/v1/people", {
        "name": "Ada L.", "organization": "Analytical", "title": "Mathematician", "tags": ["friend"],
        "urls": [{"url": "https://www.linkedin.com/in/ada/"}]})
    status, grace, _ = await api.call("POST", "/api/v1/people", {"name": "Grace Hopper", "emails": ["grace@navy.mil"]})
    status, alan, _ = await api.call("POST", "/api/v1/people", {"name": "Alan Turing", "organization": "NPL"})
    content = linkedin_file("Ada,Lovelace,https://uk.linkedin.com/in/ada,,Babbage & Co,Countess,01 Mar 2021",
                            "Grace,Hopper,,grace@navy.mil,US Navy,Rear Admiral,02 Mar 2021",
                            "Alan,Turing,,,NPL,,03 Mar 2021",
                            "Alan,Turing,,,Bletchley Park,,04 Mar 2021")
    status, report, _ = await api.call("POST", "/api/v1/imports", {"format": "linkedin", "content": content})
    assert [(r["line"], r["outcome"], r["person_id"]) for r in report["rows"]][:2] == [
        (5, "updated", ada["id"]), (6, "updated", grace["id"])]
    # The same name at the same organization is never merged: a new person, kept apart for review.
    assert (report["rows"][2]["outcome"], report["rows"][2]["possible_duplicates"]) == ("created", [alan["id"]])
    # The same name at another organization is another person, and not even a possible duplicate.
    assert (report["rows"][3]["outcome"], report["rows"][3]["possible_duplicates"]) == ("created", [])
    status, merged, _ = await api.call("GET", f"/api/v1/people/{ada['id']}")
    assert merged["name"] == "Ada L." and merged["tags"] == ["friend"]  # the user's own fields stay
    assert (merged["organization"], merged["title"]) == ("Babbage & Co", "Countess")  # LinkedIn is current
    status, history, _ = await api.call("GET", f"/api/v1/people/{ada['id']}/history")
    assert {(c["field"], c["old"], c["new"]) for c in history["items"]} == {
        ("organization", "Analytical", "Babbage & Co"), ("title", "Mathematician", "Countess")}


async def test_vcard_import_fills_but_never_overwrites(api: Api) -> None:
    status, mike, _ = await api.call("POST", "/api/v1/people", {"name": "Mike", "emails": ["mike.angstadt@gmail.com"],
                                                                "title": "Mine"})
    content = (IMPORTS / "ezvcard-outlook-2007.vcf").read_text(encoding="utf-8")
    status, report, _ = await api.call("POST", "/api/v1/imports", {"format": "vcard", "content": content})
    assert report["updated"] == 1 and report["rows"][0]["person_id"] == mike["id"]
    status, person, _ = await api.call("GET", f"/api/v1/people/{mike['id']}")
    assert person["title"] == "Mine" and person["organization"] == "TheCompany"
    assert person["urls"] == [{"url": "http://mikeangstadt.name", "kind": "homepage"}]  # the repeat joined once


async def test_csv_dry_run_previews_and_changes_nothing(api: Api) -> None:
    content = "Name;Mail;Company\nAda;ada@example.org;A\nGrace;not-an-email;B\nAda;ada@example.org;A\n"
    body = {"format": "csv", "content": content, "mapping": {"Mail": "emails"}, "dry_run": True}
    before = api.state()
    status, report, _ = await api.call("POST", "/api/v1/imports", body)
    assert status == 200 and api.state() == before
    assert [(r["line"], r["outcome"]) for r in report["rows"]] == [(2, "created"), (3, "created"), (4, "skipped")]
    assert [(w["line"], w["code"], list(w["fields"])) for w in report["warnings"]] == [
        (3, "invalid_values_left_out", ["emails.0"])]
    status, real, _ = await api.call("POST", "/api/v1/imports", {**body, "dry_run": False})
    assert (real["created"], real["skipped"]) == (2, 1) and api.store.people.count() == 2


async def test_a_csvs_columns_are_shown_guessed_then_as_mapped_and_the_mapping_imports(api: Api) -> None:
    content = "Who;Mail;Company;Secret\nسارا;sara@example.org;Acme;x\n"
    before = api.state()
    status, found, _ = await api.call("POST", "/api/v1/imports/csv-columns", {"content": content})
    assert status == 200 and api.state() == before
    assert [(c["header"], c["field"]) for c in found["columns"]] == [
        ("Who", None), ("Mail", "emails"), ("Company", "organization"), ("Secret", None)]
    assert {"name", "first_name", "last_name", "emails", "needs"} <= set(found["fields"])
    await api.expect_error(422, "validation_error", "POST", "/api/v1/imports", {"format": "csv", "content": content},
                           fields={"mapping"})  # nothing holds the name: the person picks the column

    mapping = {"Who": "name", "Company": ""}
    status, found, _ = await api.call("POST", "/api/v1/imports/csv-columns", {"content": content, "mapping": mapping})
    assert [(c["header"], c["field"]) for c in found["columns"]] == [
        ("Who", "name"), ("Mail", "emails"), ("Company", None), ("Secret", None)]
    status, report, _ = await api.call("POST", "/api/v1/imports", {"format": "csv", "content": content, "mapping": mapping})
    assert status == 200 and report["created"] == 1
    status, person, _ = await api.call("GET", f"/api/v1/people/{report['rows'][0]['person_id']}")
    assert (person["name"], person["emails"], person.get("organization")) == ("سارا", ["sara@example.org"], None)

    await api.expect_error(422, "validation_error", "POST", "/api/v1/imports/csv-columns",
                           {"content": content, "mapping": {"Who": "nom", "Nope": "name"}},
                           fields={"mapping.Who", "mapping.Nope"})
    await api.expect_error(422, "validation_error", "POST", "/api/v1/imports/csv-columns", {"content": "\n \n"},
                           fields={"content"})


async def test_files_that_are_not_what_they_say_are_refused_and_nothing_changes(api: Api) -> None:
    await api.expect_error(422, "validation_error", "POST", "/api/v1/imports",
                           {"format": "linkedin", "content": "name,email\nAda,a@b.c\n"}, fields={"content"})
    await api.expect_error(422, "validation_error", "POST", "/api/v1/imports",
                           {"format": "csv", "content": "Email\na@b.c\n"}, fields={"mapping"})
    await api.expect_error(422, "validation_error", "POST", "/api/v1/imports",
                           {"format": "vcard", "content": "hello"}, fields={"content"})
    await api.expect_error(422, "validation_error", "POST", "/api/v1/imports",
                           {"format": "xls", "content": "x"}, fields={"format"})


async def test_json_backup_round_trips_exactly_into_an_empty_store(api: Api, aiohttp_client, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                 clock: FixedClock) -> None:
    status, ada, _ = await api.call("POST", "/api/v1/people", {"name": "آدا", "tags": ["ریاضی"], "cadence_days": 30})
    status, grace, _ = await api.call("POST", "/api/v1/people", {"name": "Grace"})
    await api.call("POST", "/api/v1/interactions", {"person_ids": [ada["id"], grace["id"]], "kind": "coffee",
                                                    "note": "I'll send you the paper next week"})
    await api.call("DELETE", f"/api/v1/people/{grace['id']}")
    await api.call("PUT", "/api/v1/me", {"goals": ["write"], "weekly_goal": 3})
    status, _, headers = await api.call("GET", "/api/v1/exports/json")
    exported = await (await api.client.get("/api/v1/exports/json",
                                           headers={"Authorization": f"Bearer {api.token}"})).text()
    assert status == 200 and headers["Content-Type"].startswith("application/json")

    await api.expect_error(409, "conflict", "POST", "/api/v1/imports", {"format": "json", "content": exported})

    other = await aiohttp_client(create_app(Settings(data_dir=tmp_path / "other", port=0, clock=clock)))
    token, _ = other.app[STORE].tokens.issue("tests")
    auth = {"Authorization": f"Bearer {token}"}
    answer = await other.post("/api/v1/imports", json={"format": "json", "content": exported}, headers=auth)
    assert answer.status == 200 and (await answer.json())["created"] == 1
    again = await (await other.get("/api/v1/exports/json", headers=auth)).text()
    assert json.loads(again)["tables"] == json.loads(exported)["tables"]
    answer = await other.post("/api/v1/people", json={"name": "New"}, headers=auth)
    assert (await answer.json())["id"] > ada["id"]  # new ids never collide with restored ones


async def test_vcard_and_csv_exports_parse_with_other_readers(api: Api, person_payload: dict) -> None:
    await api.call("POST", "/api/v1/people", person_payload)
    await api.call("POST", "/api/v1/people", {"name": "অমিত রায়", "notes": "line\nand, more; here"})
    text = await (await api.client.get("/api/v1/exports/vcard", headers={"Authorization": f"Bearer {api.token}"})).text()
    cards = list(vobject.readComponents(text))
    assert [c.fn.value for c in cards] == ["Ada Lovelace", "অমিত রায়"]
    assert cards[1].note.value == "line\nand, more; here"
    await api.expect_error(404, "not_found", "GET", "/api/v1/exports/xlsx")


async def test_progress_streams_as_ndjson_then_the_report(api: Api) -> None:
    content = linkedin_file(*(f"P{i},L{i},https://www.linkedin.com/in/p{i},,Org,,01 Jan 2024" for i in range(450)))
    answer = await api.client.post("/api/v1/imports", json={"format": "linkedin", "content": content},
                                   headers={"Authorization": f"Bearer {api.token}", "Accept": "application/x-ndjson"})
    assert answer.headers["Content-Type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in (await answer.text()).splitlines()]
    assert lines[:-1] == [{"done": 200, "total": 450}, {"done": 400, "total": 450}, {"done": 450, "total": 450}]
    assert lines[-1]["report"]["created"] == 450


async def test_calendar_feed_needs_its_key_and_lists_tasks_and_check_ins(api: Api, clock: FixedClock) -> None:
    status, ada, _ = await api.call("POST", "/api/v1/people", {"name": "Ada", "cadence_days": 14})
    clock.advance(days=-20)
    await api.call("POST", "/api/v1/interactions", {"person_ids": [ada["id"]], "kind": "call"})
    clock.advance(days=20)
    status, task, _ = await api.call("POST", "/api/v1/tasks", {"person_id": ada["id"], "text": "Send the paper",
                                                              "due": "2026-12-01"})
    await api.expect_error(401, "unauthorized", "GET", "/api/v1/calendar", auth=False)
    status, link, _ = await api.call("GET", "/api/v1/calendar")
    path = link["url"].split("127.0.0.1", 1)[1].split("/", 1)[1]
    feed = await api.client.get("/" + path)
    assert feed.status == 200 and feed.headers["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(await feed.text()).walk("VEVENT")
    today = clock().date()
    assert sorted((str(e["UID"]), e.decoded("DTSTART").isoformat(), str(e["SUMMARY"])) for e in events) == sorted([
        (f"tend-check-in-{ada['id']}@tend.local", today.isoformat(), "Check in with Ada"),
        (f"tend-task-{task['id']}@tend.local", "2026-12-01", "Send the paper")])
    status, _, _ = await api.call("GET", "/api/v1/calendar.ics?key=wrong", auth=False)
    assert status == 403
    from_a_page = await api.client.get("/" + path, headers={"Sec-Fetch-Site": "cross-site"})
    assert from_a_page.status == 403  # the key opens the feed to calendar apps, never to a web page
    status, rotated, _ = await api.call("POST", "/api/v1/calendar/key")
    assert rotated["url"] != link["url"] and (await api.client.get("/" + path)).status == 403
