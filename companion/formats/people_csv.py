"""Any CSV of people, with a column mapping: spreadsheets, other CRMs, Google and Outlook contacts.

The mapping names, for each column header, the Person field it fills; unmapped headers are guessed from
common names ("E-mail Address", "Company", "Job Title", "First Name"…) in English, and columns no one
claims are ignored (and listed, so a preview can show them). List fields take several values split on
`;`, `|` or a newline, and several columns may fill the same list.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from companion import dates
from companion.formats import BadFile, BadRow, Record
from companion.formats.table import rows

TEXT_FIELDS = ("name", "first_name", "last_name", "headline", "title", "organization", "location", "bio",
               "photo_url", "how_met", "notes", "birthday", "anniversary")
LIST_FIELDS = ("emails", "phones", "urls", "tags", "interests", "goals", "skills", "offers", "needs", "dates")
FIELDS = (*TEXT_FIELDS, *LIST_FIELDS)

_GUESSES = {
    "name": ("name", "full name", "display name", "contact name", "fn"),
    "first_name": ("first name", "given name", "first", "firstname", "given"),
    "last_name": ("last name", "family name", "surname", "last", "lastname"),
    "title": ("title", "job title", "position", "role"),
    "organization": ("organization", "organisation", "company", "employer", "org", "organization 1 - name"),
    "location": ("location", "city", "address"),
    "headline": ("headline",),
    "bio": ("bio", "about", "description"),
    "how_met": ("how met", "how we met", "met"),
    "notes": ("notes", "note", "comments"),
    "emails": ("email", "e-mail", "email address", "e-mail address", "e-mail 1 - value", "email 2",
               "e-mail 2 address", "e-mail 3 address", "emails", "mail"),
    "phones": ("phone", "mobile", "mobile phone", "telephone", "phone number", "phone 1 - value", "phones",
               "business phone", "home phone"),
    "urls": ("url", "website", "web page", "homepage", "linkedin", "profile", "website 1 - value", "urls"),
    "tags": ("tags", "labels", "groups", "categories", "group membership"),
    "interests": ("interests",),
    "goals": ("goals",),
    "skills": ("skills",),
    "offers": ("offers",),
    "needs": ("needs",),
    "birthday": ("birthday", "date of birth", "birth date", "birthdate", "dob", "born", "birth day"),
    "anniversary": ("anniversary", "wedding anniversary"),
}
_GUESS = {**{alias: field for field, aliases in _GUESSES.items() for alias in aliases},
          **{name: name for name in FIELDS}}  # Tend's own export names its columns by field
_SPLIT = re.compile(r"\s*(?:[;|\n]|:::)\s*")  # Google Contacts joins several values with " ::: "


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Header -> field for the headers whose meaning is plain."""
    return {header: _GUESS[key] for header in headers if (key := " ".join(header.casefold().split())) in _GUESS}


def _columns_of(cells: list[str], mapping: Mapping[str, str] | None = None) -> list[tuple[str, str | None]]:
    """A header row's headers, each with the field its column fills (None: left out). `mapping` (header ->
    field) wins over guesses; a header mapped to "" is left out. A mapping that names no such column or
    field refuses the file."""
    headers = [cell.strip() for cell in cells]
    chosen = {**guess_mapping(headers), **(mapping or {})}
    unknown = {h: f"not a field (one of {', '.join(FIELDS)})" for h, f in chosen.items() if f and f not in FIELDS}
    missing = {h: "no such column" for h in (mapping or {}) if h not in headers}
    if unknown or missing:
        raise BadFile("the column mapping does not fit this file",
                      {f"mapping.{header}": problem for header, problem in {**unknown, **missing}.items()})
    return [(header, chosen.get(header) or None) for header in headers]


def columns(text: str, mapping: Mapping[str, str] | None = None,
            delimiter: str | None = None) -> list[tuple[str, str | None]]:
    """Each header and the field it fills, before anything is imported: what a preview shows, and what a
    person changes when a column was guessed wrong (or not at all)."""
    for item in rows(text, delimiter):
        if isinstance(item, BadRow):
            raise BadFile(item.message, {"content": item.message})
        return _columns_of(item[1], mapping)
    raise BadFile("no header row: the first line of a CSV names its columns", {"content": "no header row"})


