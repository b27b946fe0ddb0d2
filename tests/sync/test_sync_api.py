"""GET /api/v1/sync as the extension reads it: a state, a stable reason word for the reader's language,
and a log of automatic merges that names the person each was about."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from companion.api.app import SERVER_OPTIONS, create_app
from companion.api.keys import STORE
from companion.models import PersonUpdate
from companion.settings import Settings
from companion.sync import config
from companion.sync.couch import Server
from tests.conftest import Api
from tests.support import FixedClock, wait_for_async
from tests.sync.test_replicate import machine

Start = Callable[[], Awaitable[Api]]


@pytest.fixture
async def start(aiohttp_client, settings: Settings) -> AsyncIterator[Start]:  # type: ignore[no-untyped-def]
    """The companion on loopback, started once the test has written (or spoiled) its sync.json."""
    async def started() -> Api:
        client = await aiohttp_client(create_app(settings), server_kwargs=SERVER_OPTIONS)
        token, _ = client.app[STORE].tokens.issue("tests")
        return Api(client, token)
    yield started


async def status(api: Api) -> dict[str, Any]:
    code, body, _ = await api.call("GET", "/api/v1/sync")
    assert code == 200
    return body  # type: ignore[no-any-return]


async def test_not_set_up_says_how(start: Start) -> None:
    body = await status(await start())
    assert body["state"] == "off" and not body["configured"] and "tend sync setup" in body["message"]
    assert body["reason"] is None


async def test_a_spoiled_settings_file_is_reported_not_silently_off(start: Start, settings: Settings) -> None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    config.config_path(settings.data_dir).write_text("{not json")
    api = await start()
    body = await status(api)
    assert body["state"] == "off" and body["reason"] == "config_unreadable" and "tend sync setup" in body["message"]
    assert config.config_path(settings.data_dir).read_text() == "{not json"  # kept for the user to look at
    config.save(settings.data_dir, config.SyncConfig(Server("http://127.0.0.1:9", "tend")))  # set up again
    body = await status(api)  # taken up without a restart
    assert body["configured"] and body["reason"] != "config_unreadable"


async def test_an_unreachable_server_is_offline_with_its_reason_and_changes_waiting(start: Start,
                                                                                  settings: Settings) -> None:
    config.save(settings.data_dir, config.SyncConfig(Server("http://127.0.0.1:9", "tend")))
    api = await start()
    await api.call("POST", "/api/v1/people", {"name": "Ada"})
    code, body, _ = await api.call("POST", "/api/v1/sync/now")
    assert code == 200 and body["state"] == "offline" and body["reason"] == "unreachable"
    assert body["waiting"] >= 1 and "cannot reach" in body["message"]


async def test_a_person_an_edit_brought_back_is_named_in_the_log(start: Start, settings: Settings, couch: Server,
                                                                 tmp_path: Path, clock: FixedClock) -> None:
    config.save(settings.data_dir, config.SyncConfig(couch))
    laptop = await start()
    code, ada, _ = await laptop.call("POST", "/api/v1/people", {"name": "Ada Lovelace"})
    assert code == 201
    async with machine(tmp_path / "desktop", clock, couch) as (desktop, replicator):
        await wait_for_async(lambda: _has_synced(laptop))
        await replicator.sync()
        [there], _ = desktop.people.search(q="Ada")
        assert (await laptop.call("DELETE", f"/api/v1/people/{ada['id']}"))[0] == 204
        await wait_for_async(lambda: _has_synced(laptop))  # the delete is on the server
        desktop.people.update(there.id, PersonUpdate(title="Countess"))  # made without having seen it
        await replicator.sync()
        await replicator.sync()

        async def came_back() -> list[dict[str, Any]] | None:
            await laptop.call("POST", "/api/v1/sync/now")
            return [entry for entry in (await status(laptop))["log"] if entry["kind"] == "came_back"] or None

        [entry] = await wait_for_async(came_back)
    assert entry["table"] == "people" and entry["person_name"] == "Ada Lovelace"
    code, person, _ = await laptop.call("GET", f"/api/v1/people/{entry['person_id']}")
    assert code == 200 and person["title"] == "Countess"


async def _has_synced(api: Api) -> bool:
    body = await status(api)
    return body["state"] == "synced" and body["waiting"] == 0
