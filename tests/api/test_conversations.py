"""Logging a conversation from the page it happened on: saved people by id or by the address or link the
page shows, the others added; and which of a page's addresses and links are saved people."""

from __future__ import annotations

from tests.conftest import Api


async def make(api: Api, person: dict) -> int:
    status, made, _ = await api.call("POST", "/api/v1/people", person)
    assert status == 201, made
    return made["id"]


async def test_saved_people_are_found_by_address_or_link_and_the_unknown_one_is_added(api: Api) -> None:
    leila = await make(api, {"name": "Leila Karimi", "emails": ["leila@example.org"]})
    omid = await make(api, {"name": "Omid Jalali", "urls": [{"url": "https://www.linkedin.com/in/omid-j/"}]})
    body = {"kind": "email", "note": "Agreed on the workshop. I'll send you the agenda tomorrow.",
            "occurred_at": "2026-11-19T15:04:00Z", "source_url": "https://mail.example/thread/1",
            "source_title": "Workshop — agenda",
            "participants": [{"name": "L. Karimi", "email": "LEILA@example.org"},
                             {"name": "Omid", "url": "https://de.linkedin.com/in/omid-j?trk=x"},
                             {"name": "Sumaiya Rahman", "email": "sumaiya@example.net"}]}
    status, logged, _ = await api.call("POST", "/api/v1/conversations", body)
    assert status == 201, logged
    sumaiya = logged["created"][0]
    assert [p["id"] for p in logged["people"]] == [leila, omid, sumaiya]
    assert logged["people"][2]["name"] == "Sumaiya Rahman" and logged["people"][2]["emails"] == ["sumaiya@example.net"]
    interaction = logged["interaction"]
    assert interaction["person_ids"] == [leila, omid, sumaiya]
    assert (interaction["kind"], interaction["occurred_at"], interaction["source_title"]) == \
        ("email", "2026-11-19T15:04:00Z", "Workshop — agenda")
    assert len(logged["task_ids"]) == 1  # the promise in the note
    status, leila_now, _ = await api.call("GET", f"/api/v1/people/{leila}")
    assert leila_now["last_interaction_at"] == "2026-11-19T15:04:00Z" and leila_now["name"] == "Leila Karimi"

    # The same request again (the offline queue sending twice): nobody is added a second time.
    status, again, _ = await api.call("POST", "/api/v1/conversations", body)
    assert status == 201 and again["created"] == [] and [p["id"] for p in again["people"]] == [leila, omid, sumaiya]


async def test_one_person_named_twice_is_logged_once(api: Api) -> None:
    ada = await make(api, {"name": "Ada", "emails": ["ada@example.org"]})
    status, logged, _ = await api.call("POST", "/api/v1/conversations", {
        "kind": "meeting", "participants": [{"person_id": ada}, {"name": "Ada L", "email": "ada@example.org"}]})
    assert status == 201 and logged["interaction"]["person_ids"] == [ada]


async def test_a_participant_needs_an_id_or_a_name_and_nothing_is_half_written(api: Api) -> None:
    await api.expect_error(422, "validation_error", "POST", "/api/v1/conversations",
                           {"kind": "message", "participants": [{"email": "x@example.org"}]},
                           fields={"participants.0"})
    await api.expect_error(404, "not_found", "POST", "/api/v1/conversations",
                           {"kind": "message", "participants": [{"name": "New Person"}, {"person_id": 999}]})
    status, people, _ = await api.call("GET", "/api/v1/people")
    assert people["total"] == 0  # the new person of the refused request was not kept


async def test_resolve_says_which_addresses_and_links_are_saved_people(api: Api) -> None:
    leila = await make(api, {"name": "Leila Karimi", "emails": ["leila@example.org"],
                             "urls": [{"url": "https://github.com/leilak"}]})
    status, result, _ = await api.call("POST", "/api/v1/people/resolve", {
        "emails": ["Leila@Example.org", "nobody@example.org", "not an address"],
        "urls": ["https://github.com/LeilaK/", "https://github.com/someone", "javascript:alert(1)"]})
    assert status == 200, result
    assert [(found["key"], found["person"]["id"]) for found in result["found"]] == [
        ("https://github.com/LeilaK/", leila), ("Leila@Example.org", leila)]
    await api.expect_error(422, "validation_error", "POST", "/api/v1/people/resolve", {"emails": ["a"] * 501},
                           fields={"emails"})
