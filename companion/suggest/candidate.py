"""What a rule proposes: light (rules may propose thousands), turned into API models only after ranking."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any


def suggestion_id(kind: str, people: Iterable[int], key: str) -> str:
    """A suggestion's id: the same for the same occurrence (kind, people, key), here. The people are
    local ids, so a synced suggestion state keeps these three and each machine makes its own id."""
    raw = f"{kind}|{','.join(map(str, sorted(people)))}|{key}"
    return f"{kind}-{hashlib.sha1(raw.encode()).hexdigest()[:12]}"


@dataclass(slots=True)
class Candidate:
    kind: str
    people: tuple[int, ...]
    score: float  # 0-100 from the rule; ranking adds the user's own goals and interests
    text: str  # English; the extension renders `kind` + `params` in the reader's language
    why: list[str]  # the facts from the user's data behind it
    due: date
    key: str = ""  # what makes this occurrence itself: a new one after done/dismiss gets a new id
    params: dict[str, Any] = field(default_factory=dict)
    actions: tuple[str, ...] = ("done", "snooze", "dismiss")
    implies: str | None = None  # the interaction kind "done" logs
    _id: str = field(default="", init=False, repr=False, compare=False)

    @property
    def id(self) -> str:
        """Stable for the same occurrence (kind, people, key); computed once, as ranking asks it often."""
        if not self._id:
            self._id = suggestion_id(self.kind, self.people, self.key)
        return self._id
