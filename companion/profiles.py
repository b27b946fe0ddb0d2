"""From a captured page to a person: identity resolution, create-or-update with profile history, merge.

Identity is people/identity.py's: a shared profile URL, e-mail or phone number is the same person; a
similar name with a second signal that agrees is only *reported* as a possible duplicate, never merged:
two people can share a name, and a wrong merge is worse than a duplicate the user can fold (`merge`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from companion import notes
from companion.errors import Conflict, InvalidInput, NeedsConfirmation, NotAProfile
from companion.extract import ProfileDraft
from companion.extract.draft import MIN_PROFILE
from companion.models import (
    Capture,
    CaptureRequest,
    ConfirmedDraft,
    PageRequest,
    CaptureResult,
    Email,
    InteractionFields,
    Label,
    Person,
    PersonFields,
    PersonUpdate,
    Phone,
    PossibleDuplicate,
    ProfileLink,
)
from companion.people import identity, merging
from companion.store import Store
from companion.store.captures import PackedPage
from companion.suggest.promises import Promise
from companion.urls import canonical_url

log = logging.getLogger(__name__)

# Which fields a page may change on a saved person is people/merging.py's table.
CONFIRMABLE = ("name", "headline", "organization", "location", "photo_url")  # what a draft to confirm shows
CONFIRM_BELOW = 0.6  # a reading less sure than this is saved only once the user has checked it
_LIMITS = {"name": 300, "headline": 500, "title": 500, "organization": 500, "location": 500, "bio": 100_000}
_VALID = {"emails": TypeAdapter(Email), "phones": TypeAdapter(Phone), "skills": TypeAdapter(Label),
          "interests": TypeAdapter(Label)}
_LINK = TypeAdapter(ProfileLink)


def person_fields(draft: ProfileDraft) -> dict[str, Any]:
    """The draft as Person fields, keeping what the model accepts: a page can hold a 2 KB "title" or an
    address that only looks like an email, and one bad value must not lose the rest."""
    fields: dict[str, Any] = {}
    for name, limit in _LIMITS.items():
        value = getattr(draft, name)
        if value:
            fields[name] = value[:limit].strip()
    if draft.photo_url:
        try:
            fields["photo_url"] = _LINK.validate_python({"url": draft.photo_url}).url
        except ValidationError:
            pass
    for name, adapter in _VALID.items():
        kept = []
        for item in getattr(draft, name)[:200]:
            try:
                kept.append(adapter.validate_python(item[:100] if name in ("skills", "interests") else item))
            except ValidationError:
                continue
        if kept:
            fields[name] = kept
    links = []
    for url in draft.urls[:50]:
        try:
            links.append(_LINK.validate_python({"url": url}).model_dump())
        except ValidationError:
            continue
    if links:
        fields["urls"] = links
    return fields


@dataclass
class Resolution:
    person_id: int | None
    matched_by: str | None
    possible_duplicates: list[PossibleDuplicate] = field(default_factory=list)


def possible_duplicates(store: Store, record: dict[str, Any], exclude: int | None = None) -> list[PossibleDuplicate]:
    """Saved people a record may be (identity.candidates: a similar name and a second signal that agrees)."""
    return [PossibleDuplicate(person_id=c.person_id, name=c.name, organization=c.organization, score=c.score,
                              agree=list(c.evidence.agree))
            for c in identity.candidates(store.people, record, exclude=exclude)
            if exclude is None or not store.kept_apart.apart(exclude, c.person_id)]


def similar_people(store: Store, draft: ProfileDraft) -> list[PossibleDuplicate]:
    return possible_duplicates(store, {"name": draft.name, "organization": draft.organization,
                                       "location": draft.location, "emails": draft.emails, "phones": draft.phones,
                                       "urls": [draft.url, *draft.urls]})


def resolve(store: Store, draft: ProfileDraft) -> Resolution:
    known = store.people.identify([draft.url, *draft.urls], draft.emails, draft.phones)
    if known:
        return Resolution(*known)
    return Resolution(None, None, similar_people(store, draft))


def _owned_elsewhere(store: Store, links: list[dict[str, Any]],
                     person_id: int | None) -> tuple[list[dict[str, Any]], set[int]]:
    """Split links into those free for `person_id` and the ids of other people who own the rest."""
    free: list[dict[str, Any]] = []
    owners: set[int] = set()
    for link in links:
        others = store.people.by_url.get(canonical_url(link["url"])) - {person_id}
        if others:
            owners |= others
        else:
            free.append(link)
    return free, owners


def _duplicates_by_id(store: Store, ids: set[int]) -> list[PossibleDuplicate]:
    docs = [(i, store.people.raw(i)) for i in sorted(ids)]
    return [PossibleDuplicate(person_id=i, name=doc["name"], organization=doc.get("organization"), score=100.0)
            for i, doc in docs]


def _changes(current: Person, fields: dict[str, Any], by_user: bool = False) -> dict[str, Any]:
    """What a capture changes on a saved person (people/merging.py decides, field by field)."""
    return merging.from_capture(current.model_dump(), fields, current.user_fields, by_user)


@dataclass
class Applied:
    person: Person
    status: str
    changed: list[str]


def apply_draft(store: Store, draft: ProfileDraft, person_id: int | None, source_url: str,
                by_user: bool = False) -> tuple[Applied, set[int]]:
    """Create or update the person from a draft, recording title/organization changes. Returns the
    result and the ids of other people who already own some of the draft's URLs (likely the same
    person: reported, not merged). `by_user`: the draft is the user's word (a confirmed draft). Call
    inside a transaction."""
    fields = person_fields(draft)
    fields["urls"], owners = _owned_elsewhere(store, fields.get("urls", []), person_id)
    if person_id is None:
        person = store.people.create(PersonFields.model_validate(fields))
        for name in merging.TRACKED:
            if getattr(person, name):
                store.history.record(person.id, name, None, getattr(person, name), source_url)  # type: ignore[arg-type]
        return Applied(person, "created", sorted(k for k, v in fields.items() if v)), owners
    current = store.people.get(person_id)
    changes = _changes(current, fields, by_user)
    if not changes:
        return Applied(current, "unchanged", []), owners
    person = store.people.update(person_id, PersonUpdate.model_validate(changes))
    for name in merging.TRACKED:
        if name in changes:
            store.history.record(person_id, name, getattr(current, name), changes[name], source_url)  # type: ignore[arg-type]
    return Applied(person, "updated", sorted(changes)), owners


def _read_for_confirming(draft: ProfileDraft, page_url: str) -> dict[str, Any]:
    """What a draft to confirm shows: the fields read, how sure each is, and the page's address."""
    read = {name: getattr(draft, name) for name in CONFIRMABLE if getattr(draft, name)}
    sure = {name: draft.field_confidence[name] for name in read if name in draft.field_confidence}
    return {**read, "url": page_url, "confidence": sure}


