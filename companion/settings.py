"""Settings: the one place that reads the environment; the app factory takes everything from here."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import platformdirs

DEFAULT_PORT = 47474
HOST = "127.0.0.1"  # loopback only, never configurable: the companion holds a personal network


def system_clock() -> datetime:
    return datetime.now(timezone.utc)


def default_data_dir() -> Path:
    env = os.environ.get("TEND_DATA_DIR")
    return Path(env).expanduser() if env else Path(platformdirs.user_data_dir("tend", appauthor=False))


@dataclass
class Settings:
    data_dir: Path = field(default_factory=default_data_dir)
    port: int = DEFAULT_PORT
    clock: Callable[[], datetime] = system_clock
    max_body_bytes: int = 1 * 2**20
    # A whole saved profile page can be several MB; the lean capture the extension sends is far smaller.
    max_capture_bytes: int = 8 * 2**20
    # An address book: LinkedIn's Connections.csv for 50k connections is about 7 MB, a JSON backup more.
    max_import_bytes: int = 64 * 2**20
    # A backup of a large network is larger (10k people, 200k interactions: 72 MiB); it restores only into an
    # empty data directory, from a token's holder, so its limit is the machine's, not a request's.
    max_restore_bytes: int = 4 * 2**30
    compact_after_bytes: int = 16 * 2**20
    # Seconds a page may take to read (in a worker process) before it is refused as too complex.
    parse_time_budget: float = 10.0
    # Lets the `tend` CLI use the running companion; lives only in memory and in the owner-only
    # runtime file, so it dies with the process.
    cli_token: str = field(default_factory=lambda: "tend_cli_" + secrets.token_urlsafe(32))
