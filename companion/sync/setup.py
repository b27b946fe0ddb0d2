"""`tend sync setup`: check the server before anything is kept, then keep where to sync (config.py).

Checks what a person would otherwise find out later: the address answers, the user name and password
are right, the user may create or write the database, an existing database's encryption matches (and
the passphrase opens it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from companion.sync import config
from companion.sync.couch import Couch, Server
from companion.sync.replicator import ensure_database


@dataclass(frozen=True)
class SetUp:
    where: str
    created: bool  # the database did not exist: this machine made it
    documents: int  # what the database held already (another machine's network)
    sealed: bool


async def set_up(data_dir: Path, server: Server, passphrase: str | None) -> SetUp:
    """Check the server as this machine will use it, then save where to sync. Raises SyncError (nothing
    saved) when something is wrong."""
    async with Couch(server) as couch:
        created = await couch.info() is None
        meta, sealer = await ensure_database(couch, passphrase)
        info = await couch.info() or {}
    documents = max(0, int(info.get("doc_count", 0)) - 1)  # Tend's own meta document aside
    config.save(data_dir, config.SyncConfig(server, sealer.key if sealer is not None else None))
    return SetUp(server.where, created, documents, bool(meta.get("sealed")))
