from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from companion.api.app import SERVER_OPTIONS, create_app
from companion.api.keys import STORE
from companion.settings import Settings
from companion.store import Store
from tests.support import FixedClock, check_error


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def settings(data_dir: Path, clock: FixedClock) -> Settings:
    return Settings(data_dir=data_dir, port=0, clock=clock)


@pytest.fixture
def store(data_dir: Path, clock: FixedClock):  # type: ignore[no-untyped-def]
    opened = Store(data_dir, clock)
    yield opened
    opened.close()


class Api:
    """A client of a real companion app on loopback, holding a token it got the way an extension would."""

    def __init__(self, client: TestClient, token: str) -> None:
        self.client = client
        self.token = token

    @property
    def app(self) -> web.Application:
        return self.client.app  # type: ignore[return-value]

    @property
    def store(self) -> Store:
        return self.app[STORE]

    async def call(self, method: str, path: str, json_body: Any = None, *, headers: dict[str, str] | None = None,
                   auth: bool = True, **kwargs: Any) -> tuple[int, Any, Any]:
        all_headers = {"Authorization": f"Bearer {self.token}"} if auth else {}
        all_headers.update(headers or {})
        response = await self.client.request(method, path, json=json_body, headers=all_headers, **kwargs)
        text = await response.text()
        return response.status, json.loads(text) if text else None, response.headers

    def state(self) -> Any:
        """Everything stored, and the journal's length: equal before and after means nothing was written."""
        return copy.deepcopy(self.store.db.storage.documents()), self.store.db.storage.journal_path.stat().st_size

    async def expect_error(self, status: int, code: str, method: str, path: str, json_body: Any = None,
                           fields: set[str] | None = None, **kwargs: Any) -> dict[str, Any]:
        """The request fails with the one error shape, and the store is exactly as it was."""
        before = self.state()
        got_status, body, _ = await self.call(method, path, json_body, **kwargs)
        check_error(got_status, body, status, code, fields)
        assert self.state() == before, "a refused request changed the store"
        return body


@pytest.fixture
async def api(aiohttp_client, settings: Settings) -> AsyncIterator[Api]:  # type: ignore[no-untyped-def]
    client = await aiohttp_client(create_app(settings), server_kwargs=SERVER_OPTIONS)
    token, _ = client.app[STORE].tokens.issue("tests")
    yield Api(client, token)


@pytest.fixture
def person_payload() -> dict[str, Any]:
    return {"name": "Ada Lovelace", "organization": "Analytical Engines", "title": "Mathematician",
            "emails": ["ada@example.org"], "urls": [{"url": "https://www.linkedin.com/in/ada-lovelace/"}],
            "tags": ["math", "friend"], "interests": ["poetry", "engines"]}
