"""Bulk changes from the dashboard's selection: a tag added or removed, a cadence set, people deleted
after a dry run that says how many interactions and tasks go with them; an unknown id changes nothing."""

from __future__ import annotations

from tests.conftest import Api

BULK = "/api/v1/people/bulk"


async def test_tags_and_cadence_change_for_everyone_selected(api: Api) -> None:
    ids = []
    for person in ({"name": "Ada", "tags": ["Friend"]}, {"name": "Grace"}, {"name": "Alan", "tags": ["work"]}):
        status, made, _ = await api.call("POST", "/api/v1/people", person)
        ids.append(made["id"])
    status, added, _ = await api.call("POST", BULK, {"person_ids": ids, "action": "add_tag", "tag": "friend"})
    assert (status, added["people"]) == (200, 2)  # Ada has it already, whatever its case
    status, cadence, _ = await api.call("POST", BULK, {"person_ids": ids[:2], "action": "set_cadence",
                                                       "cadence_days": 30})
    assert cadence["people"] == 2
    status, removed, _ = await api.call("POST", BULK, {"person_ids": ids, "action": "remove_tag", "tag": "FRIEND"})
    assert removed["people"] == 3
    people = [(await api.call("GET", f"/api/v1/people/{i}"))[1] for i in ids]
    assert [(p["tags"], p["cadence_days"]) for p in people] == [([], 30), ([], 30), (["work"], None)]


async def test_a_bulk_delete_says_first_what_goes_with_the_people(api: Api) -> None:
    status, ada, _ = await api.call("POST", "/api/v1/people", {"name": "Ada"})
    status, grace, _ = await api.call("POST", "/api/v1/people", {"name": "Grace"})
    status, alan, _ = await api.call("POST", "/api/v1/people", {"name": "Alan"})
    await api.call("POST", "/api/v1/interactions", {"person_ids": [ada["id"]], "kind": "call"})
    await api.call("POST", "/api/v1/interactions", {"person_ids": [ada["id"], grace["id"]], "kind": "coffee"})
    await api.call("POST", "/api/v1/interactions", {"person_ids": [ada["id"], alan["id"]], "kind": "meeting"})
    await api.call("POST", "/api/v1/tasks", {"person_id": grace["id"], "text": "send the notes"})
    before = api.state()
    selection = {"person_ids": [ada["id"], grace["id"]], "action": "delete"}
    status, preview, _ = await api.call("POST", BULK, {**selection, "dry_run": True})
    assert (preview["people"], preview["interactions"], preview["tasks"]) == (2, 2, 1)  # the meeting keeps Alan
    assert api.state() == before
    await api.expect_error(404, "not_found", "POST", BULK, {"person_ids": [ada["id"], 999], "action": "delete"})
    assert api.state() == before  # nobody deleted
    status, done, _ = await api.call("POST", BULK, selection)
    assert done["people"] == 2
    status, timeline, _ = await api.call("GET", f"/api/v1/people/{alan['id']}/interactions")
    assert [item["person_ids"] for item in timeline["items"]] == [[alan["id"]]]


async def test_a_tag_action_needs_a_tag(api: Api) -> None:
    await api.expect_error(422, "validation_error", "POST", BULK, {"person_ids": [1], "action": "add_tag"})
