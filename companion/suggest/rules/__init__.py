"""The rules, one per module, each `rule(world, today) -> Iterable[Candidate]`; RULES is the registry."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from companion.suggest.candidate import Candidate
from companion.suggest.rules import (
    celebrate,
    congratulate,
    follow_up_after_meeting,
    introduce,
    keep_in_touch,
    reciprocity,
    reconnect,
    share,
    thank_you,
    too_often,
    weekly_time,
)
from companion.suggest.world import World

Rule = Callable[[World, date], Iterable[Candidate]]

# Rules about one person at a time: after a change, re-run for the people it touched only. The others
# (introduce, weekly_time) look across people and always run whole.
PER_PERSON = frozenset({"keep_in_touch", "follow_up_after_meeting", "thank_you", "reciprocity", "congratulate",
                        "reconnect", "too_often", "celebrate"})

RULES: dict[str, Rule] = {
    "keep_in_touch": keep_in_touch.rule,
    "follow_up_after_meeting": follow_up_after_meeting.rule,
    "thank_you": thank_you.rule,
    "reciprocity": reciprocity.rule,
    "congratulate": congratulate.rule,
    "introduce": introduce.rule,
    "share": share.rule,
    "reconnect": reconnect.rule,
    "too_often": too_often.rule,
    "weekly_time": weekly_time.rule,
    "celebrate": celebrate.rule,
}
