"""Insights: the shape of the network, from the user's own data.

- reciprocity: per person, help given and received over the last 12 months (give as much as you get);
- diversity: how the network spreads over organizations, places and how people met (widen the circle);
- rhythm: interactions per week for the last 12 weeks against the weekly goal (dedicated time).

Each part reads something kept current as the data changes (the ledger, the world's counts, the
activity's interactions per day), so asking costs the same whatever the size of the network.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from heapq import nsmallest
from typing import Any

from companion.suggest.ledger import Ledger, counts
from companion.suggest.world import SPREAD_FIELDS, World, stamp

WEEKS = 12
TOP = 10
SPREAD_NAMES = dict(zip(SPREAD_FIELDS, ("organizations", "locations", "how_met")))  # as the answer names them


def _spread(counts: Counter[str]) -> dict[str, Any]:
    """One attribute's spread from how many people share each value ("" counting who has none)."""
    unknown = counts.get("", 0)
    known = sum(counts.values()) - unknown
    # The most shared first, ties by value: the same answer however the counts were reached.
    top = nsmallest(TOP, ((count, value) for value, count in counts.items() if value),
                    key=lambda pair: (-pair[0], pair[1]))
    return {"distinct": len(counts) - (1 if unknown else 0), "known": known, "unknown": unknown,
            "top": [{"value": value, "count": count} for count, value in top],
            "largest_share": round(top[0][0] / known, 3) if known else 0.0}


def give_and_take(world: World, person_id: int, today: date) -> dict[str, Any]:
    """One row of the ledger."""
    given, received = counts(world, person_id, today)
    return {"person_id": person_id, "name": world.people[person_id].name, "given": given, "received": received}


def insights(world: World, today: date, ledger: Ledger | None = None) -> dict[str, Any]:
    """The three parts; `ledger` is the one kept current for today (counted here when not given)."""
    ledger = ledger if ledger is not None and ledger.today == today else Ledger(world, today)
    monday = today - timedelta(days=today.weekday())
    weeks = []
    for back in range(WEEKS - 1, -1, -1):
        start = monday - timedelta(weeks=back)
        weeks.append({"week_start": start.isoformat(),
                      "interactions": world.activity.count_all(stamp(start), stamp(start + timedelta(days=7)))})
    spreads = world.spreads()
    return {
        "reciprocity": {"given": ledger.given, "received": ledger.received,
                        "people": [{"person_id": person_id, "name": world.people[person_id].name, "given": given,
                                    "received": received} for person_id, given, received in ledger.top(TOP)]},
        "diversity": {"people": len(world.people), **{SPREAD_NAMES[attribute]: _spread(spreads[attribute])
                                                       for attribute in SPREAD_FIELDS}},
        "rhythm": {"weekly_goal": world.me.weekly_goal, "weeks": weeks},
    }
