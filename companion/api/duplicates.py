"""The review queue of possible duplicates: pairs of saved people who may be one, with the evidence, for
the user to merge (POST /people/{id}/merge) or keep apart (remembered, never asked again). Pairs come
from the namesake index (people/identity.py decides), so the queue costs the namesakes, not everyone.
And the merges made, which can be undone for 30 days (store/merges.py)."""

from __future__ import annotations

import asyncio

from aiohttp import web

from companion.api.keys import STORE
from companion.api.operations import Operations
from companion.api.queries import ListQuery
from companion.errors import InvalidInput
from companion.models import DuplicatePair, DuplicatePairPage, KeepApart, MergePage, MergeSummary, UndoneMerge
from companion.people import identity
from companion.store import Store
from companion.store.kept_apart import pair_key

ops = Operations()


def _namesakes(store: Store) -> tuple[list[list[tuple[int, dict]]], set[str]]:
    """A snapshot of the namesake groups and the keep-apart decisions, taken on the loop (the indexes and
    documents change there); comparing them is then pure."""
    people = store.people
    groups = [[(person_id, dict(people.raw(person_id))) for person_id in sorted(ids)]
              for key in people.by_name_key.keys() if len(ids := people.by_name_key.get(key)) > 1]
    return groups, set(store.kept_apart.by_pair.keys())  # type: ignore[arg-type]


def _queue(groups: list[list[tuple[int, dict]]], apart: set[str]) -> list[tuple[int, int, identity.Evidence]]:
    found = list(identity.pairs(groups, lambda a, b: pair_key(a, b) in apart))
    found.sort(key=lambda pair: (-len(pair[2].agree), pair[2].agree == ("name",), pair[0], pair[1]))
    return found


@ops.add("GET", "/api/v1/duplicates", "Possible duplicates to review: pairs of people with the same name and a "
         "second signal that agrees (or nothing to tell them apart), strongest first", tag="people",
         query=ListQuery, response=DuplicatePairPage)
async def list_duplicates(request: web.Request, query: ListQuery) -> DuplicatePairPage:
    store = request.app[STORE]
    found = await asyncio.to_thread(_queue, *_namesakes(store))  # a large network has many namesakes
    page = found[query.offset:query.offset + query.limit]
    items = []
    for a, b, evidence in page:
        people = [store.people.get(a), store.people.get(b)]
        items.append(DuplicatePair(people=people, score=identity.name_similarity(people[0].name, people[1].name),
                                   agree=list(evidence.agree), differ=list(evidence.differ)))
    return DuplicatePairPage(items=items, total=len(found))


@ops.add("POST", "/api/v1/duplicates/keep-apart", "These two are not the same person: never offer them as "
         "duplicates again", tag="people", body=KeepApart, status=204, errors=(404,))
async def keep_apart(request: web.Request, body: KeepApart) -> None:
    store = request.app[STORE]
    a, b = body.person_ids
    if a == b:
        raise InvalidInput("a person is always the same as themselves", {"person_ids": "the same person twice"})
    store.people.raw(a), store.people.raw(b)  # both must exist (404 otherwise)
    store.kept_apart.keep_apart(a, b)


def _summary(store: Store, merge_id: int) -> MergeSummary:
    merge = store.merges.get(merge_id)
    why_not = store.merges.why_not_undoable(merge)
    return MergeSummary(id=merge.id, kept_id=merge.kept_id, merged_id=merge.merged_id,
                        merged_name=merge.before["people"][str(merge.merged_id)]["name"], merged_at=merge.merged_at,
                        undone_at=merge.undone_at, undo_until=store.merges.undo_until(merge),
                        undoable=why_not is None, why_not=why_not)


@ops.add("GET", "/api/v1/merges", "The merges made, newest first, each with whether it can still be undone",
         tag="people", response=MergePage)
async def list_merges(request: web.Request) -> MergePage:
    store = request.app[STORE]
    return MergePage(items=[_summary(store, merge.id) for merge in store.merges.recent()])


@ops.add("POST", "/api/v1/merges/{merge_id}/undo", "Undo a merge: both people back as they were, with their "
         "interactions, tasks, captures and history (within 30 days, while neither was merged again)",
         tag="people", response=UndoneMerge, errors=(404, 409))
async def undo_merge(request: web.Request, merge_id: int) -> UndoneMerge:
    from companion import profiles  # the merge policy's module (its identity stack loads on first use)

    return UndoneMerge(people=profiles.undo_merge(request.app[STORE], merge_id))
