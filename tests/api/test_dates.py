"""Dates on a person through the API: validated with a clear message, kept through a vCard import and a
JSON backup, and celebrated in today's suggestions."""

from __future__ import annotations

from companion.imports import read_backup
from tests.conftest import Api
from tests.support import FixedClock


async def test_a_birthday_and_named_dates_are_set_and_shown(api: Api) -> None:
    status, person, _ = await api.call("POST", "/api/v1/people", {
        "name": "Laleh", "birthday": "--04-12", "dates": [{"label": "سالگرد ازدواج", "month": 6, "day": 1, "year": 2010}]})
    assert status == 201, person
    assert person["birthday"] == {"month": 4, "day": 12, "year": None}
    assert person["dates"] == [{"month": 6, "day": 1, "year": 2010, "label": "سالگرد ازدواج"}]
    status, changed, _ = await api.call("PATCH", f"/api/v1/people/{person['id']}", {"birthday": {"month": 2, "day": 29}},
                                        headers={"If-Match": str(person["revision"])})
    assert status == 200 and changed["birthday"]["day"] == 29


async def test_30_february_is_refused_with_a_message_naming_the_field(api: Api) -> None:
    body = await api.expect_error(422, "validation_error", "POST", "/api/v1/people",
                                  {"name": "Laleh", "birthday": {"month": 2, "day": 30}}, fields={"birthday"})
    assert "30 February is not a date" in body["error"]["fields"]["birthday"]
    body = await api.expect_error(422, "validation_error", "POST", "/api/v1/people",
                                  {"name": "Laleh", "dates": [{"label": "x", "date": "2023-02-29"}]})
    assert any("29 February is not a date in 2023" in text for text in body["error"]["fields"].values())


async def test_a_vcard_birthday_survives_import_and_a_json_backup(api: Api) -> None:
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kenji Sato\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-11-24\r\n" \
           "item1.X-ABDATE:2019-03-02\r\nitem1.X-ABLABEL:first met\r\nEND:VCARD\r\n"
    status, report, _ = await api.call("POST", "/api/v1/imports", {"format": "vcard", "content": card})
    assert status == 200 and report["created"] == 1, report
    status, page, _ = await api.call("GET", "/api/v1/people")
    [person] = page["items"]
    assert person["birthday"] == {"month": 11, "day": 24, "year": None}
    assert person["dates"] == [{"month": 3, "day": 2, "year": 2019, "label": "first met"}]
    response = await api.client.get("/api/v1/exports/json", headers={"Authorization": f"Bearer {api.token}"})
    backup = read_backup(await response.text()).tables
    assert backup["people"][str(person["id"])]["birthday"] == {"month": 11, "day": 24}
    assert backup["people"][str(person["id"])]["dates"] == [{"month": 3, "day": 2, "year": 2019, "label": "first met"}]


async def test_a_birthday_in_three_days_is_suggested_and_explained(api: Api, clock: FixedClock) -> None:
    today = clock().date()  # 2026-11-22
    status, person, _ = await api.call("POST", "/api/v1/people", {"name": "Laleh", "birthday": {"month": 11, "day": 25, "year": 1990}})
    status, page, _ = await api.call("GET", "/api/v1/suggestions?limit=10")
    [celebrate] = [item for item in page["items"] if item["kind"] == "celebrate"]
    assert celebrate["person_ids"] == [person["id"]] and celebrate["due"] == "2026-11-25"
    assert celebrate["params"]["occasion"] == "birthday" and celebrate["params"]["years"] == 36
    assert any("1990-11-25" in why for why in celebrate["why"])
    status, me, _ = await api.call("GET", "/api/v1/me")
    assert me["celebrate_lead_days"] == 3
    await api.call("PUT", "/api/v1/me", {**me, "celebrate_lead_days": 1})
    status, page, _ = await api.call("GET", "/api/v1/suggestions?limit=10")
    assert not [item for item in page["items"] if item["kind"] == "celebrate"]
    assert today.isoformat() == "2026-11-22"
