"""Finding people from a few typed letters (the popup's picker, `tend log NAME`): any word's beginning,
case-, accent- and script-variant-insensitive, from an index kept current as people change."""

from __future__ import annotations

import pytest

from tests.conftest import Api

PEOPLE = [
    {"name": "Ayşe Çelik", "organization": "Boğaziçi Üniversitesi"},
    {"name": "علی کریمی", "organization": "دانشگاه تهران"},  # Persian letters: ی and ک
    {"name": "সুমাইয়া রহমান", "organization": "BRAC"},
    {"name": "Ada Lovelace", "emails": ["countess@analytical.example"],
     "urls": [{"url": "https://github.com/ada-l"}]},
    {"name": "Adam Smith", "organization": "Glasgow"},
    {"name": "José Núñez", "urls": [{"url": "https://www.linkedin.com/in/jnunez/"}]},
]


@pytest.fixture
async def people(api: Api) -> dict[str, int]:
    ids = {}
    for person in PEOPLE:
        status, made, _ = await api.call("POST", "/api/v1/people", person)
        assert status == 201, made
        ids[person["name"]] = made["id"]
    return ids


async def names(api: Api, q: str) -> list[str]:
    status, page, _ = await api.call("GET", f"/api/v1/people/match?q={q}")
    assert status == 200, page
    return [person["name"] for person in page["items"]]


@pytest.mark.parametrize(("typed", "found"), [
    ("celik", ["Ayşe Çelik"]), ("ÇEL", ["Ayşe Çelik"]), ("bogazici", ["Ayşe Çelik"]),
    ("علي", ["علی کریمی"]), ("كريمي", ["علی کریمی"]), ("تهران", ["علی کریمی"]),  # Arabic-keyboard ي and ك
    ("সুমা", ["সুমাইয়া রহমান"]), ("brac", ["সুমাইয়া রহমান"]),
    ("countess", ["Ada Lovelace"]), ("ada-l", ["Ada Lovelace"]), ("jnunez", ["José Núñez"]), ("nunez", ["José Núñez"]),
    ("ada lo", ["Ada Lovelace"]), ("lovelace ada", ["Ada Lovelace"]),
])
async def test_a_few_letters_find_the_person_however_they_are_typed(api: Api, people: dict, typed: str,
                                                                      found: list[str]) -> None:
    assert await names(api, typed) == found


async def test_whose_name_begins_with_it_comes_first_then_the_recently_seen(api: Api, people: dict,
                                                                           clock) -> None:  # type: ignore[no-untyped-def]
    assert await names(api, "ada") == ["Ada Lovelace", "Adam Smith"]
    await api.call("POST", "/api/v1/interactions", {"person_ids": [people["Adam Smith"]], "kind": "call"})
    assert await names(api, "ada") == ["Adam Smith", "Ada Lovelace"]  # both begin with it: seen last first


async def test_someone_due_a_check_in_comes_before_the_recently_seen(api: Api, clock) -> None:  # type: ignore[no-untyped-def]
    """"People due or recently seen first": due by their own rhythm, or by a tag's set in /me."""
    ids = {}
    for name, extra in (("Mina Rahimi", {}), ("Mina Sadeghi", {"cadence_days": 30}), ("Mina Tavakoli", {"tags": ["mentor"]})):
        status, made, _ = await api.call("POST", "/api/v1/people", {"name": name, **extra})
        ids[name] = made["id"]
    for name, when in (("Mina Rahimi", "2026-11-21T09:00:00Z"), ("Mina Sadeghi", "2026-09-01T09:00:00Z"),
                       ("Mina Tavakoli", "2026-10-01T09:00:00Z")):
        await api.call("POST", "/api/v1/interactions", {"person_ids": [ids[name]], "kind": "call", "occurred_at": when})
    assert await names(api, "mina") == ["Mina Sadeghi", "Mina Rahimi", "Mina Tavakoli"]  # Sadeghi: 30 days, long ago
    status, me, _ = await api.call("GET", "/api/v1/me")
    await api.call("PUT", "/api/v1/me", {**me, "tag_cadence": {"mentor": 14}})
    assert await names(api, "mina") == ["Mina Tavakoli", "Mina Sadeghi", "Mina Rahimi"]  # both due: the latest first


async def test_the_index_follows_edits_and_deletions(api: Api, people: dict) -> None:
    ada = people["Ada Lovelace"]
    status, person, _ = await api.call("GET", f"/api/v1/people/{ada}")
    await api.call("PATCH", f"/api/v1/people/{ada}", {"organization": "Analytical Engines"},
                   headers={"If-Match": str(person["revision"])})
    assert await names(api, "analytical") == ["Ada Lovelace"]
    await api.call("DELETE", f"/api/v1/people/{ada}")
    assert await names(api, "lovelace") == []


async def test_nothing_typed_is_refused_and_nothing_found_is_empty(api: Api, people: dict) -> None:
    await api.expect_error(422, "validation_error", "GET", "/api/v1/people/match?q=", fields={"query.q"})
    assert await names(api, "zzz") == []