def read(text: str, mapping: Mapping[str, str] | None = None, delimiter: str | None = None) -> Iterator[Record | BadRow]:
    """Records from a CSV with a header row, its columns read as `columns` says."""
    named: list[tuple[str, str | None]] = []
    for item in rows(text, delimiter):
        if isinstance(item, BadRow):
            yield item
            return
        line, cells = item
        if not named:
            named = _columns_of(cells, mapping)
            if not any(field in ("name", "first_name", "last_name") for _, field in named):
                raise BadFile("no column holds the name: map one to name, first_name or last_name",
                              {"mapping": f"the columns are: {', '.join(header for header, _ in named)}"})
            continue
        yield _record(line, named, cells)


# A cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV Injection"): Tend writes it
# behind a quote, which makes it text, and reads that quote away again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _looks_like_formula(value: str) -> bool:
    return value.lstrip("'").startswith(FORMULA_STARTS)


def neutralize(value: str) -> str:
    """A cell value a spreadsheet shows as text. Quotes already in front count, so `unneutralize` can
    tell the quote Tend added from one the value had: "=1" -> "'=1", "'=1" -> "''=1", "'x" stays."""
    return "'" + value if _looks_like_formula(value) else value


def unneutralize(value: str) -> str:
    return value[1:] if value.startswith("'") and _looks_like_formula(value[1:]) else value


def _record(line: int, columns: list[tuple[str, str | None]], cells: list[str]) -> Record | BadRow:
    fields: dict[str, Any] = {}
    for index, (_, field) in enumerate(columns):
        if field is None or index >= len(cells) or not cells[index].strip():
            continue
        value = unneutralize(cells[index].strip()).strip().replace("\r\n", "\n")
        if field == "anniversary":
            fields.setdefault("dates", []).append({"label": "anniversary", "date": value})
        elif field == "dates":  # Tend's own export: "anniversary: 2010-06-01; first met: --03-02"
            for item in (part for part in _SPLIT.split(value) if part):
                label, _, when = item.rpartition(":")
                fields.setdefault("dates", []).append({"label": label.strip() or "date", "date": when.strip()})
        elif field in LIST_FIELDS:
            items = [part for part in _SPLIT.split(value) if part]
            fields.setdefault(field, []).extend({"url": item} if field == "urls" else item for item in items)
        elif field not in fields:
            fields[field] = value
    first, last = fields.pop("first_name", None), fields.pop("last_name", None)
    if "name" not in fields and (first or last):
        fields["name"] = " ".join(part for part in (first, last) if part)
    if not fields.get("name"):
        return BadRow(line, "no_name", "no name in this row", {"name": "empty"})
    return Record(line, fields, source="CSV")


EXPORTED = ("name", "headline", "title", "organization", "location", "emails", "phones", "urls", "tags", "interests",
            "goals", "skills", "offers", "needs", "how_met", "notes", "bio", "birthday", "dates")


def _cell(name: str, value: Any) -> str:
    """A field as one cell: lists joined with "; ", dates as ISO 8601 (--04-12 without a year)."""
    if name == "urls":
        value = [link["url"] for link in value or []]
    elif name == "birthday" and value:
        value = dates.iso(value.get("year"), value["month"], value["day"])
    elif name == "dates":
        value = [f"{item['label']}: {dates.iso(item.get('year'), item['month'], item['day'])}" for item in value or []]
    return "; ".join(value) if isinstance(value, list) else (value or "")


def write(people: Iterable[Mapping[str, Any]]) -> str:
    """People as CSV with a column per field, lists joined with "; ", which `read` takes back as is; no
    cell is a formula to a spreadsheet."""
    return "".join(written_rows(people))


def written_rows(people: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """The header, then each person's line, one at a time (an export streams them)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["id", *EXPORTED])
    for person in people:
        writer.writerow([str(person["id"])] + [neutralize(_cell(name, person.get(name))) for name in EXPORTED])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()
