"""Logging a conversation from the page it happened on: the participants the page shows become people
(found by their profile link or address when saved, else added) and one interaction with all of them.

Pure rules over the store, in one transaction: a request sent twice from the offline queue finds the
people the first one added (by the same link or address) instead of adding them again.
"""

from __future__ import annotations

from companion.models import (ConversationCreate, ConversationLogged, InteractionFields, Participant, PersonFields,
                              Resolved, ResolveRequest, ResolveResult)
from companion.notes import log
from companion.store import Store
from companion.suggest.promises import Promise


def _known(store: Store, participant: Participant) -> int | None:
    if participant.person_id is not None:
        store.people.raw(participant.person_id)  # a 404 names the missing person
        return participant.person_id
    known = store.people.identify([participant.url] if participant.url else [],
                                  [participant.email] if participant.email else [])
    return known[0] if known else None


def _new_person(participant: Participant) -> PersonFields:
    return PersonFields.model_validate({"name": participant.name,
                                        "emails": [participant.email] if participant.email else [],
                                        "urls": [{"url": participant.url}] if participant.url else []})


def log_conversation(store: Store, body: ConversationCreate, promises: list[Promise]) -> ConversationLogged:
    with store.db.transaction():
        people: list[int] = []
        created: list[int] = []
        for participant in body.participants:
            person_id = _known(store, participant)
            if person_id is None:
                person_id = store.people.create(_new_person(participant)).id
                created.append(person_id)
            if person_id not in people:  # one person named twice (a link and an address) is logged once
                people.append(person_id)
        fields = InteractionFields(person_ids=people, kind=body.kind, note=body.note, occurred_at=body.occurred_at,
                                   source_url=body.source_url, source_title=body.source_title)
        interaction, tasks = log(store, fields, promises)
    return ConversationLogged(interaction=interaction, people=[store.people.get(i) for i in people],
                              created=created, task_ids=[task.id for task in tasks])


def resolve(store: Store, request: ResolveRequest) -> ResolveResult:
    """Which of the page's addresses and links are saved people's: looked up in the indexes, never a scan."""
    found: list[Resolved] = []
    for key in dict.fromkeys(request.urls):
        person = store.people.find_by_url(key) if key.startswith(("http://", "https://")) else None
        if person:
            found.append(Resolved(key=key, person=person))
    for key in dict.fromkeys(request.emails):
        people = store.people.find_by_email(key)
        if people:
            found.append(Resolved(key=key, person=people[0]))
    return ResolveResult(found=found)
