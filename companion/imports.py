"""Records read from a file, applied to the store: find who is already there, merge, report every row.

Identity is people/identity.py's: a profile URL, an email or a phone number they share; never a name (a
row with a saved person's name and something in common is added apart and reported as a possible
duplicate). A match is merged into as people/merging.py says: empty fields are filled, lists joined, notes
kept side by side; LinkedIn's export is the authority on a connection's current company and position, so
those replace older ones (and the change is dated, which "congratulate" notices); other files never
overwrite what the user already has.

Rows are written in batches, each one transaction (one journal record, one fsync): 50k rows are a
hundred fsyncs, not fifty thousand. A row that fails is reported with its line and never stops the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time, timezone
from typing import Any, Literal

from pydantic import ValidationError

from companion.errors import Conflict, InvalidInput
from companion.formats import BadFile, BadRow, Record, backup, linkedin, people_csv, vcard
from companion.models import (
    CsvColumn,
    CsvColumns,
    FileText,
    ImportReport,
    ImportRequest,
    InteractionFields,
    PersonFields,
    PersonUpdate,
    RowOutcome,
    RowProblem,
    format_timestamp,
)
from companion.people import identity, merging, phones
from companion.store import Store
from companion.urls import canonical_url

BATCH = 500
SHOWN_ROWS = 200
# Fields left out, with a warning, when their value is invalid: a birthday written "31/02" is no reason to
# lose the rest of the card.
OPTIONAL_FIELDS = ("birthday",)
_SCHEMELESS = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:/\S*)?$")

Progress = Callable[[int, int], None]


@contextmanager
def _whole_file() -> Iterator[None]:
    """A file that is not what it was said to be is refused whole, as invalid input."""
    try:
        yield
    except BadFile as error:
        raise InvalidInput(error.message, error.fields) from None


def read(request: ImportRequest) -> list[Record | BadRow]:
    """The request's file as records, in file order."""
    with _whole_file():
        if request.format == "linkedin":
            return list(linkedin.read(request.content))
        if request.format == "vcard":
            return list(vcard.read(request.content))
        return list(people_csv.read(request.content, request.mapping, request.delimiter))


def csv_columns(text: FileText) -> CsvColumns:
    """A CSV's columns and the field each would fill, and every field one can: a preview to correct."""
    with _whole_file():
        found = people_csv.columns(text.content, text.mapping, text.delimiter)
    return CsvColumns(columns=[CsvColumn(header=header, field=field) for header, field in found],
                      fields=list(people_csv.FIELDS))


def _with_scheme(fields: dict[str, Any]) -> dict[str, Any]:
    """`www.example.org` is a URL to whoever typed it into an address book; the same URL twice is one."""
    if "urls" in fields:
        links = [{"url": f"https://{link['url']}"} if _SCHEMELESS.match(link["url"]) else link
                 for link in fields["urls"]]
        fields["urls"] = list({canonical_url(link["url"]): link for link in reversed(links)}.values())[::-1]
    return fields


_INVALID = {"invalid_values": "this row has invalid values", "invalid_values_left_out": "left out invalid values"}


def _problem(record: Record, error: ValidationError,
             code: Literal["invalid_values", "invalid_values_left_out"]) -> RowProblem:
    return RowProblem(line=record.line, code=code, message=_INVALID[code],
                      fields={".".join(map(str, e["loc"])): e["msg"] for e in error.errors()})


def _can_leave_out(place: tuple[int | str, ...]) -> bool:
    """An error at `place` costs only that value: an item of a list, or an optional field."""
    return bool(place) and (place[0] in OPTIONAL_FIELDS or (
        place[0] in merging.LIST_FIELDS and len(place) >= 2 and isinstance(place[1], int)))


