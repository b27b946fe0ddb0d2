import asyncio
from typing import Any

import pytest

from tests.conftest import Api

PEOPLE = "/api/v1/people"


async def create(api: Api, payload: dict[str, Any]) -> dict[str, Any]:
    status, body, _ = await api.call("POST", PEOPLE, payload)
    assert status == 201, body
    return body


async def test_create_person_returns_it_with_id_revision_and_link_kinds(api: Api, person_payload) -> None:  # type: ignore[no-untyped-def]
    status, body, headers = await api.call("POST", PEOPLE, person_payload)
    assert status == 201
    assert body["id"] >= 1 and body["revision"] == 1 and headers["ETag"] == '"1"'
    assert body["urls"] == [{"url": "https://www.linkedin.com/in/ada-lovelace/", "kind": "linkedin"}]
    assert body["created_at"] == "2026-11-22T09:00:00Z" and body["last_interaction_at"] is None
    status, fetched, _ = await api.call("GET", f"{PEOPLE}/{body['id']}")
    assert status == 200 and fetched == body


@pytest.mark.parametrize("payload, field", [
    ({}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "x" * 301}, "name"),
    ({"name": "Ada", "emails": ["not an email"]}, "emails.0"),
    ({"name": "Ada", "urls": [{"url": "javascript:alert(1)"}]}, "urls.0.url"),
    ({"name": "Ada", "cadence_days": 0}, "cadence_days"),
    ({"name": "Ada", "nickname": "typo"}, "nickname"),
    ({"name": "Ada", "tags": "one"}, "tags"),
])
async def test_create_person_with_bad_fields_names_them(api: Api, payload: dict[str, Any], field: str) -> None:
    await api.expect_error(422, "validation_error", "POST", PEOPLE, payload, fields={field})


async def test_create_person_with_broken_json_is_a_400(api: Api) -> None:
    await api.expect_error(400, "invalid_json", "POST", PEOPLE, data=b'{"name": "Ada"',
                           headers={"Content-Type": "application/json"})


@pytest.mark.parametrize("body", [
    b'{"name": "\\ud800"}',  # a lone surrogate: valid JSON text, but no UTF-8 file could ever hold it
    b'{"name": "Ada", "notes": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",  # nesting that would blow the stack
    b'{"name": NaN}',
], ids=["lone-surrogate", "deep-nesting", "nan"])
async def test_json_the_store_could_not_hold_is_refused_up_front(api: Api, body: bytes) -> None:
    await api.expect_error(400, "invalid_json", "POST", PEOPLE, data=body, headers={"Content-Type": "application/json"})


async def test_a_profile_url_owned_by_someone_else_is_a_conflict(api: Api, person_payload) -> None:  # type: ignore[no-untyped-def]
    first = await create(api, person_payload)
    body = await api.expect_error(409, "conflict", "POST", PEOPLE, {
        "name": "Other", "urls": [{"url": "https://de.linkedin.com/in/ada-lovelace?trk=x"}]}, fields={"urls.0.url"})
    assert str(first["id"]) in body["error"]["message"]


async def test_lookup_finds_a_person_by_any_form_of_their_url_or_by_email(api: Api, person_payload) -> None:  # type: ignore[no-untyped-def]
    person = await create(api, person_payload)
    for url in ("https://linkedin.com/in/ada-lovelace", "http://fa.linkedin.com/in/ada-lovelace/?original=1"):
        status, found, _ = await api.call("GET", f"{PEOPLE}/lookup", params={"url": url})
        assert status == 200 and found["id"] == person["id"]
    status, found, _ = await api.call("GET", f"{PEOPLE}/lookup", params={"email": "ADA@example.org"})
    assert status == 200 and found["id"] == person["id"]
    await api.expect_error(404, "not_found", "GET", f"{PEOPLE}/lookup", params={"url": "https://github.com/nobody"})
    await api.expect_error(422, "validation_error", "GET", f"{PEOPLE}/lookup")


async def test_update_changes_only_given_fields_and_bumps_revision(api: Api, person_payload) -> None:  # type: ignore[no-untyped-def]
    person = await create(api, person_payload)
    status, updated, headers = await api.call("PATCH", f"{PEOPLE}/{person['id']}",
                                              {"title": "Countess", "headline": None})
    assert status == 200 and updated["title"] == "Countess" and updated["revision"] == 2
    assert updated["organization"] == person["organization"] and headers["ETag"] == '"2"'


