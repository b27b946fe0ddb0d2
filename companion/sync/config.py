"""Where this machine syncs, kept in the data directory as sync.json, readable by the user alone.

It holds the server's address, the database, the user name and password, an optional CA file, and, for
end-to-end encryption, the key made from the passphrase (never the passphrase itself, which a person
may use elsewhere). It is not in the store, so never in a backup, an export or a log line."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

import orjson

from companion.store.files import ensure_private_dir, write_atomic
from companion.sync.couch import Server, SyncError

CONFIG_NAME = "sync.json"


@dataclass(frozen=True)
class SyncConfig:
    server: Server
    key: bytes | None = None  # the sealing key (codec.Sealer), when documents are encrypted

    def to_json(self) -> bytes:
        return orjson.dumps({
            "url": self.server.url, "database": self.server.database, "username": self.server.username,
            "password": self.server.password,
            "ca_file": None if self.server.ca_file is None else str(self.server.ca_file),
            "key": None if self.key is None else base64.b64encode(self.key).decode(),
        }, option=orjson.OPT_INDENT_2)


def config_path(data_dir: Path) -> Path:
    return data_dir / CONFIG_NAME


def load(data_dir: Path) -> SyncConfig | None:
    """This machine's sync settings, or None when sync is not set up."""
    path = config_path(data_dir)
    try:
        raw = orjson.loads(path.read_bytes())
        server = Server(raw["url"], raw["database"], raw.get("username") or "", raw.get("password") or "",
                        Path(raw["ca_file"]) if raw.get("ca_file") else None)
        key = base64.b64decode(raw["key"]) if raw.get("key") else None
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SyncError(f"{path} cannot be read ({error.__class__.__name__}); run `tend sync setup` again",
                        reason="config_unreadable") from None
    return SyncConfig(server, key)


def save(data_dir: Path, config: SyncConfig) -> None:
    ensure_private_dir(data_dir)
    write_atomic(config_path(data_dir), config.to_json())


def remove(data_dir: Path) -> None:
    config_path(data_dir).unlink(missing_ok=True)
