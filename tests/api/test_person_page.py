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


async def test_possible_duplicates_are_close_names_at_a_matching_organization(api: Api) -> None:
    ids = []
    for person in ({"name": "Sean Cahalan", "organization": "Bounce"}, {"name": "Sean  Cahalan"},
                   {"name": "Sean Cahalan", "organization": "Elsewhere Ltd"}, {"name": "Mei Chen"}):
        status, made, _ = await api.call("POST", "/api/v1/people", person)
        ids.append(made["id"])
    status, found, _ = await api.call("GET", f"/api/v1/people/{ids[0]}/duplicates")
    assert status == 200, found
    assert [d["person_id"] for d in found["items"]] == [ids[1]]  # not itself, not another organization's, not Mei