async def test_update_with_a_stale_if_match_is_refused(api: Api, person_payload) -> None:  # type: ignore[no-untyped-def]
    person = await create(api, person_payload)
    path = f"{PEOPLE}/{person['id']}"
    status, _, _ = await api.call("PATCH", path, {"tags": ["a"]}, headers={"If-Match": '"1"'})
    assert status == 200
    await api.expect_error(412, "revision_mismatch", "PATCH", path, {"tags": ["b"]}, headers={"If-Match": '"1"'})
    await api.expect_error(412, "revision_mismatch", "PATCH", path, {"tags": ["b"]}, headers={"If-Match": "junk"})


async def test_update_cannot_null_a_name_or_steal_a_url(api: Api, person_payload) -> None:  # type: ignore[no-untyped-def]
    ada = await create(api, person_payload)
    bob = await create(api, {"name": "Bob"})
    await api.expect_error(422, "validation_error", "PATCH", f"{PEOPLE}/{ada['id']}", {"name": None},
                           fields={"name"})
    await api.expect_error(409, "conflict", "PATCH", f"{PEOPLE}/{bob['id']}",
                           {"urls": [{"url": "https://linkedin.com/in/ada-lovelace"}]})


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
async def test_unknown_or_malformed_person_ids_are_404(api: Api, method: str) -> None:
    body = {} if method == "PATCH" else None
    await api.expect_error(404, "not_found", method, f"{PEOPLE}/999", body)
    await api.expect_error(404, "not_found", method, f"{PEOPLE}/abc", body)
    await api.expect_error(404, "not_found", method, f"{PEOPLE}/0", body)


async def test_delete_person_removes_their_tasks_and_keeps_shared_interactions(api: Api) -> None:
    ada = await create(api, {"name": "Ada"})
    bob = await create(api, {"name": "Bob"})
    status, shared, _ = await api.call("POST", "/api/v1/interactions",
                                       {"person_ids": [ada["id"], bob["id"]], "kind": "meeting"})
    status, alone, _ = await api.call("POST", "/api/v1/interactions", {"person_ids": [ada["id"]], "kind": "call"})
    status, task, _ = await api.call("POST", "/api/v1/tasks", {"person_id": ada["id"], "text": "write"})
    status, _, _ = await api.call("DELETE", f"{PEOPLE}/{ada['id']}")
    assert status == 204
    assert (await api.call("GET", f"/api/v1/interactions/{shared['id']}"))[1]["person_ids"] == [bob["id"]]
    assert (await api.call("GET", f"/api/v1/interactions/{alone['id']}"))[0] == 404
    assert (await api.call("GET", f"/api/v1/tasks/{task['id']}"))[0] == 404


async def test_list_searches_name_tag_and_organization_and_pages(api: Api) -> None:
    await create(api, {"name": "علی رضایی", "organization": "Sharif", "tags": ["ai"]})
    await create(api, {"name": "Zoë Brown", "organization": "Acme", "tags": ["ai", "climbing"]})
    await create(api, {"name": "শফিক", "organization": "Acme"})

    async def names(**params: Any) -> tuple[list[str], int]:
        status, page, _ = await api.call("GET", PEOPLE, params=params)
        assert status == 200
        return [p["name"] for p in page["items"]], page["total"]

    assert (await names())[1] == 3
    assert await names(q="علي") == (["علی رضایی"], 1)  # typed with an Arabic yeh, stored with a Persian one
    assert await names(q="ZOË") == (["Zoë Brown"], 1)
    assert await names(tag="AI") == (["Zoë Brown", "علی رضایی"], 2)
    assert await names(organization="acme", limit=1) == (["Zoë Brown"], 2)
    assert await names(organization="acme", limit=1, offset=1) == (["শফিক"], 2)
    await api.expect_error(422, "validation_error", "GET", PEOPLE, params={"limit": "0"}, fields={"query.limit"})


async def test_concurrent_creates_get_distinct_ids_and_all_persist(api: Api) -> None:
    results = await asyncio.gather(*(api.call("POST", PEOPLE, {"name": f"P{i}"}) for i in range(40)))
    ids = [body["id"] for status, body, _ in results if status == 201]
    assert len(set(ids)) == 40
    assert (await api.call("GET", PEOPLE, params={"limit": "100"}))[1]["total"] == 40
