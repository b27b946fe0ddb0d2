"""Worlds for rule tests, written as a story: people, then what happened on which day."""

from __future__ import annotations

from datetime import date
from typing import Any

from companion.suggest.world import Activity, Me, PersonView, World, stamp

TODAY = date(2026, 11, 22)  # a Sunday


def at(days_ago: int) -> str:
    """An interaction time `days_ago` days before TODAY, mid-morning."""
    return stamp(TODAY, days_ago).replace("T00:00:00Z", "T10:00:00Z")


def world(people: list[dict[str, Any]], happened: list[tuple[int, tuple[int, ...] | int, str]],
          me: Me | None = None, changes: list[dict[str, Any]] | None = None,
          tag_cadence: dict[str, int] | None = None) -> World:
    """`happened`: (days ago, person id or ids, kind)."""
    views = {i: PersonView.from_doc(i, {"name": f"Person {i}", **p}) for i, p in enumerate(people, start=1)}
    docs = [{"occurred_at": at(days), "person_ids": [ids] if isinstance(ids, int) else list(ids), "kind": kind}
            for days, ids, kind in happened]
    return World(views, Activity.build(docs), changes or [], me or Me(), tag_cadence or {})