def validated(record: Record) -> tuple[PersonFields | None, list[RowProblem]]:
    """The record as Person fields. An invalid item of a list (one bad email of three) or an invalid
    optional field (a birthday of 30 February) is left out and reported as a warning; anything else invalid
    fails the row (returned as the only problem, no fields)."""
    fields = _with_scheme(dict(record.fields))
    try:
        return PersonFields.model_validate(fields), []
    except ValidationError as error:
        first = error
        places = [e["loc"] for e in error.errors()]
        if not all(_can_leave_out(place) for place in places):
            return None, [_problem(record, error, "invalid_values")]
    drop = {(place[0], place[1]) for place in places if place[0] in merging.LIST_FIELDS}
    for name in {name for name, _ in drop}:
        fields[name] = [item for index, item in enumerate(fields[name]) if (name, index) not in drop]
    for name in {place[0] for place in places if place[0] in OPTIONAL_FIELDS}:
        fields.pop(name, None)
    try:
        kept = PersonFields.model_validate(fields)
    except ValidationError as error:
        return None, [_problem(record, error, "invalid_values")]
    return kept, [_problem(record, first, "invalid_values_left_out")]


def find(store: Store, person: PersonFields) -> int | None:
    """Who this already is (people/identity.py): a profile URL, an email or a phone number they share.
    Never a name: a namesake with the same name is reported as a possible duplicate, not merged."""
    known = store.people.identify([link.url for link in person.urls], person.emails, person.phones)
    return known[0] if known else None


def namesakes(store: Store, person: PersonFields) -> list[int]:
    """Saved people with this (folded) name and a second signal that agrees: kept apart, for review. Exact
    names only, so a 50,000-row import stays linear."""
    record = person.model_dump(include={"name", "organization", "location", "emails", "phones", "urls"})
    return [candidate.person_id for candidate in identity.candidates(store.people, record, fuzzy=False)]


def changes(current: dict[str, Any], incoming: PersonFields, source: str) -> dict[str, Any]:
    """What merging `incoming` into the stored person changes (people/merging.py decides)."""
    return merging.from_import(current, incoming.model_dump(exclude_defaults=True), source)


@dataclass
class _Run:
    store: Store
    source_format: str
    dry_run: bool
    report: dict[str, int] = field(default_factory=lambda: {"created": 0, "updated": 0, "skipped": 0})
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    rows: list[RowOutcome] = field(default_factory=list)
    planned: dict[str, int] = field(default_factory=dict)  # dry run: identity keys of people it would create

    def outcome(self, record: Record, outcome: str, name: str, person_id: int | None,
                possible_duplicates: list[int] | None = None) -> None:
        self.report[outcome] += 1
        if len(self.rows) < SHOWN_ROWS:
            self.rows.append(RowOutcome(line=record.line, outcome=outcome, name=name, person_id=person_id,  # type: ignore[arg-type]
                                        possible_duplicates=possible_duplicates or []))

    def planned_keys(self, person: PersonFields) -> list[str]:
        """What identifies a person a dry run would create, so a later row of the file is found in it."""
        return [*(f"url:{canonical_url(link.url)}" for link in person.urls),
                *(f"email:{email.casefold()}" for email in person.emails),
                *(f"phone:{key}" for number in person.phones if (key := phones.key(phones.normalized(number))))]

    def apply(self, record: Record) -> None:
        person, problems = validated(record)
        if person is None:
            self.errors.extend(problems)
            return
        self.warnings.extend(problems)
        person_id = find(self.store, person)
        if person_id is None and self.dry_run:
            keys = self.planned_keys(person)
            if any(key in self.planned for key in keys):
                self.outcome(record, "skipped", person.name, None)
                return
            self.planned.update(dict.fromkeys(keys, 0))
            self.outcome(record, "created", person.name, None, namesakes(self.store, person))
            return
        if person_id is None:
            pairs = namesakes(self.store, person)
            # No history for a new person's first title: history dates changes, and an import is no change.
            created = self.store.people.create(person, _connected_at(record))
            self._connected(created.id, record)
            self.outcome(record, "created", created.name, created.id, pairs)
            return
        current = dict(self.store.people.raw(person_id))  # a copy: the update rewrites the stored one in place
        found = changes(current, person, record.source)
        connected = self._connected(person_id, record)
        if not found:
            self.outcome(record, "updated" if connected else "skipped", current["name"], person_id)
            return
        if not self.dry_run:
            self.store.people.update(person_id, PersonUpdate.model_validate(found))
            for name in merging.TRACKED:
                if name in found and current.get(name):
                    self.store.history.record(person_id, name, current.get(name), found[name], None)  # type: ignore[arg-type]
        self.outcome(record, "updated", current["name"], person_id)

    def _connected(self, person_id: int, record: Record) -> bool:
        """The dated how-we-met record (LinkedIn's "Connected On"), once per person and date."""
        when = _connected_at(record)
        if when is None:
            return False
        stamp = format_timestamp(when)
        interactions = self.store.interactions
        if any(interactions.raw(i)["kind"] == "connected" and interactions.raw(i)["occurred_at"] == stamp
               for i in interactions.by_person.get(person_id)):
            return False
        if not self.dry_run:
            interactions.log(InteractionFields(person_ids=[person_id], kind="connected", occurred_at=when,
                                               note=f"Connected on {record.source}"))
        return True


