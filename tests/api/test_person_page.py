"""What the dashboard's person page reads besides the person: the next step with them (today's
suggestions, their task, the give-and-take) and who may be the same person."""

from __future__ import annotations

from tests.conftest import Api


async def test_the_next_step_gives_their_suggestions_task_and_give_and_take(api: Api) -> None:
    status, grace, _ = await api.call("POST", "/api/v1/people", {"name": "Grace Hopper"})
    for kind in ("helped_me", "helped_me", "intro"):
        await api.call("POST", "/api/v1/interactions", {"person_ids": [grace["id"]], "kind": kind})
    await api.call("POST", "/api/v1/tasks", {"person_id": grace["id"], "text": "Send Grace the COBOL notes"})
    status, step, _ = await api.call("GET", f"/api/v1/people/{grace['id']}/next")
    assert status == 200, step
    assert step["task"]["text"] == "Send Grace the COBOL notes"
    assert (step["give_and_take"]["given"], step["give_and_take"]["received"]) == (1, 2)
    assert all(grace["id"] in suggestion["person_ids"] for suggestion in step["suggestions"])
    await api.expect_error(404, "not_found", "GET", "/api/v1/people/999/next")


async def test_possible_duplicates_are_the_same_name_with_nothing_that_tells_them_apart(api: Api) -> None:
    ids = []
    for person in ({"name": "Sean Cahalan", "organization": "Bounce"}, {"name": "Sean  Cahalan"},
                   {"name": "Sean Cahalan", "organization": "Elsewhere Ltd"}, {"name": "Mei Chen"}):
        status, made, _ = await api.call("POST", "/api/v1/people", person)
        ids.append(made["id"])
    status, found, _ = await api.call("GET", f"/api/v1/people/{ids[0]}/duplicates")
    assert status == 200, found
    assert [(d["person_id"], d["agree"]) for d in found["items"]] == [(ids[1], ["name"])]  # not itself, not another organization's, not Mei


async def test_the_weekly_session_queues_people_with_what_makes_writing_easy(api: Api, clock) -> None:  # type: ignore[no-untyped-def]
    status, me, _ = await api.call("GET", "/api/v1/me")
    await api.call("PUT", "/api/v1/me", {**me, "interests": ["open data"], "goals": ["mentoring"], "weekly_goal": 3})
    status, ana, _ = await api.call("POST", "/api/v1/people", {
        "name": "Ana Souza", "interests": ["Open Data", "cycling"], "needs": ["a data engineer"], "cadence_days": 14})
    await api.call("POST", "/api/v1/interactions", {"person_ids": [ana["id"]], "kind": "coffee",
                                                    "occurred_at": "2026-10-01T10:00:00Z",
                                                    "note": "Talked about bus data. I'll send you the GTFS guide."})
    status, mei, _ = await api.call("POST", "/api/v1/people", {"name": "Mei Chen"})
    await api.call("POST", "/api/v1/interactions", {"person_ids": [mei["id"]], "kind": "call"})  # this week
    status, week, _ = await api.call("GET", "/api/v1/week")
    assert status == 200, week
    assert (week["week_start"], week["goal"], week["done"]) == ("2026-11-16", 3, 1)  # the fixed clock: Sun 22 Nov
    [item] = [item for item in week["items"] if item["person"]["id"] == ana["id"]]
    assert item["shared"] == ["Open Data"]
    assert [note["note"][:16] for note in item["last_notes"]] == ["Talked about bus"]
    assert [task["origin"] for task in item["promises"]] == ["promise"]
    assert ana["id"] in item["suggestion"]["person_ids"]
    assert len({i["person"]["id"] for i in week["items"]}) == len(week["items"])  # each person once
