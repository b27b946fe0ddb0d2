"""runtime.json: how the `tend` CLI finds a running companion (its URL and a per-process CLI token).

Owner-only, written atomically once the server listens, removed when it stops; trusted only while the
data directory's lock is held (a crash leaves a stale file and a free lock).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from companion.store import lock_holder, write_private_file

RUNTIME_NAME = "runtime.json"


@dataclass
class Runtime:
    pid: int
    url: str
    cli_token: str


def write_runtime(data_dir: Path, runtime: Runtime) -> None:
    write_private_file(data_dir / RUNTIME_NAME, json.dumps(asdict(runtime)).encode())


def remove_runtime(data_dir: Path) -> None:
    (data_dir / RUNTIME_NAME).unlink(missing_ok=True)


def running_companion(data_dir: Path) -> Runtime | None:
    """The companion serving `data_dir`, if one holds its lock and said where it listens."""
    if lock_holder(data_dir) is None:
        return None
    try:
        data = json.loads((data_dir / RUNTIME_NAME).read_text())
        runtime = Runtime(**data)
    except (OSError, ValueError, TypeError):
        return None
    return runtime if runtime.pid == lock_holder(data_dir) else None
