from tests.conftest import Api
from tests.support import FixedClock

TASKS = "/api/v1/tasks"


async def test_task_lifecycle_open_snoozed_done(api: Api, clock: FixedClock) -> None:
    ada = (await api.call("POST", "/api/v1/people", {"name": "Ada"}))[1]["id"]
    status, task, _ = await api.call("POST", TASKS, {"person_id": ada, "text": "Send the paper", "due": "2026-11-22"})
    assert status == 201 and task["status"] == "open" and task["origin"] == "manual"
    due = (await api.call("GET", f"{TASKS}/due"))[1]
    assert [t["id"] for t in due["items"]] == [task["id"]]

    status, snoozed, _ = await api.call("PATCH", f"{TASKS}/{task['id']}",
                                        {"status": "snoozed", "snoozed_until": "2026-11-25"})
    assert status == 200 and (await api.call("GET", f"{TASKS}/due"))[1]["total"] == 0
    assert (await api.call("GET", f"{TASKS}/due", params={"on": "2026-11-25"}))[1]["total"] == 1

    status, done, _ = await api.call("PATCH", f"{TASKS}/{task['id']}", {"status": "done"})
    assert done["done_at"] == "2026-11-22T09:00:00Z" and done["snoozed_until"] is None
    assert (await api.call("GET", f"{TASKS}/due", params={"on": "2030-01-01"}))[1]["total"] == 0
    listed = (await api.call("GET", TASKS, params={"status": "done", "person_id": str(ada)}))[1]
    assert [t["id"] for t in listed["items"]] == [task["id"]]
    assert (await api.call("DELETE", f"{TASKS}/{task['id']}"))[0] == 204


async def test_future_tasks_are_not_due_yet(api: Api) -> None:
    await api.call("POST", TASKS, {"text": "Plan the week", "due": "2026-11-23"})
    await api.call("POST", TASKS, {"text": "No date"})
    assert (await api.call("GET", f"{TASKS}/due"))[1]["total"] == 0


async def test_bad_tasks_are_refused(api: Api) -> None:
    await api.expect_error(422, "validation_error", "POST", TASKS, {"text": ""}, fields={"text"})
    await api.expect_error(422, "validation_error", "POST", TASKS, {"text": "x", "person_id": 4},
                           fields={"person_id"})
    await api.expect_error(422, "validation_error", "POST", TASKS, {"text": "x", "status": "snoozed"})
    await api.expect_error(422, "validation_error", "POST", TASKS, {"text": "x", "due": "next tuesday"},
                           fields={"due"})
    await api.expect_error(404, "not_found", "DELETE", f"{TASKS}/3")
