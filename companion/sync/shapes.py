"""Which tables sync, and how each of their fields merges: the one place that says so.

A field not named here is last-writer-wins. Lists are sets (merge.py); free texts keep concurrent edits
side by side; references hold local ids here and global ids on the wire; local fields never leave this
machine (derived here from other data, or of this machine alone). Tables not listed never sync: pairing
tokens and the calendar key belong to one machine, captured pages and profile history stay local, and a
merge's undo record names local ids (the merge itself syncs as a redirect).

A table with a natural key (a suggestion's state, the user's own settings) names its documents by it, so
two machines that each marked the same suggestion done hold one document, not two.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from companion.store.schema import INTERACTIONS, KEPT_APART, ME, PEOPLE, SUGGESTION_STATE, TASKS
from companion.suggest.candidate import suggestion_id

Doc = dict[str, Any]
GidOf = Callable[[str, int], str]  # (table, local id) -> global id
# Never synced in any table: the local id is the key here, the global id is the key there.
ALWAYS_LOCAL = frozenset({"id"})


@dataclass(frozen=True)
class Shape:
    lists: frozenset[str] = frozenset()
    texts: frozenset[str] = frozenset()
    refs: Mapping[str, str] = field(default_factory=dict)  # field -> the table its local id(s) point into
    local: frozenset[str] = frozenset()
    natural_key: Callable[[Doc, GidOf], str] | None = None
    derive: Callable[[Doc], Doc | None] | None = None  # the local fields, made here from the synced ones

    def synced(self, doc: Doc) -> set[str]:
        return {name for name in doc if name not in self.local and name not in ALWAYS_LOCAL}


def _natural(table: str, key: str) -> str:
    """A global id from a natural key: the same on every machine, and revealing nothing of the key."""
    return f"{table[:2]}{hashlib.sha256(f'{table}:{key}'.encode()).hexdigest()[:24]}"


def _suggestion_key(doc: Doc, gid_of: GidOf) -> str:
    if doc.get("kind") is None:  # kept before states said what they were: known on this machine only
        return _natural(SUGGESTION_STATE, str(doc["suggestion_id"]))
    people = ",".join(sorted(gid_of(PEOPLE, person_id) for person_id in doc.get("person_ids", [])))
    return _natural(SUGGESTION_STATE, f"{doc['kind']}|{people}|{doc.get('key', '')}")


def _suggestion_here(doc: Doc) -> Doc | None:
    if doc.get("kind") is None:
        return doc if "suggestion_id" in doc else None
    return {**doc, "suggestion_id": suggestion_id(doc["kind"], doc.get("person_ids", []), doc.get("key", ""))}


SHAPES: dict[str, Shape] = {
    PEOPLE: Shape(
        lists=frozenset({"emails", "phones", "urls", "tags", "interests", "goals", "skills", "offers", "needs",
                         "dates", "user_fields"}),
        texts=frozenset({"notes", "bio", "how_met"}),
        # The revision counts this machine's changes (If-Match); the last interaction is derived from the
        # interactions; a face is a file here (faces do not sync yet).
        local=frozenset({"revision", "last_interaction_at", "face_updated_at"})),
    INTERACTIONS: Shape(lists=frozenset({"person_ids"}), texts=frozenset({"note"}), refs={"person_ids": PEOPLE}),
    TASKS: Shape(refs={"person_id": PEOPLE}),
    KEPT_APART: Shape(lists=frozenset({"person_ids"}), refs={"person_ids": PEOPLE}),
    # A suggestion's id names local people: the state syncs as what it was (kind, people, key), named by
    # that with the people's global ids, and each machine makes the id its own suggestions have.
    SUGGESTION_STATE: Shape(refs={"person_ids": PEOPLE}, local=frozenset({"suggestion_id"}),
                            natural_key=_suggestion_key, derive=_suggestion_here),
    ME: Shape(lists=frozenset({"goals", "interests", "offers"}), natural_key=lambda doc, gid_of: _natural(ME, "me")),
}
# Referenced tables first: a document's references are named by global ids that must exist already.
ORDER = {name: position for position, name in enumerate(SHAPES)}
