"""Suggestions through the API: today's list, done logs the implied interaction, snooze, dismiss, the user."""

from __future__ import annotations

from tests.conftest import Api
from tests.support import FixedClock


async def quiet_week(api: Api) -> None:
    """No weekly goal, so only the suggestions a test sets up appear."""
    status, me, _ = await api.call("GET", "/api/v1/me")
    await api.call("PUT", "/api/v1/me", {**me, "weekly_goal": 0})


async def test_done_logs_the_thanks_and_the_suggestion_is_gone(api: Api, clock: FixedClock) -> None:
    await quiet_week(api)
    status, ada, _ = await api.call("POST", "/api/v1/people", {"name": "Ada"})
    clock.advance(days=-2)
    await api.call("POST", "/api/v1/interactions", {"person_ids": [ada["id"]], "kind": "helped_me"})
    clock.advance(days=2)
    status, page, _ = await api.call("GET", "/api/v1/suggestions")
    assert status == 200 and [(s["kind"], s["person_ids"]) for s in page["items"]] == [("thank_you", [ada["id"]])]
    suggestion = page["items"][0]
    assert suggestion["why"] and suggestion["actions"] == ["done", "snooze", "dismiss"]
    status, outcome, _ = await api.call("POST", f"/api/v1/suggestions/{suggestion['id']}/done")
    assert status == 200 and outcome["status"] == "done" and outcome["interaction_id"]
    status, timeline, _ = await api.call("GET", f"/api/v1/people/{ada['id']}/interactions")
    assert [i["kind"] for i in timeline["items"]] == ["thanks", "helped_me"]
    status, page, _ = await api.call("GET", "/api/v1/suggestions")
    assert page["items"] == [] and page["total"] == 0


async def test_snooze_hides_until_the_day_it_ends_and_dismiss_for_good(api: Api, clock: FixedClock) -> None:
    await quiet_week(api)
    for name in ("Ada", "Grace"):
        status, person, _ = await api.call("POST", "/api/v1/people", {"name": name, "cadence_days": 7})
        clock.advance(days=-10)
        await api.call("POST", "/api/v1/interactions", {"person_ids": [person["id"]], "kind": "call"})
        clock.advance(days=10)
    status, page, _ = await api.call("GET", "/api/v1/suggestions")
    first, second = page["items"]
    status, snoozed, _ = await api.call("POST", f"/api/v1/suggestions/{first['id']}/snooze", {"days": 3})
    assert snoozed["until"] == "2026-11-25"
    await api.call("POST", f"/api/v1/suggestions/{second['id']}/dismiss")
    status, page, _ = await api.call("GET", "/api/v1/suggestions")
    assert page["items"] == []
    clock.advance(days=3)
    status, page, _ = await api.call("GET", "/api/v1/suggestions")
    assert [s["id"] for s in page["items"]] == [first["id"]]


async def test_an_unknown_suggestion_is_404_and_the_store_is_untouched(api: Api) -> None:
    await api.expect_error(404, "not_found", "POST", "/api/v1/suggestions/keep_in_touch-000000000000/done")
    await api.expect_error(422, "validation_error", "POST", "/api/v1/suggestions/x/snooze", {"days": 0},
                           fields={"days"})


async def test_the_user_sets_goals_and_rhythm(api: Api) -> None:
    status, me, _ = await api.call("GET", "/api/v1/me")
    assert status == 200 and me["daily_cap"] == 5 and me["weekly_goal"] == 5
    wanted = {**me, "goals": ["پیدا کردن هم‌فکران"], "interests": ["শিক্ষা"], "daily_cap": 3,
              "tag_cadence": {"family": 7}}
    status, saved, _ = await api.call("PUT", "/api/v1/me", wanted)
    assert status == 200 and saved == wanted
    status, again, _ = await api.call("GET", "/api/v1/me")
    assert again == wanted
    await api.expect_error(422, "validation_error", "PUT", "/api/v1/me", {**wanted, "weekly_goal": True},
                           fields={"weekly_goal"})


async def test_reminders_due_lists_due_tasks(api: Api) -> None:
    await api.call("POST", "/api/v1/tasks", {"text": "write to Ada", "due": "2026-11-20"})
    await api.call("POST", "/api/v1/tasks", {"text": "later", "due": "2026-12-20"})
    status, due, _ = await api.call("GET", "/api/v1/reminders/due")
    assert [t["text"] for t in due["items"]] == ["write to Ada"]


async def test_after_a_change_only_the_people_it_touched_are_recomputed_and_the_list_is_right(
        api: Api, clock: FixedClock) -> None:
    await quiet_week(api)
    ids = []
    for name in ("Ada", "Grace", "Hedy"):
        status, person, _ = await api.call("POST", "/api/v1/people", {"name": name})
        ids.append(person["id"])
    clock.advance(days=-3)
    for person_id in ids:
        await api.call("POST", "/api/v1/interactions", {"person_ids": [person_id], "kind": "helped_me"})
    clock.advance(days=3)
    status, page, _ = await api.call("GET", "/api/v1/suggestions?limit=10")
    assert sorted(s["person_ids"][0] for s in page["items"]) == ids
    await api.call("POST", "/api/v1/interactions", {"person_ids": [ids[1]], "kind": "thanks"})
    status, page, _ = await api.call("GET", "/api/v1/suggestions?limit=10")
    assert sorted(s["person_ids"][0] for s in page["items"]) == [ids[0], ids[2]]
    await api.call("DELETE", f"/api/v1/people/{ids[2]}")
    status, page, _ = await api.call("GET", "/api/v1/suggestions?limit=10")
    assert [s["person_ids"][0] for s in page["items"]] == [ids[0]]


async def test_insights_answers_in_its_documented_shape(api: Api) -> None:
    status, ada, _ = await api.call("POST", "/api/v1/people", {"name": "Ada", "organization": "Engines"})
    await api.call("POST", "/api/v1/interactions", {"person_ids": [ada["id"]], "kind": "helped_them"})
    status, data, _ = await api.call("GET", "/api/v1/insights")
    assert status == 200
    assert data["reciprocity"]["people"] == [{"person_id": ada["id"], "name": "Ada", "given": 1, "received": 0}]
    assert data["diversity"]["organizations"]["top"] == [{"value": "Engines", "count": 1}]
    assert data["rhythm"]["weeks"][-1]["interactions"] == 1


async def test_a_promise_in_a_note_becomes_a_task_due_when_it_says(api: Api) -> None:
    status, ada, _ = await api.call("POST", "/api/v1/people", {"name": "Ada"})
    status, logged, _ = await api.call("POST", "/api/v1/interactions", {
        "person_ids": [ada["id"]], "kind": "coffee", "note": "Lovely chat. I'll send you the paper next week."})
    assert status == 201
    status, tasks, _ = await api.call("GET", f"/api/v1/tasks?person_id={ada['id']}")
    assert [(t["text"], t["due"], t["origin"]) for t in tasks["items"]] == [
        ("I'll send you the paper next week.", "2026-11-29", "promise")]
    status, plain, _ = await api.call("POST", "/api/v1/interactions", {
        "person_ids": [ada["id"]], "kind": "call", "note": "She will send me the slides."})
    status, tasks, _ = await api.call("GET", f"/api/v1/tasks?person_id={ada['id']}")
    assert tasks["total"] == 1
