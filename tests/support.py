"""Helpers shared by the tests: a fixed clock, the error-shape check, a real `tend serve` process."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from companion.store import Store

FIXED_NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)


def abandon(store: Store) -> None:
    """Leave a store as a kill -9 would: its journal closed with no final snapshot, its lock let go."""
    store.db.storage._journal.close()
    store.db._lock.release()


class FixedClock:
    """A clock tests move by hand; the companion reads time only through such a callable."""

    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def check_error(status: int, body: Any, expected_status: int, code: str, fields: set[str] | None = None) -> None:
    """The one error shape: {"error": {"code", "message", "fields", "details"?}} and a 4xx status."""
    assert status == expected_status, (status, body)
    assert set(body) == {"error"}, body
    assert set(body["error"]) - {"details"} == {"code", "message", "fields"}, body
    assert isinstance(body["error"].get("details", {}), dict), body
    assert body["error"]["code"] == code, body
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in body["error"]["fields"].items())
    if fields is not None:
        assert fields <= set(body["error"]["fields"]), body


def wait_for(condition, timeout: float = 20.0, interval: float = 0.02):  # type: ignore[no-untyped-def]
    """Poll `condition` until it returns something truthy (tests wait on conditions, never on sleeps)."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(interval)


async def wait_for_async(condition, timeout: float = 20.0, interval: float = 0.02):  # type: ignore[no-untyped-def]
    """`wait_for` for a coroutine condition, letting the event loop run between tries."""
    deadline = time.monotonic() + timeout
    while True:
        result = await condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(interval)


@dataclass
class ServedCompanion:
    """A real `tend serve` process on a free port and a temporary data directory."""

    process: subprocess.Popen[bytes]
    data_dir: Path
    url: str
    token: str

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None,
                timeout: float = 10.0) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method, headers={
            "Authorization": f"Bearer {self.token}", "Content-Type": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def kill9(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=20)


def tend_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "companion", *args]


def start_companion(data_dir: Path, *extra: str, log_path: Path | None = None) -> ServedCompanion:
    """Start `tend serve --port 0` and wait until its runtime file says where it listens."""
    runtime = data_dir / "runtime.json"
    runtime.unlink(missing_ok=True)
    # Output goes to a file: a pipe nobody reads fills up and blocks the server mid-request.
    log_path = log_path or data_dir.parent / "companion.log"
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(tend_command("serve", "--port", "0", "--data-dir", str(data_dir), *extra),
                                   stdout=log, stderr=subprocess.STDOUT, env={**os.environ})

    def ready() -> dict[str, Any] | None:
        if process.poll() is not None:
            raise RuntimeError(f"tend serve exited with {process.returncode}: {log_path.read_text()[-2000:]}")
        try:
            return json.loads(runtime.read_text())
        except (OSError, ValueError):
            return None

    info = wait_for(ready)
    return ServedCompanion(process, data_dir, info["url"], info["cli_token"])
