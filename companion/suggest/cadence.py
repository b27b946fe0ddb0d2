"""When a check-in with someone falls due: the one rule, read by the keep-in-touch suggestion, the
calendar feed and the picker's order (people due first). Pure: a person's last contact, their own
rhythm, their tags' and the user's default."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta


def day_of(timestamp: str) -> date:
    return date.fromisoformat(timestamp[:10])


def cadence(own: int | None, tags: Iterable[str], tag_cadence: Mapping[str, int], default: int) -> int:
    """Days between check-ins: the person's own rhythm, else the shortest of their tags', else the default."""
    if own:
        return own
    by_tag = [tag_cadence[tag] for tag in tags if tag in tag_cadence]
    return min(by_tag) if by_tag else default


def check_in_due(last: str | None, own: int | None, tags: Iterable[str], tag_cadence: Mapping[str, int],
                 default: int) -> date | None:
    """The last contact plus the cadence. None without a rhythm of their own or their tag's (the default
    alone is a suggestion's business, "reconnect", not a promise), or with nothing logged yet."""
    tags = tuple(tags)
    if last is None or (not own and not any(tag in tag_cadence for tag in tags)):
        return None
    return day_of(last) + timedelta(days=cadence(own, tags, tag_cadence, default))
