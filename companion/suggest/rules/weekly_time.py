"""Dedicated time each week: the user's weekly goal (touches a week) against this week so far, from
Monday. Speaks up from Thursday when the week is behind the goal, never on a week already on track.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from companion.suggest.candidate import Candidate
from companion.suggest.world import World, stamp

KIND = "weekly_time"
FROM_WEEKDAY = 3  # Thursday


def rule(world: World, today: date) -> Iterator[Candidate]:
    goal = world.me.weekly_goal
    if goal <= 0 or today.weekday() < FROM_WEEKDAY:
        return
    monday = today - timedelta(days=today.weekday())
    done = world.activity.count_all(stamp(monday))
    if done >= goal:
        return
    yield Candidate(
        KIND, (), score=40 + 10 * (goal - done) / goal,
        text=f"This week: {done} of your {goal} touches. Twenty minutes today would do it.",
        why=[f"{done} interactions since Monday {monday.isoformat()}", f"weekly goal: {goal}"],
        due=today, key=monday.isoformat(), params={"done": done, "goal": goal}, actions=("dismiss",))
