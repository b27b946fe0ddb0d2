"""No request holds the event loop: pages are read in a worker process under a time budget and a tag
limit; past either, the capture is a 422 `page_too_complex`, nothing is stored, and the next page reads."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest

from companion.api.app import SERVER_OPTIONS, create_app
from companion.api.keys import STORE
from companion.extract import MAX_TAGS
from companion.settings import Settings
from companion.suggest.promises import MAX_PROMISES
from tests.conftest import Api
from tests.support import FixedClock

PROFILE = ('<html><head><title>Ada Lovelace</title><meta property="og:type" content="profile">'
           '<script type="application/ld+json">{"@type": "Person", "name": "Ada Lovelace", "jobTitle": "Countess"}'
           '</script></head><body><main><h1>Ada Lovelace</h1></main></body></html>')


def slow_page(elements: int) -> str:
    """A page under the tag limit that still takes seconds to parse: many small, misnested elements
    (20,000 of them: 120k tags, about 2 s)."""
    return "<html><body>" + "<p><b>x<i>y</b></i></p>" * elements + "</body></html>"


@pytest.fixture
async def tight_api(aiohttp_client, data_dir: Path, clock: FixedClock) -> Api:  # type: ignore[no-untyped-def]
    settings = Settings(data_dir=data_dir, port=0, clock=clock, parse_time_budget=0.5)
    client = await aiohttp_client(create_app(settings), server_kwargs=SERVER_OPTIONS)
    token, _ = client.app[STORE].tokens.issue("tests")
    return Api(client, token)


async def _latencies(api: Api, path: str, until: asyncio.Task[Any]) -> list[float]:
    times = []
    while not until.done():
        start = time.perf_counter()
        status, _, _ = await api.call("GET", path)
        assert status == 200
        times.append(time.perf_counter() - start)
    return times


async def test_health_and_a_timeline_answer_while_a_page_is_too_slow_to_read(tight_api: Api) -> None:
    api = tight_api
    status, person, _ = await api.call("POST", "/api/v1/people", {"name": "Grace"})
    await api.call("POST", "/api/v1/captures", {"url": "https://example.org/warm", "html": PROFILE})  # a warm worker
    before = api.state()
    heavy = asyncio.create_task(api.call("POST", "/api/v1/captures",
                                         {"url": "https://example.org/slow", "html": slow_page(20_000)}))
    health = await _latencies(api, "/api/v1/health", heavy)
    status, body, _ = await heavy
    assert status == 422 and body["error"]["code"] == "page_too_complex", body
    assert "took longer than 0.5 s" in body["error"]["message"]  # the time budget, not the tag limit
    assert api.state() == before  # nothing stored
    timeline = asyncio.create_task(api.call("POST", "/api/v1/captures",
                                            {"url": "https://example.org/slow2", "html": slow_page(20_000)}))
    timelines = await _latencies(api, f"/api/v1/people/{person['id']}/interactions", timeline)
    assert (await timeline)[0] == 422
    assert len(health) >= 5 and len(timelines) >= 5
    # Inline, the loop would have been held for the whole parse (seconds); in a worker it never is.
    assert max(health) < 0.25 and max(timelines) < 0.25, (max(health), max(timelines))
    status, saved, _ = await api.call("POST", "/api/v1/captures", {"url": "https://example.org/ada", "html": PROFILE})
    assert status == 201 and saved["person"]["name"] == "Ada Lovelace", saved  # the pool replaced its worker


@pytest.mark.parametrize("html", [
    pytest.param("<div>" * (MAX_TAGS + 1), id="a-million-nested-elements"),
    pytest.param('<div class="h-card"><span class="p-name">x</span></div>' * (MAX_TAGS // 3), id="many-h-cards"),
])
async def test_a_page_past_the_tag_limit_is_refused_at_once(api: Api, html: str) -> None:
    start = time.perf_counter()
    body = await api.expect_error(422, "page_too_complex", "POST", "/api/v1/captures",
                                  {"url": "https://example.org/huge", "html": html})
    assert "tags" in body["error"]["message"] and time.perf_counter() - start < 5


async def test_promises_per_note_are_capped(api: Api) -> None:
    status, person, _ = await api.call("POST", "/api/v1/people", {"name": "Sara"})
    note = " ".join(f"I'll send you paper {n} next week." for n in range(300))
    status, logged, _ = await api.call("POST", "/api/v1/interactions",
                                       {"person_ids": [person["id"]], "kind": "note", "note": note})
    assert status == 201
    status, tasks, _ = await api.call("GET", f"/api/v1/tasks?person_id={person['id']}&limit=500")
    assert tasks["total"] == MAX_PROMISES
