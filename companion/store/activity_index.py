"""The interactions as an Activity (companion/activity.py), maintained like the other indexes: built at
warm-up or on first use (or restored from what was saved with the snapshot, derived.py), then kept
current from the change feed, so no reader ever rebuilds it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping

from companion.activity import Activity
from companion.store.indexes import Doc, SavedPart, restored


class ActivityIndex:
    table = "interactions"
    saved_as = "activity"

    def __init__(self, docs: Callable[[], Mapping[str, Doc]], saved: SavedPart | None = None) -> None:
        self._docs = docs
        self._saved = saved
        self._built: Activity | None = None
        self._build_lock = threading.Lock()

    def current(self) -> Activity:
        """The activity as stored now (one object, changed in place as interactions change)."""
        if self._built is None:
            with self._build_lock:  # a request and the warm-up thread wait for one build, not race two
                if self._built is None:
                    self._built = self._restored() or Activity.build(self._docs().values())
        return self._built

    def _restored(self) -> Activity | None:
        if self._saved is None:
            return None
        return restored(self._saved, self.saved_as, self.table, self._docs(), Activity.unpacked, self._apply)

    def packed(self) -> bytes | None:
        return None if self._built is None else self._built.packed()

    def warm(self) -> None:
        self.current()

    def on_change(self, table: str, doc_id: int, before: Doc | None, after: Doc | None) -> None:
        if table != self.table or self._built is None:
            return  # not built yet: the first build reads the table as it is then
        self._apply(self._built, doc_id, before, after)

    @staticmethod
    def _apply(activity: Activity, doc_id: int, before: Doc | None, after: Doc | None) -> None:
        if before is not None:
            activity.remove(before)
        if after is not None:
            activity.add(after)
