"""The tables of a data directory and the model each one's documents must satisfy.

One list, so the repositories, start-up's checks of documents (replay.py), `verify` and the backup
all name the same tables.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional, Union

from pydantic import BaseModel, Field

from companion.models import Capture, Id, Interaction, MeFields, Person, ProfileChange, Task, Timestamp

PEOPLE = "people"
INTERACTIONS = "interactions"
TASKS = "tasks"
TOKENS = "tokens"
CAPTURES = "captures"
HISTORY = "profile_changes"
SUGGESTION_STATE = "suggestion_state"
ME = "me"
CALENDAR_KEY = "calendar_key"
KEPT_APART = "kept_apart"
MERGES = "merges"
SYNC_RECORDS = "sync_records"
SYNC_STATE = "sync_state"


class TokenRecord(BaseModel):
    id: Id
    name: str
    origin: Optional[str] = None
    hash: str
    created_at: Timestamp
    updated_at: Timestamp


class StateRecord(BaseModel):
    id: int
    suggestion_id: str
    status: str
    until: date | None = None
    # What the suggestion was (its id names local people): what sync carries to the other machines.
    kind: str | None = None
    person_ids: list[int] = []
    key: str = ""


class KeptApartRecord(BaseModel):
    """Two people the user said are not the same (never offered as duplicates again)."""

    id: Id
    person_ids: list[Id]
    decided_at: Timestamp


class MergeRecord(BaseModel):
    """A merge, with every document it changed or removed as it was before (table -> id -> document), so
    that undoing it puts both people and everything of theirs back exactly."""

    id: Id
    kept_id: Id
    merged_id: Id
    merged_at: Timestamp
    undone_at: Optional[Timestamp] = None
    face_moved: bool = False
    before: dict[str, dict[str, dict[str, Any]]]
    after: dict[str, Any] = Field(default={}, description="The kept person as the merge left them: what differs "
                                                          "from it at undo time is the user's later edit, kept.")


class SyncRecord(BaseModel):
    """A synced document as sync knows it (companion/sync): its global id, the local document it is, its
    replica with every field's stamps (merge.py, as codec.py encodes it), the server's revision of it
    and whether it has changes the server has not seen."""

    id: Id
    gid: str
    table: str
    local_id: Optional[Id] = None  # None: not here (deleted, or waiting for what it refers to)
    left_id: Optional[Id] = None  # the local id it had before it was deleted or merged away
    body: Union[str, dict[str, Any]]  # its JSON text (codec.encode_text); an object in records from before
    rev: str = ""
    dirty: bool = False
    waiting: bool = False  # alive, but what it refers to has not arrived yet


class SyncStateRecord(BaseModel):
    """This machine's side of sync: its device id (in every stamp it makes) and how far it has read the
    server's changes."""

    device: str
    since: str = "0"
    database: str = ""  # the identity of the database synced with (its meta document says it)


class CalendarKeyRecord(BaseModel):
    """Only the key's hash is kept (`key` is the plain key of stores from before that, replaced on open)."""

    hash: Optional[str] = None
    key: Optional[str] = None
    created_at: Optional[Timestamp] = None


MODELS: dict[str, type[BaseModel]] = {
    PEOPLE: Person, INTERACTIONS: Interaction, TASKS: Task, TOKENS: TokenRecord, CAPTURES: Capture,
    HISTORY: ProfileChange, SUGGESTION_STATE: StateRecord, ME: MeFields, CALENDAR_KEY: CalendarKeyRecord,
    KEPT_APART: KeptApartRecord, MERGES: MergeRecord, SYNC_RECORDS: SyncRecord, SYNC_STATE: SyncStateRecord,
}
# Held in memory as JSON, decoded when read (encoded.py): every table. The people too: their indexes answer
# a search without reading them (people_match.py), and 50k of them as dicts would take 120 MB rather than 30.
HELD_AS_JSON = frozenset(MODELS)
# What a backup holds: everything but what belongs to this machine (its pairing tokens, its calendar key,
# its side of sync: a backup restored is a store that syncs afresh).
BACKED_UP = (PEOPLE, INTERACTIONS, TASKS, HISTORY, CAPTURES, SUGGESTION_STATE, ME, KEPT_APART, MERGES)
_WITH_ID = {name for name, model in MODELS.items() if "id" in model.model_fields}


def _validator(name: str, model: type[BaseModel]):  # type: ignore[no-untyped-def]
    validate = model.__pydantic_validator__.validate_python
    if name in _WITH_ID:
        return lambda doc_id, doc: validate({**doc, "id": doc_id})
    return lambda doc_id, doc: validate(doc)


VALIDATORS: dict[str, Any] = {name: _validator(name, model) for name, model in MODELS.items()}
