"""A real CouchDB-protocol server for the sync tests: PouchDB Server, in memory, on a free loopback port
(installed by ./scripts/test at the version tests/sync/server/package-lock.json pins)."""

from __future__ import annotations

import itertools
import socket
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from companion.sync.couch import Server
from tests.support import wait_for

SERVER_DIR = Path(__file__).parent / "server"
POUCHDB_SERVER = SERVER_DIR / "node_modules" / "pouchdb-server" / "bin" / "pouchdb-server"
_names = itertools.count(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return answer.status == 200
    except (OSError, urllib.error.URLError):
        return False


@dataclass
class CouchServer:
    """One PouchDB Server process; `restart` brings it back empty (it keeps nothing on disk)."""

    workdir: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> CouchServer:
        assert POUCHDB_SERVER.exists(), "PouchDB Server is not installed: run the suite with ./scripts/test"
        self.port = self.port or free_port()
        log = open(self.workdir / "pouchdb-server.log", "ab")  # it writes its config and log where it runs
        self.process = subprocess.Popen(["node", str(POUCHDB_SERVER), "--in-memory", "--host", "127.0.0.1",
                                         "--port", str(self.port), "--no-color"],
                                        cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        wait_for(lambda: _answers(self.url) or self.process.poll() is not None, timeout=60)  # type: ignore[union-attr]
        assert self.process.poll() is None, (self.workdir / "pouchdb-server.log").read_text()
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()

    def database(self, **credentials: str) -> Server:
        """A fresh database name on this server (created by whoever uses it first)."""
        return Server(self.url, f"tend-test-{next(_names)}", **credentials)


@pytest.fixture(scope="session")
def couch_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CouchServer]:
    server = CouchServer(tmp_path_factory.mktemp("couch")).start()
    yield server
    server.stop()


@pytest.fixture
def own_couch_server(tmp_path: Path) -> Iterator[CouchServer]:
    """A server of this test's own, to stop, restart empty or lock with a password."""
    server = CouchServer(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def couch(couch_server: CouchServer) -> Server:
    return couch_server.database()
