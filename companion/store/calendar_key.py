"""The calendar feed's secret: calendar apps subscribe to a URL and cannot send a token, so the URL
carries this read-only key instead. It opens the feed and nothing else.

Only its SHA-256 is stored, like the tokens' (so it is in no backup, no snapshot, no journal): the
address can be shown when it is made, never again. A store from before kept the plain key; opening it
replaces that by its hash (the feed address keeps working).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from companion.models import format_timestamp
from companion.store.database import Database
from companion.store.repository import Clock
from companion.store.schema import CALENDAR_KEY


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class CalendarKey:
    TABLE = CALENDAR_KEY

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self.table = db.table(self.TABLE)
        legacy = self._stored()
        if legacy and "key" in legacy:
            self._store({"hash": _hash(legacy["key"])})

    def _stored(self) -> dict[str, str] | None:
        return self.db.table_docs(self.TABLE).get("1")

    def _store(self, doc: dict[str, str]) -> None:
        with self.db.transaction():
            self.table.truncate()
            self.table.insert(doc)

    def created_at(self) -> datetime | None:
        """When the current key was made (None: there is none, or it predates this record)."""
        doc = self._stored()
        return datetime.fromisoformat(doc["created_at"]) if doc and "created_at" in doc else None

    def exists(self) -> bool:
        return self._stored() is not None

    def rotate(self) -> str:
        """A new key, returned this once: every calendar subscribed with the old one stops receiving the feed."""
        key = "tend_cal_" + secrets.token_urlsafe(24)
        self._store({"hash": _hash(key), "created_at": format_timestamp(self.clock())})
        return key

    def matches(self, candidate: str) -> bool:
        stored = self._stored()
        return stored is not None and "hash" in stored and hmac.compare_digest(stored["hash"], _hash(candidate))
