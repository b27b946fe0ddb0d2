from typing import Any

from tests.conftest import Api
from tests.support import FixedClock


async def person(api: Api, name: str) -> int:
    status, body, _ = await api.call("POST", "/api/v1/people", {"name": name})
    assert status == 201
    return body["id"]


async def log(api: Api, **fields: Any) -> dict[str, Any]:
    status, body, _ = await api.call("POST", "/api/v1/interactions", fields)
    assert status == 201, body
    return body


async def last_interaction(api: Api, person_id: int) -> str | None:
    return (await api.call("GET", f"/api/v1/people/{person_id}"))[1]["last_interaction_at"]


async def test_logging_with_several_people_updates_everyones_last_interaction(api: Api) -> None:
    ada, bob = await person(api, "Ada"), await person(api, "Bob")
    logged = await log(api, person_ids=[ada, bob], kind="coffee", note="☕ قهوه با هم")
    assert logged["occurred_at"] == "2026-11-22T09:00:00Z" and logged["note"] == "☕ قهوه با هم"
    assert await last_interaction(api, ada) == await last_interaction(api, bob) == "2026-11-22T09:00:00Z"


async def test_a_past_interaction_does_not_move_last_interaction_backwards(api: Api) -> None:
    ada = await person(api, "Ada")
    await log(api, person_ids=[ada], kind="call", occurred_at="2026-11-20T10:00:00+03:30")
    assert await last_interaction(api, ada) == "2026-11-20T06:30:00Z"
    await log(api, person_ids=[ada], kind="email", occurred_at="2025-01-01T00:00:00Z")
    assert await last_interaction(api, ada) == "2026-11-20T06:30:00Z"


async def test_timeline_is_newest_first_and_paged(api: Api, clock: FixedClock) -> None:
    ada = await person(api, "Ada")
    for kind in ("met", "call", "thanks"):
        await log(api, person_ids=[ada], kind=kind)
        clock.advance(hours=1)
    status, page, _ = await api.call("GET", f"/api/v1/people/{ada}/interactions", params={"limit": "2"})
    assert status == 200 and page["total"] == 3 and [i["kind"] for i in page["items"]] == ["thanks", "call"]
    await api.expect_error(404, "not_found", "GET", "/api/v1/people/77/interactions")


async def test_editing_or_deleting_an_interaction_recomputes_last_interaction(api: Api, clock: FixedClock) -> None:
    ada, bob = await person(api, "Ada"), await person(api, "Bob")
    older = await log(api, person_ids=[ada], kind="met", occurred_at="2026-10-01T12:00:00Z")
    newer = await log(api, person_ids=[ada], kind="call")
    status, moved, _ = await api.call("PATCH", f"/api/v1/interactions/{newer['id']}", {"person_ids": [bob]})
    assert status == 200 and moved["person_ids"] == [bob]
    assert await last_interaction(api, ada) == "2026-10-01T12:00:00Z"
    assert await last_interaction(api, bob) == "2026-11-22T09:00:00Z"
    assert (await api.call("DELETE", f"/api/v1/interactions/{older['id']}"))[0] == 204
    assert await last_interaction(api, ada) is None


async def test_bad_interactions_are_refused_and_store_nothing(api: Api) -> None:
    ada = await person(api, "Ada")
    path = "/api/v1/interactions"
    await api.expect_error(422, "validation_error", "POST", path, {"person_ids": [ada, 999], "kind": "call"},
                           fields={"person_ids"})
    await api.expect_error(422, "validation_error", "POST", path, {"person_ids": [], "kind": "call"},
                           fields={"person_ids"})
    await api.expect_error(422, "validation_error", "POST", path, {"person_ids": [ada], "kind": "poke"},
                           fields={"kind"})
    await api.expect_error(422, "validation_error", "POST", path,
                           {"person_ids": [ada], "kind": "call", "occurred_at": "2026-11-22T09:00:00"},
                           fields={"occurred_at"})  # no time zone: ambiguous
    await api.expect_error(422, "validation_error", "POST", path,
                           {"person_ids": [ada], "kind": "call", "occurred_at": "2027-01-01T00:00:00Z"},
                           fields={"occurred_at"})
    await api.expect_error(404, "not_found", "PATCH", f"{path}/5", {"note": "x"})


async def test_concurrent_logs_for_one_person_are_all_kept(api: Api, clock: FixedClock) -> None:
    import asyncio
    ada = await person(api, "Ada")
    results = await asyncio.gather(*(api.call("POST", "/api/v1/interactions",
                                              {"person_ids": [ada], "kind": "message", "note": str(i)})
                                     for i in range(30)))
    assert all(status == 201 for status, _, _ in results)
    page = (await api.call("GET", f"/api/v1/people/{ada}/interactions", params={"limit": "100"}))[1]
    assert sorted(int(i["note"]) for i in page["items"]) == list(range(30))
