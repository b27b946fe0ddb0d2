"""Namesakes stay apart on every way in: a shared link, address or phone number is the same person; a name
alone never is. The same name with a signal that differs is another person; with one that agrees, a
possible duplicate for the user to review."""

from __future__ import annotations

from tests.api.test_imports import linkedin_file
from tests.conftest import Api

IMPORTS = "/api/v1/imports"


def card(name: str, *lines: str) -> str:
    return "BEGIN:VCARD\r\nVERSION:3.0\r\n" + f"FN:{name}\r\n" + "".join(f"{line}\r\n" for line in lines) + "END:VCARD\r\n"


async def people_named(api: Api, name: str) -> list[dict]:
    status, page, _ = await api.call("GET", "/api/v1/people", params={"q": name})
    return [person for person in page["items"] if person["name"] == name]


async def test_two_cards_of_one_name_with_different_phones_are_two_people(api: Api) -> None:
    content = card("John Smith", "TEL:+1 202 555 0143") + card("John Smith", "TEL:+44 20 7946 0018")
    status, report, _ = await api.call("POST", IMPORTS, {"format": "vcard", "content": content})
    assert (report["created"], report["updated"]) == (2, 0)
    assert [row["possible_duplicates"] for row in report["rows"]] == [[], []]  # their phones tell them apart
    assert len(await people_named(api, "John Smith")) == 2


async def test_a_card_with_a_known_number_in_another_form_is_the_same_person(api: Api) -> None:
    status, me, _ = await api.call("GET", "/api/v1/me")
    await api.call("PUT", "/api/v1/me", {**me, "phone_region": "DE"})
    status, anna, _ = await api.call("POST", "/api/v1/people", {"name": "Anna Becker", "phones": ["0151 12345678"]})
    assert anna["phones"] == ["+4915112345678"]  # kept in E.164, read in the user's country
    content = card("Anna B.", "TEL:+49 151 1234 5678", "EMAIL:anna@example.de")
    status, report, _ = await api.call("POST", IMPORTS, {"format": "vcard", "content": content})
    assert (report["rows"][0]["outcome"], report["rows"][0]["person_id"]) == ("updated", anna["id"])


async def test_two_csv_rows_of_one_name_and_nothing_else_are_kept_apart_and_reported(api: Api) -> None:
    status, report, _ = await api.call("POST", IMPORTS, {"format": "csv", "content": "Name\nSam Lee\nSam Lee\n"})
    assert (report["created"], report["updated"]) == (2, 0)
    first, second = report["rows"]
    assert first["possible_duplicates"] == [] and second["possible_duplicates"] == [first["person_id"]]


async def test_linkedin_namesakes_at_different_companies_are_different_people(api: Api) -> None:
    content = linkedin_file("Wei,Chen,,,Acme,Engineer,01 Mar 2021", "Wei,Chen,,,Globex,Designer,02 Mar 2021")
    status, report, _ = await api.call("POST", IMPORTS, {"format": "linkedin", "content": content})
    assert report["created"] == 2 and [row["possible_duplicates"] for row in report["rows"]] == [[], []]


async def test_a_capture_of_a_namesake_at_another_company_is_not_offered_as_a_duplicate(api: Api) -> None:
    status, saved, _ = await api.call("POST", "/api/v1/people", {"name": "Ana Souza", "organization": "Acme"})
    page = ('<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"ProfilePage",'
            '"mainEntity":{"@type":"Person","name":"Ana Souza","worksFor":{"@type":"Organization","name":"%s"}}}'
            '</script></head><body></body></html>')
    status, other, _ = await api.call("POST", "/api/v1/captures", {"url": "https://ex.example/ana-2",
                                                                  "html": page % "Globex"})
    assert other["status"] == "created" and other["possible_duplicates"] == []
    status, same, _ = await api.call("POST", "/api/v1/captures", {"url": "https://ex.example/ana-3",
                                                                 "html": page % "Acme"})
    assert [(d["person_id"], d["agree"]) for d in same["possible_duplicates"]] == [(saved["id"], ["organization"])]


async def test_a_person_added_by_hand_shows_their_possible_duplicates_with_the_evidence(api: Api) -> None:
    status, one, _ = await api.call("POST", "/api/v1/people", {"name": "Nasrin Akter", "emails": ["n@brac.net"]})
    status, two, _ = await api.call("POST", "/api/v1/people", {"name": "Nasrin  Akter", "emails": ["nasrin@brac.net"]})
    status, three, _ = await api.call("POST", "/api/v1/people", {"name": "Nasrin Akter", "phones": ["+8801711234567"],
                                                                "emails": ["nasrin@gmail.com"]})
    status, found, _ = await api.call("GET", f"/api/v1/people/{one['id']}/duplicates")
    assert [(d["person_id"], d["agree"], d["differ"]) for d in found["items"]] == [(two["id"], ["email_domain"], [])]


async def test_the_review_queue_pairs_namesakes_with_evidence_and_forgets_pairs_kept_apart(api: Api) -> None:
    made = {}
    for key, person in {"ada": {"name": "Ada Lovelace", "organization": "Analytical"},
                        "ada2": {"name": "Lovelace, Ada", "organization": "Analytical Engines"},
                        "ada3": {"name": "Ada Lovelace", "organization": "Elsewhere"},
                        "sam": {"name": "Sam Lee"}, "sam2": {"name": "sam  LEE"},
                        "mei": {"name": "Mei Chen"}}.items():
        status, made[key], _ = await api.call("POST", "/api/v1/people", person)
    status, queue, _ = await api.call("GET", "/api/v1/duplicates")
    pairs = [([p["id"] for p in item["people"]], item["agree"]) for item in queue["items"]]
    assert pairs == [([made["ada"]["id"], made["ada2"]["id"]], ["organization"]),  # evidence first
                     ([made["sam"]["id"], made["sam2"]["id"]], ["name"])]  # then a name with nothing else
    assert queue["total"] == 2 and [item["score"] for item in queue["items"]] == [100.0, 100.0]

    before = api.state()
    await api.expect_error(422, "validation_error", "POST", "/api/v1/duplicates/keep-apart",
                           {"person_ids": [made["sam"]["id"]]}, fields={"person_ids"})
    await api.expect_error(404, "not_found", "POST", "/api/v1/duplicates/keep-apart", {"person_ids": [1, 999]})
    assert api.state() == before
    status, _, _ = await api.call("POST", "/api/v1/duplicates/keep-apart",
                                  {"person_ids": [made["sam2"]["id"], made["sam"]["id"]]})
    assert status == 204
    status, queue, _ = await api.call("GET", "/api/v1/duplicates")
    assert [[p["id"] for p in item["people"]] for item in queue["items"]] == [[made["ada"]["id"], made["ada2"]["id"]]]
    status, found, _ = await api.call("GET", f"/api/v1/people/{made['sam']['id']}/duplicates")
    assert found["items"] == []  # never asked again, here either

    status, merged, _ = await api.call("POST", f"/api/v1/people/{made['ada']['id']}/merge",
                                       {"duplicate_id": made["ada2"]["id"]})
    assert status == 200
    status, queue, _ = await api.call("GET", "/api/v1/duplicates")
    assert queue["items"] == []
