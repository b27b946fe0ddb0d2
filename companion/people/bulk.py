"""One change to many people (the dashboard's selection): add or remove a tag, set a cadence, delete.
Each person goes through the store's own update or delete, so indexes, history and the journal see an
ordinary change; all of it in one transaction, so a refused person leaves everyone as they were."""

from __future__ import annotations

from companion.models import BulkRequest, BulkResult, PersonUpdate
from companion.store import Store
from companion.text import fold


def _tags(current: list[str], request: BulkRequest) -> list[str] | None:
    folded = fold(request.tag or "")
    has = any(fold(tag) == folded for tag in current)
    if request.action == "add_tag":
        return None if has else [*current, request.tag]  # type: ignore[list-item]
    return [tag for tag in current if fold(tag) != folded] if has else None


def apply(store: Store, request: BulkRequest) -> BulkResult:
    ids = list(dict.fromkeys(request.person_ids))
    docs = {person_id: store.people.raw(person_id) for person_id in ids}  # 404 for an unknown one, first
    if request.action == "delete":
        gone = {i for person_id in ids for i in store.interactions.by_person.get(person_id)
                if set(store.interactions.raw(i)["person_ids"]) <= set(ids)}
        tasks = sum(len(store.tasks.by_person.get(person_id)) for person_id in ids)
        if not request.dry_run:
            store.delete_people(ids)
        return BulkResult(action=request.action, dry_run=request.dry_run, people=len(ids), interactions=len(gone),
                          tasks=tasks)
    changes: dict[int, PersonUpdate] = {}
    for person_id, doc in docs.items():
        if request.action == "set_cadence":
            if doc.get("cadence_days") != request.cadence_days:
                changes[person_id] = PersonUpdate(cadence_days=request.cadence_days)
        elif (tags := _tags(doc.get("tags", []), request)) is not None:
            changes[person_id] = PersonUpdate(tags=tags)
    if not request.dry_run:
        with store.db.transaction():
            for person_id, update in changes.items():
                store.people.update(person_id, update)
    return BulkResult(action=request.action, dry_run=request.dry_run, people=len(changes))