def not_a_profile(draft: ProfileDraft, page_url: str) -> NotAProfile:
    """The answer for a page that is no person's profile, with the next step in it: what the page is (a
    code the extension words in the reader's language) and, when no layer was sure of that, whatever
    was read, for the user to confirm."""
    what = draft.about or "no person's profile"
    # Read fields are offered only where no layer knew surely what the page is: on an article or a company
    # page the "name" read is the page's title, not a person's.
    unsure = draft.about_code is None or draft.about_weight < MIN_PROFILE
    read = _read_for_confirming(draft, page_url) if unsure else {"url": page_url}
    return NotAProfile(f"this page is {what}, not a person's profile; nothing was saved", {"html": f"found {what}"},
                       {"page": {"kind": draft.about_code or "unknown", "name": draft.about_name}, "draft": read})


def needs_confirmation(draft: ProfileDraft, page_url: str) -> NeedsConfirmation:
    """The answer for a page read as a person's without enough evidence to save it unasked (a portfolio
    whose only statement of its owner is the title): what was read, for the user to check and save."""
    return NeedsConfirmation(f"Tend is not sure it read this page right (confidence {draft.confidence:.2f}); "
                             "check what was read and save it with `confirmed`; nothing was saved",
                             {"html": "read, but not surely"},
                             {"page": {"kind": "unsure", "name": draft.name}, "draft": _read_for_confirming(draft, page_url),
                              "confidence": draft.confidence})


