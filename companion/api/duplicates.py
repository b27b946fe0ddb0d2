"""The review queue of possible duplicates: pairs of saved people who may be one, with the evidence, for
the user to merge (POST /people/{id}/merge) or keep apart (remembered, never asked again). Pairs come
from the namesake index (people/identity.py decides), so the queue costs the namesakes, not everyone."""

from __future__ import annotations

from aiohttp import web

from companion.api.keys import STORE
from companion.api.operations import Operations
from companion.api.queries import ListQuery
from companion.errors import InvalidInput
from companion.models import DuplicatePair, DuplicatePairPage, KeepApart
from companion.people import identity
from companion.store import Store

ops = Operations()


def _queue(store: Store) -> list[tuple[int, int, identity.Evidence]]:
    people = store.people
    groups = ([(person_id, dict(people.raw(person_id))) for person_id in sorted(people.by_name_key.get(key))]
              for key in people.by_name_key.keys() if len(people.by_name_key.get(key)) > 1)
    found = list(identity.pairs(groups, store.kept_apart.apart))
    found.sort(key=lambda pair: (-len(pair[2].agree), pair[2].agree == ("name",), pair[0], pair[1]))
    return found


@ops.add("GET", "/api/v1/duplicates", "Possible duplicates to review: pairs of people with the same name and a "
         "second signal that agrees (or nothing to tell them apart), strongest first", tag="people",
         query=ListQuery, response=DuplicatePairPage)
async def list_duplicates(request: web.Request, query: ListQuery) -> DuplicatePairPage:
    store = request.app[STORE]
    found = _queue(store)  # on the loop, like every index read: namesake groups only, a few ms for 10k people
    page = found[query.offset:query.offset + query.limit]
    return DuplicatePairPage(items=[DuplicatePair(people=[store.people.get(a), store.people.get(b)],
                                                  agree=list(evidence.agree), differ=list(evidence.differ))
                                    for a, b, evidence in page], total=len(found))


@ops.add("POST", "/api/v1/duplicates/keep-apart", "These two are not the same person: never offer them as "
         "duplicates again", tag="people", body=KeepApart, status=204, errors=(404,))
async def keep_apart(request: web.Request, body: KeepApart) -> None:
    store = request.app[STORE]
    a, b = body.person_ids
    if a == b:
        raise InvalidInput("a person is always the same as themselves", {"person_ids": "the same person twice"})
    store.people.raw(a), store.people.raw(b)  # both must exist (404 otherwise)
    store.kept_apart.keep_apart(a, b)
