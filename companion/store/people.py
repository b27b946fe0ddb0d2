"""People: create, change, find by profile URL or email without scanning, search by name/tag/organization."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import islice
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from companion.errors import Conflict, RevisionMismatch
from companion.models import Person, PersonFields, format_timestamp
from companion.people import phones
from companion.people.identity import name_key
from companion.store.database import Database
from companion.store.indexes import Doc
from companion.store.people_match import NameOrder, PeopleMatch, organization_words, ranked
from companion.store.repository import Clock, Repository, merged_fields
from companion.text import fold
from companion.urls import canonical_url
from companion.store.schema import PEOPLE


def _url_keys(doc: Doc) -> list[str]:
    return [canonical_url(link["url"]) for link in doc.get("urls", [])]


def _email_keys(doc: Doc) -> list[str]:
    return [email.casefold() for email in doc.get("emails", [])]


def _phone_keys(doc: Doc) -> list[str]:
    return [key for number in doc.get("phones", []) if (key := phones.key(number))]


def _tag_keys(doc: Doc) -> list[str]:
    return [fold(tag) for tag in doc.get("tags", [])]


# A search matching more than this share of everyone walks the list order instead of sorting its matches.
_WALK_SHARE = 1 / 32


class People(Repository[Person]):
    table_name = PEOPLE
    model = Person
    noun = "person"

    def __init__(self, db: Database, clock: Clock, phone_region: Callable[[], str | None] = lambda: None) -> None:
        super().__init__(db, clock)
        self.phone_region = phone_region  # the user's country, for numbers written without a country code
        self.by_url = db.index(self.table_name, _url_keys)
        self.by_email = db.index(self.table_name, _email_keys)
        self.by_phone = db.index(self.table_name, _phone_keys)
        self.by_name = db.index(self.table_name, lambda doc: [fold(doc["name"])])  # folded, for fuzzy matching
        self.by_name_key = db.index(self.table_name, lambda doc: [name_key(doc["name"])])  # namesakes, for review
        self.by_tag = db.index(self.table_name, _tag_keys)
        self.words = db.add_index(PeopleMatch(lambda: db.table_docs(self.table_name)))
        self.organization_words = db.add_index(PeopleMatch(lambda: db.table_docs(self.table_name),
                                                           organization_words))
        self.order = db.add_index(NameOrder(lambda: db.table_docs(self.table_name)))

    def _check_urls_free(self, fields: PersonFields, person_id: int | None = None) -> None:
        """A profile URL identifies one person; a second owner would make every lookup ambiguous."""
        for position, link in enumerate(fields.urls):
            owners = self.by_url.get(canonical_url(link.url)) - {person_id}
            if owners:
                owner = min(owners)
                raise Conflict(f"{link.url} already belongs to person {owner}",
                               {f"urls.{position}.url": f"already belongs to person {owner}"})

    def create(self, fields: PersonFields, last_interaction_at: datetime | None = None) -> Person:
        """`last_interaction_at`: for a person created together with their first interaction (an import),
        saving the second write that logging it would make."""
        self._check_urls_free(fields)
        doc = self._phones_normalized(fields.model_dump())
        with self.db.transaction():
            return self._insert({**doc, "revision": 1, "last_interaction_at": last_interaction_at})

    def update(self, person_id: int, changes: BaseModel, expected_revision: int | None = None) -> Person:
        """Apply the fields set in `changes`. With `expected_revision`, refuse if someone changed it since."""
        current = self.get(person_id)
        if expected_revision is not None and expected_revision != current.revision:
            raise RevisionMismatch(
                f"person {person_id} changed since revision {expected_revision} (now {current.revision}); "
                "reload it and apply your change again", {"revision": f"is {current.revision}"})
        merged, fields = merged_fields(current, changes, PersonFields)
        self._check_urls_free(fields, person_id)
        merged = self._phones_normalized(merged)
        merged["revision"] = current.revision + 1
        with self.db.transaction():
            return self._replace(person_id, merged)

    def _phones_normalized(self, doc: dict[str, Any]) -> dict[str, Any]:
        """Every way in goes through create or update: numbers are kept in E.164 where they allow, once."""
        if not doc.get("phones"):
            return doc
        region = self.phone_region()
        return {**doc, "phones": list(dict.fromkeys(phones.normalized(number, region) for number in doc["phones"]))}

    def _set_time(self, person_id: int, field: str, when: datetime | None) -> None:
        """A bookkeeping time on the person (not a user edit, so no revision bump); None removes it."""
        stamp = None if when is None else format_timestamp(when)

        def set_field(doc: dict[str, Any]) -> None:
            if stamp is None:
                doc.pop(field, None)
            else:
                doc[field] = stamp

        with self.db.transaction():
            self.table.update(set_field, doc_ids=[person_id])

    def set_last_interaction(self, person_id: int, when: datetime | None) -> None:
        """Derived: kept equal to the latest interaction's time."""
        self._set_time(person_id, "last_interaction_at", when)

    def mark_user_fields(self, person_id: int, names: list[str]) -> None:
        """Fields the user confirmed, which later captures leave alone (bookkeeping, no revision bump)."""

        def add(doc: dict[str, Any]) -> None:
            doc["user_fields"] = sorted({*doc.get("user_fields", []), *names})

        with self.db.transaction():
            self.table.update(add, doc_ids=[person_id])

    def mark_face(self, person_id: int, when: datetime | None) -> None:
        """Whether (and since when) a face thumbnail is kept for them."""
        self._set_time(person_id, "face_updated_at", when)

    def delete(self, person_id: int) -> None:
        self.raw(person_id)
        with self.db.transaction():
            self._remove(person_id)

    def search(self, q: str | None = None, tag: str | None = None, organization: str | None = None,
               limit: int = 50, offset: int = 0) -> tuple[list[Person], int]:
        """People by name, organization, e-mail or handle (each word typed begins one of theirs), tag and
        organization, in list order: from the indexes, O(matches), never a pass over everyone."""
        filters = [find(text) for text, find in ((q, self.words.match), (organization, self.organization_words.match),
                                                 (tag, lambda typed: self.by_tag.get(fold(typed.strip()))))
                   if text and text.strip()]
        if not filters:
            total = self.count()
            ids = list(islice(self.order.ids(), offset, offset + limit))
        else:
            filters.sort(key=len)
            matching = filters[0].intersection(*filters[1:])
            total = len(matching)
            if total > self.count() * _WALK_SHARE:
                ids = list(islice(self.order.ids(matching), offset, offset + limit))
            else:
                ids = sorted(matching, key=self.order.key_of)[offset:offset + limit]
        return [self.get(doc_id) for doc_id in ids], total

    def match(self, query: str, limit: int = 10,
              is_due: Callable[[Doc], bool] | None = None) -> tuple[list[Person], int]:
        """People whose words begin with what was typed (a picker's two letters): from the index, best first."""
        best = ranked({person_id: self.raw(person_id) for person_id in self.words.match(query)}, query, is_due)
        return [self.get(person_id) for person_id in best[:limit]], len(best)

    def identify(self, urls: Sequence[str], emails: Sequence[str], numbers: Sequence[str] = ()) -> tuple[int, str] | None:
        """Who these profile links, addresses or phone numbers already belong to, and by which: a link
        first (it names one person), then an address, then a number (in E.164)."""
        for url in urls:
            ids = self.by_url.get(canonical_url(url))
            if ids:
                return min(ids), "url"
        for email in emails:
            ids = self.by_email.get(email.strip().casefold())
            if ids:
                return min(ids), "email"
        region = self.phone_region() if numbers else None
        for number in numbers:
            ids = self.by_phone.get(phones.key(phones.normalized(number, region)) or "")
            if ids:
                return min(ids), "phone"
        return None

    def same_as(self, person_id: int) -> tuple[int, str] | None:
        """Another person who shares a profile link, an address or a number with this one, and which: two
        records of one person (identify's rule), as when each of two machines had them before sync."""
        doc = self.raw(person_id)
        signals = (("url", self.by_url, _url_keys), ("email", self.by_email, _email_keys),
                   ("phone", self.by_phone, _phone_keys))
        keyed = [(signal, index, key) for signal, index, keys in signals for key in keys(doc)]
        for signal, index, key in keyed:
            others = index.get(key) - {person_id}
            if others:
                return min(others), signal
        return None

    def find_by_url(self, url: str) -> Person | None:
        ids = self.by_url.get(canonical_url(url))
        return self.get(min(ids)) if ids else None

    def find_by_email(self, email: str) -> list[Person]:
        return [self.get(person_id) for person_id in sorted(self.by_email.get(email.strip().casefold()))]
