"""A merge can be undone: both people come back exactly as they were, with their interactions, tasks,
captures, history, face and keep-apart decisions, within 30 days and while neither was merged again."""

from __future__ import annotations

import json

from tests.conftest import Api
from tests.support import FixedClock

JPEG = b"\xff\xd8\xff" + b"\x00" * 40


async def backup(api: Api) -> dict:
    response = await api.client.get("/api/v1/exports/json", headers={"Authorization": f"Bearer {api.token}"})
    document = json.loads(await response.text())
    return {name: rows for name, rows in document["tables"].items() if name != "merges"}


async def test_undo_puts_both_people_and_everything_of_theirs_back_byte_for_byte(api: Api, clock: FixedClock) -> None:
    status, ada, _ = await api.call("POST", "/api/v1/people", {"name": "Ada Lovelace", "organization": "Analytical",
                                                               "tags": ["friend"]})
    status, dup, _ = await api.call("POST", "/api/v1/people", {"name": "Ada L.", "emails": ["ada@example.org"],
                                                               "headline": "First programmer", "notes": "met at a talk"})
    status, other, _ = await api.call("POST", "/api/v1/people", {"name": "Sam Lee"})
    await api.call("POST", "/api/v1/interactions", {"person_ids": [dup["id"], ada["id"]], "kind": "coffee"})
    await api.call("POST", "/api/v1/interactions", {"person_ids": [dup["id"]], "kind": "call", "note": "about looms"})
    await api.call("POST", "/api/v1/tasks", {"person_id": dup["id"], "text": "send the notes"})
    await api.call("PUT", f"/api/v1/people/{dup['id']}/face", {"image": __import__("base64").b64encode(JPEG).decode()})
    await api.call("POST", "/api/v1/duplicates/keep-apart", {"person_ids": [dup["id"], other["id"]]})
    api.store.suggestion_state.set("reconnect-dup", "dismissed", kind="reconnect", person_ids=[dup["id"]])
    before = await backup(api)

    status, merged, _ = await api.call("POST", f"/api/v1/people/{ada['id']}/merge",
                                       {"duplicate_id": dup["id"], "take": ["headline"]})
    assert status == 200 and merged["headline"] == "First programmer"
    assert await backup(api) != before
    assert api.store.suggestion_state.get_for("reconnect-dup") is None  # the merged-away person's are over
    status, merges, _ = await api.call("GET", "/api/v1/merges")
    [merge] = merges["items"]
    assert (merge["kept_id"], merge["merged_id"], merge["merged_name"], merge["undoable"]) == (
        ada["id"], dup["id"], "Ada L.", True)

    clock.advance(days=29)
    status, undone, _ = await api.call("POST", f"/api/v1/merges/{merge['id']}/undo")
    assert status == 200, undone
    assert [person["name"] for person in undone["people"]] == ["Ada Lovelace", "Ada L."]
    assert await backup(api) == before  # every document as it was
    assert (api.store.data_dir / "faces" / f"{dup['id']}.img").read_bytes() == JPEG
    assert not (api.store.data_dir / "faces" / f"{ada['id']}.img").exists()
    body = await api.expect_error(409, "conflict", "POST", f"/api/v1/merges/{merge['id']}/undo",
                                  fields={"merge_id"})
    assert "undone already" in body["error"]["message"]


async def test_a_merge_cannot_be_undone_after_thirty_days_or_once_merged_again(api: Api, clock: FixedClock) -> None:
    ids = []
    for name in ("Wei Chen", "Wei  Chen", "W. Chen"):
        status, made, _ = await api.call("POST", "/api/v1/people", {"name": name})
        ids.append(made["id"])
    await api.call("POST", f"/api/v1/people/{ids[0]}/merge", {"duplicate_id": ids[1]})
    await api.call("POST", f"/api/v1/people/{ids[0]}/merge", {"duplicate_id": ids[2]})
    status, merges, _ = await api.call("GET", "/api/v1/merges")
    newest, oldest = merges["items"]
    assert not oldest["undoable"] and "merged again" in oldest["why_not"]
    body = await api.expect_error(409, "conflict", "POST", f"/api/v1/merges/{oldest['id']}/undo")
    assert "undo that merge first" in body["error"]["message"]
    clock.advance(days=31)
    state = api.state()
    body = await api.expect_error(409, "conflict", "POST", f"/api/v1/merges/{newest['id']}/undo")
    assert "30 days" in body["error"]["message"] and api.state() == state
    await api.expect_error(404, "not_found", "POST", "/api/v1/merges/99/undo")


async def test_an_edit_made_after_the_merge_outlasts_its_undo(api: Api) -> None:
    status, ada, _ = await api.call("POST", "/api/v1/people", {"name": "Ada Lovelace", "headline": "Poet of numbers"})
    status, dup, _ = await api.call("POST", "/api/v1/people", {"name": "Ada L.", "emails": ["ada@example.org"]})
    status, merged, _ = await api.call("POST", f"/api/v1/people/{ada['id']}/merge", {"duplicate_id": dup["id"]})
    status, edited, _ = await api.call("PATCH", f"/api/v1/people/{ada['id']}", {"location": "London"},
                                       headers={"If-Match": f'"{merged["revision"]}"'})
    assert status == 200, edited
    status, merges, _ = await api.call("GET", "/api/v1/merges")
    status, undone, _ = await api.call("POST", f"/api/v1/merges/{merges['items'][0]['id']}/undo")
    kept, back = undone["people"]
    assert (kept["location"], kept["emails"], back["emails"]) == ("London", [], ["ada@example.org"])
    assert kept["revision"] > edited["revision"]  # a change, for anyone holding the old revision
