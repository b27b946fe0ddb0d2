"""The interactions as an Activity (companion/activity.py), maintained like the other indexes: built at
warm-up or on first use, then kept current from the change feed, so no reader ever rebuilds it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping

from companion.activity import Activity
from companion.store.indexes import Doc


class ActivityIndex:
    table = "interactions"

    def __init__(self, docs: Callable[[], Mapping[str, Doc]]) -> None:
        self._docs = docs
        self._built: Activity | None = None
        self._build_lock = threading.Lock()

    def current(self) -> Activity:
        """The activity as stored now (one object, changed in place as interactions change)."""
        if self._built is None:
            with self._build_lock:  # a request and the warm-up thread wait for one build, not race two
                if self._built is None:
                    self._built = Activity.build(self._docs().values())
        return self._built

    def warm(self) -> None:
        self.current()

    def on_change(self, table: str, doc_id: int, before: Doc | None, after: Doc | None) -> None:
        if table != self.table or self._built is None:
            return  # not built yet: the first build reads the table as it is then
        if before is not None:
            self._built.remove(before)
        if after is not None:
            self._built.add(after)
