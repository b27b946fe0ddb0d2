"""The CLI's way to the companion: always through the HTTP API, so the CLI has no rules of its own.

If a companion is running on the data directory, the CLI talks to it (the store has one writer);
otherwise it hosts one in-process on an ephemeral loopback port for the length of the command.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from companion.runtime import running_companion
from companion.settings import HOST, Settings


class ApiFailure(Exception):
    """The companion refused a request; `code` and `fields` come from its error body."""

    def __init__(self, status: int, code: str, message: str, fields: dict[str, str]) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields


class ApiClient:
    def __init__(self, base_url: str, token: str, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def _request(self, method: str, path: str, body: Any, query: dict[str, Any] | None,
                 accept: str | None = None) -> urllib.request.Request:
        url = self.base_url + path
        if query:
            url += "?" + urlencode({k: v for k, v in query.items() if v is not None})
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        return urllib.request.Request(url, data=data, method=method, headers={
            "Authorization": f"Bearer {self.token}", **({"Content-Type": "application/json"} if data else {}),
            **({"Accept": accept} if accept else {})})

    def _open(self, request: urllib.request.Request) -> Any:
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            try:
                detail = json.loads(error.read())["error"]
            except (ValueError, KeyError, TypeError):
                detail = {"code": "http_error", "message": str(error), "fields": {}}
            raise ApiFailure(error.code, detail["code"], detail["message"], detail.get("fields", {})) from None

    def call(self, method: str, path: str, body: Any = None, query: dict[str, Any] | None = None) -> Any:
        with self._open(self._request(method, path, body, query)) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def upload(self, path: str, source: Path | bytes) -> Any:
        """POST a file as the body itself, read from disk as it is sent (a restore can be larger than memory
        would like, and larger than any JSON-wrapped request may be)."""
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        if isinstance(source, bytes):
            request = urllib.request.Request(self.base_url + path, data=source, method="POST", headers=headers)
            with self._open(request) as response:
                return json.loads(response.read())
        with open(source, "rb") as handle:
            headers["Content-Length"] = str(os.fstat(handle.fileno()).st_size)
            request = urllib.request.Request(self.base_url + path, data=handle, method="POST", headers=headers)
            with self._open(request) as response:
                return json.loads(response.read())

    def text(self, path: str) -> str:
        """A GET whose answer is a document (an export), not JSON."""
        with self._open(self._request("GET", path, None, None)) as response:
            return response.read().decode("utf-8")

    def stream(self, method: str, path: str, body: Any = None) -> Iterator[Any]:
        """The JSON lines of an answer sent as application/x-ndjson, as they arrive."""
        with self._open(self._request(method, path, body, None, accept="application/x-ndjson")) as response:
            if response.headers.get_content_type() != "application/x-ndjson":
                yield json.loads(response.read())
                return
            for line in response:
                if line.strip():
                    yield json.loads(line)


class _InProcessCompanion:
    """The companion app on 127.0.0.1:0 in a background thread, for one CLI command."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.error: BaseException | None = None
        self.url = ""
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        from aiohttp import web  # the API itself, only when no companion is running to ask

        from companion.api.app import SERVER_OPTIONS, create_app

        asyncio.set_event_loop(self.loop)
        runner = web.AppRunner(create_app(self.settings), access_log=None, **SERVER_OPTIONS)
        try:
            self.loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, HOST, 0)
            self.loop.run_until_complete(site.start())
            port = runner.addresses[0][1]
            self.url = f"http://{HOST}:{port}"
        except BaseException as error:  # handed to the main thread, which reports it
            self.error = error
            self.ready.set()
            self.loop.run_until_complete(runner.cleanup())
            return
        self.ready.set()
        self.loop.run_forever()
        self.loop.run_until_complete(runner.cleanup())

    def __enter__(self) -> str:
        self.thread.start()
        self.ready.wait()
        if self.error is not None:
            raise self.error
        return self.url

    def __exit__(self, *exc: object) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()


@contextmanager
def companion(settings: Settings, *, must_be_running: bool = False, timeout: float = 30.0) -> Iterator[ApiClient]:
    """A client of the companion on this data directory; `timeout`: the longest wait for one answer."""
    runtime = running_companion(settings.data_dir)
    if runtime is not None:
        yield ApiClient(runtime.url, runtime.cli_token, timeout)
        return
    if must_be_running:
        raise NotRunning()
    with _InProcessCompanion(settings) as url:
        yield ApiClient(url, settings.cli_token, timeout)


class NotRunning(Exception):
    """The command needs the long-running companion (a pairing code must outlive the command)."""
