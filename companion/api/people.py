"""People: create, read, update (with If-Match), delete, search, lookup by profile URL or email."""

from __future__ import annotations

import asyncio
import base64
import binascii

from aiohttp import web

from companion.api.errors import ApiError
from companion.api.keys import STORE
from companion.api.operations import Operations, json_response
from companion.api.queries import ListQuery, LookupQuery, MatchQuery, PeopleQuery
from companion.errors import InvalidInput, NotFound
from companion.models import (BulkRequest, BulkResult, FaceUpload, InteractionPage, Person, PersonCreate, PersonPage,
                              PersonUpdate)
from companion.store.indexes import Doc
from companion.suggest.cadence import check_in_due

ops = Operations()


def _with_etag(person: Person, status: int = 200) -> web.Response:
    return json_response(person, status, headers={"ETag": f'"{person.revision}"'})


def _expected_revision(request: web.Request) -> int | None:
    """If-Match as a revision number; `*` or no header means "whatever is stored"."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    tag = header.strip().removeprefix("W/").strip('"')
    if not tag.isdigit():
        raise ApiError(412, "revision_mismatch", "If-Match must be an ETag this companion gave",
                       {"If-Match": "not a revision"})
    return int(tag)


@ops.add("GET", "/api/v1/people", "Search people by name, tag or organization", tag="people",
         query=PeopleQuery, response=PersonPage)
async def list_people(request: web.Request, query: PeopleQuery) -> PersonPage:
    items, total = request.app[STORE].people.search(query.q, query.tag, query.organization, query.limit,
                                                     query.offset)
    return PersonPage(items=items, total=total)


@ops.add("POST", "/api/v1/people", "Add a person", tag="people", body=PersonCreate, response=Person,
         status=201, errors=(409,))
async def create_person(request: web.Request, body: PersonCreate) -> web.Response:
    return _with_etag(request.app[STORE].people.create(body), 201)


@ops.add("GET", "/api/v1/people/match", "People whose words begin with what was typed (a picker): name, "
         "organization, e-mail, profile handle; case, accents and script variants ignored; best first",
         tag="people", query=MatchQuery, response=PersonPage)
async def match_people(request: web.Request, query: MatchQuery) -> PersonPage:
    store = request.app[STORE]
    me = store.me.get()
    today = store.clock().date()

    def is_due(doc: Doc) -> bool:
        due = check_in_due(doc.get("last_interaction_at"), doc.get("cadence_days"), doc.get("tags", ()),
                           me.tag_cadence, me.default_cadence_days)
        return due is not None and due <= today

    items, total = store.people.match(query.q, query.limit, is_due)
    return PersonPage(items=items, total=total)


@ops.add("GET", "/api/v1/people/lookup", "Find the person with this profile URL or email", tag="people",
         query=LookupQuery, response=Person, errors=(404,))
async def lookup_person(request: web.Request, query: LookupQuery) -> web.Response:
    people = request.app[STORE].people
    found = people.find_by_url(query.url) if query.url else next(iter(people.find_by_email(query.email or "")),
                                                                  None)
    if found is None:
        raise NotFound("nobody saved has that " + ("profile URL" if query.url else "email"))
    return _with_etag(found)


@ops.add("GET", "/api/v1/people/{person_id}", "A person", tag="people", response=Person, errors=(404,))
async def get_person(request: web.Request, person_id: int) -> web.Response:
    return _with_etag(request.app[STORE].people.get(person_id))


@ops.add("PATCH", "/api/v1/people/{person_id}", "Change some of a person's fields", tag="people",
         body=PersonUpdate, response=Person, errors=(404, 409, 412), headers=("If-Match",))
async def update_person(request: web.Request, person_id: int, body: PersonUpdate) -> web.Response:
    return _with_etag(request.app[STORE].people.update(person_id, body, _expected_revision(request)))


@ops.add("DELETE", "/api/v1/people/{person_id}", "Delete a person with their tasks", tag="people",
         status=204, errors=(404,))
async def delete_person(request: web.Request, person_id: int) -> None:
    request.app[STORE].delete_person(person_id)


@ops.add("POST", "/api/v1/people/bulk", "One change to many people: add or remove a tag, set a cadence, or delete "
         "them (dry_run says how many interactions and tasks go with them first)", tag="people", body=BulkRequest,
         response=BulkResult, errors=(404,))
async def bulk_change(request: web.Request, body: BulkRequest) -> BulkResult:
    from companion.people import bulk

    return bulk.apply(request.app[STORE], body)


@ops.add("PUT", "/api/v1/people/{person_id}/face", "Keep a face thumbnail for this person (WebP, JPEG or PNG, "
         "at most 20 KB, in base64)", tag="people", body=FaceUpload, response=Person, errors=(404,))
async def put_face(request: web.Request, person_id: int, body: FaceUpload) -> web.Response:
    store = request.app[STORE]
    store.people.raw(person_id)
    try:
        data = base64.b64decode(body.image, validate=True)
    except binascii.Error:
        raise InvalidInput("the image is not base64", {"image": "not base64"}) from None
    await asyncio.to_thread(store.faces.put, person_id, data)  # checks the image, then an fsync: off the loop
    store.people.mark_face(person_id, store.clock())
    return _with_etag(store.people.get(person_id))


@ops.add("GET", "/api/v1/people/{person_id}/face", "This person's face thumbnail, as an image", tag="people",
         errors=(404,))
async def get_face(request: web.Request, person_id: int) -> web.Response:
    store = request.app[STORE]
    store.people.raw(person_id)
    found = store.faces.get(person_id)
    if found is None:
        raise NotFound("no face is kept for this person yet; save them from a page with their photo",
                       {"face": "none kept"})
    data, kind = found
    return web.Response(body=data, content_type=kind, headers={"Cache-Control": "private, no-cache",
                                                               "X-Content-Type-Options": "nosniff"})


@ops.add("DELETE", "/api/v1/people/{person_id}/face", "Forget this person's face thumbnail", tag="people",
         status=204, errors=(404,))
async def delete_face(request: web.Request, person_id: int) -> None:
    store = request.app[STORE]
    store.people.raw(person_id)
    store.faces.delete(person_id)
    store.people.mark_face(person_id, None)


@ops.add("GET", "/api/v1/people/{person_id}/interactions", "A person's timeline, newest first",
         tag="interactions", query=ListQuery, response=InteractionPage, errors=(404,))
async def person_timeline(request: web.Request, person_id: int, query: ListQuery) -> InteractionPage:
    items, total = request.app[STORE].interactions.timeline(person_id, query.limit, query.offset)
    return InteractionPage(items=items, total=total)
