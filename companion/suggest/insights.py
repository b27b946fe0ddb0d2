"""Insights: the shape of the network, from the user's own data. Pure, like the rules.

- reciprocity: per person, help given and received over the last 12 months (give as much as you get);
- diversity: how the network spreads over organizations, places and how people met (widen the circle);
- rhythm: interactions per week for the last 12 weeks against the weekly goal (dedicated time).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from companion.suggest.world import GIVING_KINDS, RECEIVING_KINDS, World, stamp

WEEKS = 12
TOP = 10
LEDGER_DAYS = 365


def _spread(values: list[str | None]) -> dict[str, Any]:
    known = [value.strip() for value in values if value and value.strip()]
    counts = Counter(known)
    top = counts.most_common(TOP)
    return {"distinct": len(counts), "known": len(known), "unknown": len(values) - len(known),
            "top": [{"value": value, "count": count} for value, count in top],
            "largest_share": round(top[0][1] / len(known), 3) if known else 0.0}


def give_and_take(world: World, person_id: int, today: date) -> dict[str, Any]:
    """What the user gave this person and received from them over the last year (the reciprocity rule's
    kinds): one row of the ledger."""
    since = stamp(today, LEDGER_DAYS)
    return {"person_id": person_id, "name": world.people[person_id].name,
            "given": world.activity.count(person_id, since, kinds=GIVING_KINDS),
            "received": world.activity.count(person_id, since, kinds=RECEIVING_KINDS)}


def insights(world: World, today: date) -> dict[str, Any]:
    ledger = []
    for person_id in world.activity.by_person:
        if person_id not in world.people:
            continue
        row = give_and_take(world, person_id, today)
        if row["given"] or row["received"]:
            ledger.append(row)
    ledger.sort(key=lambda row: (-(row["received"] - row["given"]), row["person_id"]))
    people = list(world.people.values())
    monday = today - timedelta(days=today.weekday())
    weeks = []
    for back in range(WEEKS - 1, -1, -1):
        start = monday - timedelta(weeks=back)
        weeks.append({"week_start": start.isoformat(),
                      "interactions": world.activity.count_all(stamp(start), stamp(start + timedelta(days=7)))})
    return {
        "reciprocity": {"given": sum(r["given"] for r in ledger), "received": sum(r["received"] for r in ledger),
                        "people": ledger[:TOP]},
        "diversity": {"people": len(people), "organizations": _spread([p.organization for p in people]),
                      "locations": _spread([p.location for p in people]),
                      "how_met": _spread([p.how_met for p in people])},
        "rhythm": {"weekly_goal": world.me.weekly_goal, "weeks": weeks},
    }