def confirmed_draft(draft: ProfileDraft, confirmed: ConfirmedDraft, page_url: str) -> tuple[ProfileDraft, list[str]]:
    """The draft with the user's word over it, and the fields the user gave. On a page that is not the
    person's (an article by them), nothing else of the page is theirs: only what the user confirmed."""
    base = draft if draft.is_profile else ProfileDraft(url=confirmed.url or page_url, is_profile=True)
    given = {name: getattr(confirmed, name) for name in CONFIRMABLE if getattr(confirmed, name)}
    links = [confirmed.url] if confirmed.url else []
    updated = base.model_copy(update={**given, "is_profile": True, "url": confirmed.url or base.url,
                                      "urls": [*links, *(url for url in base.urls if url not in links)]})
    return updated, sorted(given)


def capture(store: Store, request: CaptureRequest, draft: ProfileDraft, packed: PackedPage,
            promises: list[Promise]) -> CaptureResult:
    """Save the person a captured page showed (`draft`, extracted off the event loop): resolve, create or
    update, keep the page (`packed`), log the selection as a note with its `promises`."""
    if request.confirmed is not None:
        draft, user_fields = confirmed_draft(draft, request.confirmed, request.url)
    elif not draft.is_profile:
        raise not_a_profile(draft, request.url)
    elif draft.confidence < CONFIRM_BELOW and not store.people.identify([draft.url, *draft.urls], draft.emails):
        raise needs_confirmation(draft, request.url)  # someone saved from here before was confirmed then
    else:
        user_fields = []
    digest = store.captures.keep_page(packed)
    with store.db.transaction():  # resolve under the write lock, so two saves of one new person make one
        resolution = resolve(store, draft)
        applied, owners = apply_draft(store, draft, resolution.person_id, request.url, by_user=bool(user_fields))
        if user_fields:
            store.people.mark_user_fields(applied.person.id, user_fields)
        record = store.captures.record(applied.person.id, request.url, request.title, digest, packed.size)
        note = None
        if request.selection:
            note, _ = notes.log(store, InteractionFields(person_ids=[applied.person.id], kind="note",
                                                         note=request.selection, source_url=request.url),
                                promises)
    person = store.people.get(applied.person.id)  # last_interaction_at may have moved with the note
    duplicates = resolution.possible_duplicates + _duplicates_by_id(store, owners - {person.id})
    return CaptureResult(person=person, status=applied.status, changed=applied.changed,  # type: ignore[arg-type]
                         possible_duplicates=[d for d in duplicates if d.person_id != person.id],
                         capture_id=record.id, note_id=note.id if note else None)


def save_page(store: Store, request: PageRequest, summary: tuple[str | None, list[str]], packed: PackedPage) -> Capture:
    """Keep a page that is not a person's (an article, a repository) with its title and topics
    (`summary`, read off the event loop), for "share"."""
    title = request.title or summary[0]
    found = summary[1]
    digest = store.captures.keep_page(packed)
    with store.db.transaction():
        return store.captures.record(None, request.url, (title or request.url)[:500], digest, packed.size, found)


