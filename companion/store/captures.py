"""Captured pages: a record per capture, and the page itself, compressed, beside the database.

The HTML lives in `captures/<sha256>.html.gz` rather than in the snapshot: pages are large, read only
by `tend reextract`, and would otherwise be parsed at every start. Identical pages share one file.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

from companion.errors import storage_failure
from companion.models import Capture, format_timestamp
from companion.store.database import Database
from companion.store.files import ensure_private_dir, write_atomic
from companion.store.repository import Clock, PersonOwned
from companion.store.schema import CAPTURES

FOLDER = "captures"


@dataclass(frozen=True)
class PackedPage:
    digest: str
    data: bytes
    size: int


def pack_page(html: str) -> PackedPage:
    """The page hashed and compressed (gzip level 1: fast, ~5x smaller). Pure and GIL-free for the most
    part (hashlib and zlib release it), so it can run on another core while the page is parsed."""
    data = html.encode("utf-8", errors="replace")
    return PackedPage(hashlib.sha256(data).hexdigest(), gzip.compress(data, compresslevel=1, mtime=0), len(data))


class Captures(PersonOwned[Capture]):
    table_name = CAPTURES
    model = Capture
    noun = "capture"

    def __init__(self, db: Database, clock: Clock) -> None:
        super().__init__(db, clock)
        self.folder = db.data_dir / FOLDER

    def keep_page(self, packed: PackedPage) -> str:
        """Write a packed page (before the record that names it, so a record never points at nothing).
        Not fsynced: a kept page only serves re-extraction, and a disk flush per save would cost as much
        as the save; the person and the capture record are durable."""
        path = self._path(packed.digest)
        if not path.exists():
            try:
                ensure_private_dir(self.folder)
                write_atomic(path, packed.data, durable=False)
            except OSError as error:
                raise storage_failure(error, "the page") from error
        return packed.digest

    def record(self, person_id: int | None, url: str, title: str | None, digest: str, size: int,
               topics: list[str] | None = None) -> Capture:
        """Store the capture record (a person's profile, or with no person a page and its topics); call
        inside the transaction that stores what was extracted."""
        return self._insert({"kind": "profile" if person_id else "page", "person_id": person_id, "url": url,
                             "title": title, "topics": topics or [], "page_sha256": digest, "size": size,
                             "captured_at": format_timestamp(self.clock())})

    def pages(self, since: str) -> list[Capture]:
        """Pages (not profiles) kept since `since`, newest first."""
        found = [(i, doc) for i, doc in self.docs() if doc.get("kind") == "page" and doc["captured_at"] >= since]
        return [self.load(i, doc) for i, doc in sorted(found, key=lambda pair: pair[1]["captured_at"], reverse=True)]

    def html(self, capture_id: int) -> str | None:
        """The kept page, or None when its file is gone (deleted by hand: the record alone remains)."""
        digest = self.raw(capture_id).get("page_sha256")
        try:
            return gzip.decompress(self._path(digest).read_bytes()).decode("utf-8") if digest else None
        except OSError:
            return None

    def profile_ids(self) -> list[int]:
        """The captures of people's profiles (what re-extraction re-reads), oldest first."""
        return sorted(i for i, doc in self.docs() if doc.get("kind", "profile") == "profile")



    def _path(self, digest: str) -> Path:
        return self.folder / f"{digest}.html.gz"
