"""Requests at the edges: bodies limited while they are read, ids past any integer, charsets in any case,
dates at both ends of the accepted range (and just past them)."""

from __future__ import annotations

import asyncio

import icalendar
import pytest

from tests.conftest import Api

PEOPLE = "/api/v1/people"


async def test_a_chunked_body_is_refused_once_it_passes_the_limit_not_once_it_ends(api: Api) -> None:
    """1.5 MiB of an unfinished chunked body to the unauthenticated pairing route: the 413 comes while the
    client is still sending, so nothing beyond the 1 MiB limit was ever buffered."""
    reader, writer = await asyncio.open_connection("127.0.0.1", api.client.port)
    writer.write((f"POST /api/v1/pairing HTTP/1.1\r\nHost: 127.0.0.1:{api.client.port}\r\n"
                  "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").encode())
    chunk = b"a" * 65536
    for _ in range(24):
        writer.write(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
        await writer.drain()
    answer = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=10)  # never sent the last chunk
    assert answer.split()[1] == b"413", answer
    writer.close()


@pytest.mark.parametrize("digits", [17, 4300, 4301, 6000])
async def test_an_id_past_the_integer_string_limit_is_not_found(api: Api, digits: int) -> None:
    await api.expect_error(404, "not_found", "GET", f"{PEOPLE}/{'9' * digits}")


async def test_an_id_in_other_digits_is_not_found(api: Api) -> None:
    status, person, _ = await api.call("POST", PEOPLE, {"name": "Ada"})
    await api.expect_error(404, "not_found", "GET", f"{PEOPLE}/\u0661")  # Arabic-Indic one


@pytest.mark.parametrize("content_type", ["application/json; charset=UTF-8", "application/json; charset=utf-8",
                                          "Application/JSON; Charset=\"UTF-8\"", "application/json;charset=utf8"])
async def test_json_with_any_spelling_of_utf8_is_accepted(api: Api, content_type: str) -> None:
    status, body, _ = await api.call("POST", PEOPLE, data=b'{"name": "Ada"}', headers={"Content-Type": content_type})
    assert status == 201, body


@pytest.mark.parametrize("when", ["1900-01-01T00:00:00Z", "1900-01-01T03:30:00+03:30"])
async def test_a_timestamp_at_the_first_edge_round_trips_and_is_served(api: Api, when: str) -> None:
    """(An interaction cannot be in the future, so the last edge is a task's, below.)"""
    status, person, _ = await api.call("POST", PEOPLE, {"name": "Ada"})
    status, logged, _ = await api.call("POST", "/api/v1/interactions",
                                       {"person_ids": [person["id"]], "kind": "call", "occurred_at": when})
    assert status == 201, logged
    status, page, _ = await api.call("GET", PEOPLE)
    assert status == 200 and page["total"] == 1
    status, timeline, _ = await api.call("GET", f"{PEOPLE}/{person['id']}/interactions")
    assert status == 200 and timeline["items"][0]["occurred_at"] == logged["occurred_at"]
    assert logged["occurred_at"] == "1900-01-01T00:00:00Z"


@pytest.mark.parametrize("when", ["1899-12-31T23:59:59Z", "2201-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00",
                                  "9999-12-31T23:59:59-01:00", "1900-01-01T00:30:00+01:00"])
async def test_a_timestamp_past_either_edge_is_refused_naming_the_field(api: Api, when: str) -> None:
    status, person, _ = await api.call("POST", PEOPLE, {"name": "Ada"})
    body = await api.expect_error(422, "validation_error", "POST", "/api/v1/interactions",
                                  {"person_ids": [person["id"]], "kind": "call", "occurred_at": when},
                                  fields={"occurred_at"})
    assert "1900" in body["error"]["fields"]["occurred_at"]


@pytest.mark.parametrize("due", ["0999-06-01", "0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01"])
async def test_a_task_due_past_either_edge_is_refused(api: Api, due: str) -> None:
    await api.expect_error(422, "validation_error", "POST", "/api/v1/tasks", {"text": "call", "due": due},
                           fields={"due"})


@pytest.mark.parametrize("due", ["1900-01-01", "2200-12-31"])
async def test_tasks_due_at_either_edge_round_trip_and_reach_the_calendar(api: Api, due: str) -> None:
    status, task, _ = await api.call("POST", "/api/v1/tasks", {"text": "Send the paper", "due": due})
    assert status == 201, task
    status, listed, _ = await api.call("GET", "/api/v1/tasks")
    assert status == 200 and [item["due"] for item in listed["items"]] == [due]
    for path in ("/api/v1/exports/ics", (await api.call("GET", "/api/v1/calendar"))[1]["url"].split(":", 2)[2][5:]):
        response = await api.client.get(path if path.startswith("/") else "/" + path,
                                        headers={"Authorization": f"Bearer {api.token}"})
        assert response.status == 200, await response.text()
        events = icalendar.Calendar.from_ical(await response.text()).walk("VEVENT")
        assert [str(e.decoded("dtstart")) for e in events] == [due]
