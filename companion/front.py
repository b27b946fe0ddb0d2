"""`tend serve`'s first second: listen at once, answer health checks, hold every other request until the
API is loaded, then hand each connection to it.

Why: importing the API (aiohttp, the models, the rules) and opening the store take most of a second on
a laptop, more on a large store; a launcher, the CLI or the extension asking "is it there?" should not
wait for that. So this module imports almost nothing: it binds the port, answers `GET /api/v1/health`
itself, and keeps every other request's bytes. Once the app is set up, each held connection is given
to aiohttp's request handler with what it sent so far, and new connections go straight to aiohttp.

Only the plainest health check is answered here: no Origin (a browser's request waits for the app and
its full gate, api/security.py), a Host naming loopback and this port, no body. Anything else, or
anything after it on the same connection, waits for the app.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import signal
import socket
import sys
from collections.abc import Callable
from typing import TextIO

from companion import API_LEVEL, __version__
from companion.settings import HOST, Settings
from companion.store.lock import ensure_free

HEALTH_PATH = b"/api/v1/health"
# The same body the API's health route gives (api/health.py: models.Health).
HEALTH_BODY = json.dumps({"name": "tend", "version": __version__, "api": API_LEVEL}).encode()
HELD_BYTES = 256 * 1024  # what one connection may send before the app reads it; then it waits
_HEAD_END = b"\r\n\r\n"


class PortInUse(Exception):
    pass


def _response(status: str, body: bytes, close: bool) -> bytes:
    head = (f"HTTP/1.1 {status}\r\nContent-Type: application/json; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
            + ("Connection: close\r\n" if close else "") + "\r\n")
    return head.encode() + body


def plain_health_check(head: bytes, port: int) -> bool | None:
    """Whether a request's head (up to its blank line) is a health check this module may answer: True,
    and it asks to keep the connection; False, and it asks to close it; None: the app must answer."""
    lines = head.split(b"\r\n")
    parts = lines[0].split(b" ")
    if len(parts) != 3 or parts[0] != b"GET" or parts[1] != HEALTH_PATH or parts[2] not in (b"HTTP/1.1", b"HTTP/1.0"):
        return None
    headers: dict[bytes, list[bytes]] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon or name != name.strip():
            return None
        headers.setdefault(name.lower(), []).append(value.strip())
    host = headers.get(b"host", [])
    allowed = {f"127.0.0.1:{port}".encode(), f"localhost:{port}".encode()}
    if len(host) != 1 or host[0].lower() not in allowed or b"origin" in headers:
        return None
    if headers.get(b"sec-fetch-site", [b"none"]) != [b"none"] or b"transfer-encoding" in headers:
        return None
    if headers.get(b"content-length", [b"0"]) != [b"0"]:
        return None
    connection = b",".join(headers.get(b"connection", [])).lower()
    return not (parts[2] == b"HTTP/1.0" and b"keep-alive" not in connection) and b"close" not in connection


class _Held(asyncio.Protocol):
    """A connection accepted before the app is ready: health checks answered, the rest kept."""

    def __init__(self, front: Front) -> None:
        self._front = front
        self._buffer = b""
        self._passing = False  # a request the app must answer came: keep everything from here on
        self._paused = False
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self._front.held.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self._front.held.discard(self)

    def eof_received(self) -> bool:
        return True  # keep the transport: a request sent before a half-close still gets its answer

    def data_received(self, data: bytes) -> None:
        assert self.transport is not None
        self._buffer += data
        while not self._passing and _HEAD_END in self._buffer:
            head, _, rest = self._buffer.partition(_HEAD_END)
            keep = plain_health_check(head, self._front.port)
            if keep is None:
                self._passing = True
                break
            self._buffer = rest
            self.transport.write(_response("200 OK", HEALTH_BODY, close=not keep))
            if not keep:
                self.transport.close()
                return
        if len(self._buffer) > HELD_BYTES and not self._paused:
            self._paused = True
            self.transport.pause_reading()

    def hand_to(self, factory: Callable[[], asyncio.Protocol]) -> None:
        """Give this connection, and what it sent so far, to the app's protocol."""
        assert self.transport is not None
        if self.transport.is_closing():
            return
        protocol = factory()
        self.transport.set_protocol(protocol)
        protocol.connection_made(self.transport)
        if self._buffer:
            protocol.data_received(self._buffer)
        if self._paused:
            self.transport.resume_reading()

    def refuse(self, message: str) -> None:
        assert self.transport is not None
        body = json.dumps({"error": {"code": "not_started", "message": message, "fields": {}}}).encode()
        if not self.transport.is_closing():
            self.transport.write(_response("503 Service Unavailable", body, close=True))
            self.transport.close()


class Front:
    """The listening socket, answering by itself until `hand_over` gives it the app's protocol."""

    def __init__(self, port: int) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError as error:
            sock.close()
            raise PortInUse(f"port {port} on {HOST} is in use ({error.strerror}); choose another with --port") from None
        sock.listen(128)
        sock.setblocking(False)
        self.sock = sock
        self.port: int = sock.getsockname()[1]
        self.url = f"http://{HOST}:{self.port}"
        self.held: set[_Held] = set()
        self._factory: Callable[[], asyncio.Protocol] | None = None
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.get_running_loop().create_server(self._protocol, sock=self.sock)

    def _protocol(self) -> asyncio.Protocol:
        return self._factory() if self._factory is not None else _Held(self)

    def hand_over(self, factory: Callable[[], asyncio.Protocol]) -> None:
        """From now on the app answers: every held connection, and every new one."""
        self._factory = factory
        for held in list(self.held):
            held.hand_to(factory)
        self.held.clear()

    def refuse_held(self, message: str) -> None:
        """The app could not start: whoever waits is told why, rather than left hanging."""
        for held in list(self.held):
            held.refuse(message)
        self.held.clear()

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()


async def run(settings: Settings, out: TextIO = sys.stdout) -> None:
    """`tend serve`: listen now, load the API beside the health checks, then serve until a signal."""
    ensure_free(settings.data_dir)
    front = Front(settings.port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await front.start()
    print(f"Tend companion {__version__} listening on {front.url}", file=out, flush=True)
    try:
        # In a thread, so this loop keeps answering while the imports take their time.
        server = await asyncio.to_thread(importlib.import_module, "companion.server")
        await server.serve(settings, front, stop, out)
    finally:
        await front.close()