def merge(store: Store, keep_id: int, duplicate_id: int, take: Iterable[str] = ()) -> Person:
    """Fold `duplicate_id` into `keep_id`: interactions, tasks, history and captures move, every list
    is joined, empty fields are filled from the duplicate, the fields in `take` come from it (the user
    chose its value), notes are kept side by side; then the duplicate is deleted. One transaction: all
    of it happens, or none."""
    if keep_id == duplicate_id:
        raise InvalidInput("a person cannot be merged into themselves", {"duplicate_id": "is this person"})
    keep, duplicate = store.people.get(keep_id), store.people.get(duplicate_id)
    fields = merging.from_merge(keep.model_dump(include=set(PersonFields.model_fields)),
                                duplicate.model_dump(include=set(PersonFields.model_fields)), take)
    gets_face = bool(store.people.raw(duplicate_id).get("face_updated_at")) and \
        not store.people.raw(keep_id).get("face_updated_at")
    before = _merge_touches(store, keep_id, duplicate_id)
    with store.db.transaction():
        store.interactions.move(duplicate_id, keep_id)
        store.tasks.move(duplicate_id, keep_id)
        store.captures.move(duplicate_id, keep_id)
        if gets_face:
            store.people.mark_face(keep_id, store.clock())
        store.history.move(duplicate_id, keep_id)
        store.kept_apart.forget_person(duplicate_id)
        store.suggestion_state.forget_person(duplicate_id)  # the survivor's own suggestions stand
        store.people.delete(duplicate_id)
        store.people.update(keep_id, PersonUpdate.model_validate(fields))
        store.people.set_last_interaction(keep_id, store.interactions.latest_for(keep_id))
        store.merges.record(keep_id, duplicate_id, before, store.people.raw(keep_id), gets_face)
    store.faces.move(duplicate_id, keep_id)  # the duplicate's face, once the merge is journaled
    return store.people.get(keep_id)


def _merge_touches(store: Store, keep_id: int, duplicate_id: int) -> dict[str, dict[int, Any]]:
    """Every document a merge of these two changes or removes, as it is now (for undoing it)."""
    owned = {name: repository for name, repository in (
        ("interactions", store.interactions), ("tasks", store.tasks), ("captures", store.captures),
        ("profile_changes", store.history), ("kept_apart", store.kept_apart),
        ("suggestion_state", store.suggestion_state))}
    before: dict[str, dict[int, Any]] = {"people": {i: dict(store.people.raw(i)) for i in (keep_id, duplicate_id)}}
    for name, repository in owned.items():
        before[name] = {i: dict(repository.raw(i)) for i in sorted(repository.by_person.get(duplicate_id))}
    return before


def undo_merge(store: Store, merge_id: int) -> list[Person]:
    """Put both people of a merge back as they were before it, with everything of theirs that moved
    (store/merges.py says when that is possible). Returns the two people."""
    merge = store.merges.get(merge_id)
    if reason := store.merges.why_not_undoable(merge):
        raise Conflict(reason, {"merge_id": reason})
    if not store.people.table.contains(doc_id=merge.kept_id):
        raise Conflict("the person kept by this merge was deleted since", {"merge_id": "its person is gone"})
    store.merges.check_free(merge, store.people.table)
    tables = {"people": store.people.table, "interactions": store.interactions.table, "tasks": store.tasks.table,
              "captures": store.captures.table, "profile_changes": store.history.table,
              "kept_apart": store.kept_apart.table, "suggestion_state": store.suggestion_state.table}
    with store.db.transaction():
        store.merges.restore(merge, tables, PersonFields.model_fields)
        for person_id in (merge.kept_id, merge.merged_id):  # interactions logged since may be newer
            store.people.set_last_interaction(person_id, store.interactions.latest_for(person_id))
    if merge.face_moved:
        store.faces.move(merge.kept_id, merge.merged_id)
    return [store.people.get(merge.kept_id), store.people.get(merge.merged_id)]


def reapply(store: Store, kept: Capture, draft: ProfileDraft | None) -> str:
    """Apply a fresh extraction of a kept page to its person: "updated", "unchanged" or "failed"."""
    if draft is None or not draft.is_profile:
        log.warning("re-extraction of capture %d failed: %s", kept.id,
                    "its page file is missing" if draft is None else f"no longer a profile ({draft.about})")
        return "failed"
    try:
        with store.db.transaction():
            applied, _ = apply_draft(store, draft, kept.person_id, kept.url)
    except (ValidationError, InvalidInput) as error:
        log.warning("re-extraction of capture %d failed: %s", kept.id, error)
        return "failed"
    return "updated" if applied.status == "updated" else "unchanged"
