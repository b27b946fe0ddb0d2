"""`tend serve` listens before the API is loaded (front.py): health checks answered at once, every other
request held and then answered by the app, with its full gate."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
from pathlib import Path

import pytest

from companion.front import HEALTH_BODY, plain_health_check
from tests.support import tend_command, wait_for

PORT = 47000


@pytest.mark.parametrize("head, answer", [
    (b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:47000", True),
    (b"GET /api/v1/health HTTP/1.1\r\nHost: LOCALHOST:47000\r\nConnection: close", False),
    (b"GET /api/v1/health HTTP/1.0\r\nHost: 127.0.0.1:47000", False),
    (b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:47000\r\nSec-Fetch-Site: none", True),
    (b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:47000\r\nOrigin: chrome-extension://abc", None),
    (b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:47000\r\nSec-Fetch-Site: cross-site", None),
    (b"GET /api/v1/health HTTP/1.1\r\nHost: evil.example:47000", None),  # DNS rebinding: the app refuses it
    (b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:47000\r\nHost: 127.0.0.1:47000", None),
    (b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:47000\r\nContent-Length: 5", None),
    (b"GET /api/v1/health?x=1 HTTP/1.1\r\nHost: 127.0.0.1:47000", None),
    (b"POST /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1:47000", None),
    (b"GET /api/v1/people HTTP/1.1\r\nHost: 127.0.0.1:47000", None),
])
def test_only_a_plain_local_health_check_is_answered_before_the_app(head: bytes, answer: bool | None) -> None:
    assert plain_health_check(head, PORT) is answer


def _ask(port: int, request: bytes) -> tuple[int, bytes]:
    """Send one raw request and read the answer to its end (the server closes after it)."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as conn:
        conn.sendall(request)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


def test_requests_sent_while_the_api_loads_are_all_answered(tmp_path: Path) -> None:
    data = tmp_path / "data"
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(tend_command("serve", "--port", "0", "--data-dir", str(data)), stdout=out,
                                   stderr=subprocess.STDOUT, env={**os.environ})
    try:
        line = wait_for(lambda: log.read_text().splitlines()[0] if log.read_text() else None)
        port = int(line.rsplit(":", 1)[1])  # "Tend companion X listening on http://127.0.0.1:PORT"
        host = f"Host: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
        # Sent at once: whichever half answers, each gets what the app itself would say.
        assert _ask(port, b"GET /api/v1/health HTTP/1.1\r\n" + host) == (200, HEALTH_BODY)
        status, body = _ask(port, b"GET /api/v1/people HTTP/1.1\r\n" + host)
        assert status == 401 and json.loads(body)["error"]["code"] == "unauthorized"
        status, body = _ask(port, b"GET /api/v1/health HTTP/1.1\r\nOrigin: https://evil.example\r\n" + host)
        assert status == 403 and json.loads(body)["error"]["code"] == "origin_not_allowed"
        runtime = wait_for(lambda: (data / "runtime.json").exists() or None)
        assert runtime
        # After the hand-over, the app's own health answer is the one the front gave.
        status, body = _ask(port, b"GET /api/v1/health HTTP/1.1\r\n" + host)
        assert status == 200 and json.loads(body) == json.loads(HEALTH_BODY)
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0, log.read_text()