def _connected_at(record: Record) -> datetime | None:
    return None if record.connected_on is None else datetime.combine(record.connected_on, time(), tzinfo=timezone.utc)


class Importer:
    """One import, in batches: `steps()` applies a batch at a time (one transaction each) and says how
    far it got, so the server can answer other requests between batches; `report()` says what happened."""

    def __init__(self, store: Store, request: ImportRequest, items: list[Record | BadRow]) -> None:
        self.request, self.items = request, items
        self.work = _Run(store, request.format, request.dry_run)

    def steps(self, size: int = BATCH) -> Iterator[tuple[int, int]]:
        store = self.work.store
        for start in range(0, len(self.items), size):
            if self.request.dry_run:
                self._apply(self.items[start:start + size])
            else:
                with store.db.transaction():
                    self._apply(self.items[start:start + size])
            yield min(start + size, len(self.items)), len(self.items)

    def _apply(self, batch: list[Record | BadRow]) -> None:
        for item in batch:
            if isinstance(item, BadRow):
                self.work.errors.append(RowProblem(line=item.line, code=item.code, message=item.message,
                                                   fields=item.fields, subject=item.subject))
                continue
            try:
                self.work.apply(item)
            except (Conflict, InvalidInput) as error:  # a URL another person owns: checked before any write
                code = "conflict" if isinstance(error, Conflict) else "validation_error"
                self.work.errors.append(RowProblem(line=item.line, code=code, message=error.message, fields=error.fields))

    def report(self) -> ImportReport:
        work = self.work
        return ImportReport(format=self.request.format, dry_run=self.request.dry_run, **work.report,
                            failed=len(work.errors), errors=work.errors, warnings=work.warnings, rows=work.rows)


def read_backup(content: str | bytes) -> backup.Restorable:
    """A JSON backup's tables and faces, every document checked (pure and slow for a large one: off the
    event loop)."""
    try:
        return backup.load_backup(content)
    except backup.BackupError as error:
        raise InvalidInput(error.message, error.fields) from None


def restore(store: Store, restorable: backup.Restorable, dry_run: bool = False) -> int:
    """A backup's tables into an empty store, exactly as they were (ids included), then its faces; how
    many people."""
    if not store.db.is_empty(backup.TABLES):
        raise Conflict("this data directory already holds data; a backup is restored into an empty one "
                       "(tend --data-dir NEW_DIR import json FILE)", {"format": "json restores into an empty store"})
    if not dry_run:
        store.db.restore(restorable.tables)
        for person_id, image in restorable.faces.items():
            store.faces.put(person_id, image)
    return len(restorable.tables.get("people", {}))


def restore_report(people: int, dry_run: bool = False) -> ImportReport:
    return ImportReport(format="json", dry_run=dry_run, created=people, updated=0, skipped=0, failed=0, errors=[],
                        warnings=[], rows=[])


def run(store: Store, request: ImportRequest, progress: Progress | None = None) -> ImportReport:
    """Import the request's file at once (for callers that own the store: tests, the benchmark)."""
    if request.format == "json":
        return restore_report(restore(store, read_backup(request.content), request.dry_run), request.dry_run)
    importer = Importer(store, request, read(request))
    for done, total in importer.steps():
        if progress is not None:
            progress(done, total)
    return importer.report()
