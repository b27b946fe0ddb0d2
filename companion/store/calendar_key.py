"""The calendar feed's secret: calendar apps subscribe to a URL and cannot send a token, so the URL
carries this read-only key instead. It opens the feed and nothing else, and is never in a backup."""

from __future__ import annotations

import hmac
import secrets

from companion.store.database import Database


class CalendarKey:
    TABLE = "calendar_key"

    def __init__(self, db: Database) -> None:
        self.db = db
        self.table = db.table(self.TABLE)

    def _stored(self) -> str | None:
        doc = self.db.storage.table(self.TABLE).get("1")
        return doc["key"] if doc else None

    def get(self) -> str:
        """The key, made on first use."""
        return self._stored() or self.rotate()

    def rotate(self) -> str:
        """A new key: every calendar subscribed with the old one stops receiving the feed."""
        key = "tend_cal_" + secrets.token_urlsafe(24)
        with self.db.transaction():
            self.table.truncate()
            self.table.insert({"key": key})
        return key

    def matches(self, candidate: str) -> bool:
        stored = self._stored()
        return stored is not None and hmac.compare_digest(stored.encode(), candidate.encode())
