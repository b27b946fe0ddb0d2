"""The rules, one per module, each `rule(world, today) -> Iterable[Candidate]`; RULES is the registry."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from companion.suggest.candidate import Candidate
from companion.suggest.rules import (
    congratulate,
    follow_up_after_meeting,
    introduce,
    keep_in_touch,
    reciprocity,
    reconnect,
    thank_you,
    too_often,
    weekly_time,
)
from companion.suggest.world import World

Rule = Callable[[World, date], Iterable[Candidate]]

RULES: dict[str, Rule] = {
    "keep_in_touch": keep_in_touch.rule,
    "follow_up_after_meeting": follow_up_after_meeting.rule,
    "thank_you": thank_you.rule,
    "reciprocity": reciprocity.rule,
    "congratulate": congratulate.rule,
    "introduce": introduce.rule,
    "reconnect": reconnect.rule,
    "too_often": too_often.rule,
    "weekly_time": weekly_time.rule,
}
