"""`tend doctor`: read-only checks of a data directory, each with what to do when it fails."""

from __future__ import annotations

import socket
import stat
from dataclasses import dataclass
from pathlib import Path

from companion.errors import DamagedData
from companion.runtime import running_companion
from companion.settings import HOST
from companion.store import list_backups, lock_holder, verify


@dataclass
class Check:
    ok: bool
    label: str
    detail: str


def _permissions(data_dir: Path) -> Check:
    loose = [p.name for p in [data_dir, *data_dir.iterdir()]
             if stat.S_IMODE(p.stat().st_mode) & 0o077]
    if loose:
        return Check(False, "permissions", f"readable by others: {', '.join(loose)}; run chmod go= on them")
    return Check(True, "permissions", "only you can read the data")


def _integrity(data_dir: Path) -> Check:
    try:
        found = verify(data_dir)
    except (DamagedData, OSError) as error:
        backups = list_backups(data_dir)
        hint = f"; newest backup: {backups[-1]}" if backups else "; there is no backup"
        problem = error.message if isinstance(error, DamagedData) else f"cannot read the data ({error})"
        return Check(False, "integrity", problem + hint)
    counts = ", ".join(f"{count} {name}" for name, count in found.counts.items()) or "empty"
    torn = (f" (an unfinished last write of {found.torn_bytes} bytes, never acknowledged, will be dropped)"
            if found.torn_bytes else "")
    return Check(True, "integrity", counts + torn)


def _port(data_dir: Path, port: int) -> Check:
    runtime = running_companion(data_dir)
    if runtime is not None:
        return Check(True, "companion", f"running (pid {runtime.pid}) at {runtime.url}")
    with socket.socket() as sock:
        # As `tend serve` binds: a port a clean stop left in TIME_WAIT is free to listen on.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return Check(False, "port", f"{HOST}:{port} is taken by another program; use --port")
    holder = lock_holder(data_dir)
    if holder is not None:
        return Check(False, "companion", f"pid {holder} holds the data directory but does not say where it "
                     "listens; stop it and start again")
    return Check(True, "port", f"{HOST}:{port} is free; start with ./scripts/serve")


def diagnose(data_dir: Path, port: int) -> list[Check]:
    if not data_dir.is_dir():
        return [Check(True, "data directory", f"{data_dir} does not exist yet; it is made on first start"),
                _port(data_dir, port)]
    backups = list_backups(data_dir)
    return [
        Check(True, "data directory", str(data_dir)),
        _permissions(data_dir),
        _integrity(data_dir),
        Check(True, "backups", f"{len(backups)}, newest {backups[-1].name}" if backups else "none yet"),
        _port(data_dir, port),
    ]
