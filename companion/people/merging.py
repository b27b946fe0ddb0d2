"""How two records of one person combine: one field table, used by capture, import and merge.

Each field of a person has one rule (FIELDS):
- `list`: lists join, each item once (by its key: a URL's canonical form, a date's label and day, else
  the folded text), the stored items first;
- `page`: a page may update it on a later capture (a new headline), unless the user confirmed their own;
- `user`: the user's own words (tags, notes, cadence): a page never touches it, an import only fills it
  when empty; `notes` and `how_met` from two records are kept side by side, never one over the other;
- `name`: the saved name is the user's: an import or capture never renames anyone;
- AUTHORITY: a source that is the authority on a field replaces it (LinkedIn for position and company);
- TRACKED: changes to these are dated in the person's history.
Pure functions over plain values, so the table is tested field by field and source by source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from companion.text import fold
from companion.urls import canonical_url

Kind = Literal["name", "list", "page", "user", "side_by_side"]


@dataclass(frozen=True)
class Rule:
    kind: Kind
    from_pages: bool = False  # whether a captured page has this field at all


FIELDS: dict[str, Rule] = {
    "name": Rule("name", from_pages=True),
    "headline": Rule("page", True), "title": Rule("page", True), "organization": Rule("page", True),
    "location": Rule("page", True), "bio": Rule("page", True), "photo_url": Rule("page", True),
    "emails": Rule("list", True), "phones": Rule("list", True), "urls": Rule("list", True),
    "skills": Rule("list", True), "interests": Rule("list", True),
    "tags": Rule("list"), "goals": Rule("list"), "offers": Rule("list"), "needs": Rule("list"), "dates": Rule("list"),
    "how_met": Rule("side_by_side"), "notes": Rule("side_by_side"),
    "cadence_days": Rule("user"), "birthday": Rule("user"),
}
LIST_FIELDS = tuple(name for name, rule in FIELDS.items() if rule.kind == "list")
PAGE_FIELDS = tuple(name for name, rule in FIELDS.items() if rule.kind == "page")
CAPTURED_LISTS = tuple(name for name in LIST_FIELDS if FIELDS[name].from_pages)
AUTHORITY: dict[str, tuple[str, ...]] = {"LinkedIn": ("organization", "title")}
TRACKED = ("title", "organization")


def item_key(field: str, item: Any) -> str:
    """What makes two items of a list one."""
    if field == "urls":
        return canonical_url(item["url"] if isinstance(item, dict) else item.url)
    if field == "dates":
        item = item if isinstance(item, dict) else item.model_dump()
        return f"{fold(item['label'])}|{item['month']}|{item['day']}"
    return fold(str(item))


def joined(field: str, mine: Iterable[Any], theirs: Iterable[Any]) -> list[Any] | None:
    """`mine` with the items of `theirs` not in it yet, or None when there is nothing new."""
    mine = list(mine)
    known = {item_key(field, item) for item in mine}
    added = []
    for item in theirs:
        key = item_key(field, item)
        if key not in known:
            known.add(key)
            added.append(item)
    return [*mine, *added] if added else None


def side_by_side(mine: str | None, theirs: str | None) -> str | None:
    """Two notes kept both (the second under the first), or None when nothing changes."""
    if not theirs or theirs == mine or (mine and theirs in mine):
        return None
    return f"{mine}\n\n{theirs}" if mine else theirs


def from_capture(current: dict[str, Any], page: dict[str, Any], user_fields: Iterable[str] = (),
                 by_user: bool = False) -> dict[str, Any]:
    """What a captured page changes on a saved person: newer page fields (not those the user confirmed,
    unless this is the user confirming again) and list items not yet known."""
    keep = set(user_fields)
    changes: dict[str, Any] = {}
    for name in PAGE_FIELDS:
        if (name not in keep or by_user) and page.get(name) and page[name] != current.get(name):
            changes[name] = page[name]
    for name in CAPTURED_LISTS:
        if (found := joined(name, current.get(name) or [], page.get(name) or [])) is not None:
            changes[name] = found
    return changes


def from_import(current: dict[str, Any], incoming: dict[str, Any], source: str) -> dict[str, Any]:
    """What an imported record changes on the saved person: empty fields filled, lists joined, notes side
    by side; a field the source is the authority on is replaced."""
    changes: dict[str, Any] = {}
    for name, value in incoming.items():
        rule = FIELDS.get(name)
        mine = current.get(name)
        if rule is None or rule.kind == "name":
            continue
        if rule.kind == "list":
            found = joined(name, mine or [], value)
        elif rule.kind == "side_by_side":
            found = side_by_side(mine, value)
        elif not mine or (name in AUTHORITY.get(source, ()) and value != mine):
            found = value if value != mine else None
        else:
            found = None
        if found is not None:
            changes[name] = found
    return changes


def from_merge(keep: dict[str, Any], other: dict[str, Any], take: Iterable[str] = ()) -> dict[str, Any]:
    """The kept person's fields after folding `other` in: lists joined, empty fields filled, the fields in
    `take` from `other` (the user's choice), notes side by side."""
    chosen = set(take)
    fields = dict(keep)
    for name, value in other.items():
        rule = FIELDS.get(name)
        mine = fields.get(name)
        if rule is None:
            continue
        if rule.kind == "list":
            fields[name] = joined(name, mine or [], value) or (mine or [])
        elif rule.kind == "side_by_side" and name not in chosen:
            fields[name] = side_by_side(mine, value) or mine
        elif (not mine or name in chosen) and value:
            fields[name] = value
    return fields
