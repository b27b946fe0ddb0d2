"""The activity index kept current change by change answers exactly as one built afresh."""

from __future__ import annotations

import random

from companion.activity import Activity

KINDS = ["met", "call", "helped_me", "thanks", "coffee"]


def answers(activity: Activity) -> dict:
    people = sorted(p for p, kinds in activity.by_person.items() if any(kinds.values()))
    return {
        "latest": {p: activity.last(p) for p in people},
        "by_kind": {(p, k): activity.kinds(p).get(k) or [] for p in people for k in KINDS},
        "counts": {(p, since): activity.count(p, since, "2026-06-01", ["helped_me", "thanks"])
                   for p in people for since in ("2026-01-01", "2026-03-15")},
        "all": [activity.count_all("2026-01-01"), activity.count_all("2026-02-01", "2026-05-01")],
        "together": dict(activity.together),
    }


def test_adding_and_removing_matches_a_fresh_build() -> None:
    rng = random.Random(5)

    def doc() -> dict:
        return {"person_ids": rng.sample(range(1, 8), rng.choice([1, 1, 2])), "kind": rng.choice(KINDS),
                "occurred_at": f"2026-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00Z"}

    docs = [doc() for _ in range(60)]
    live = Activity.build(docs)
    for _ in range(200):
        if docs and rng.random() < 0.45:
            gone = docs.pop(rng.randrange(len(docs)))
            live.remove(gone)
        else:
            docs.append(doc())
            live.add(docs[-1])
        assert answers(live) == answers(Activity.build(docs))
