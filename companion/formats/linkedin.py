"""LinkedIn's Connections.csv, from its "Get a copy of your data" export.

Recent exports open with a `Notes:` preamble (a quoted privacy notice, then a blank line) before the
header `First Name,Last Name,URL,Email Address,Company,Position,Connected On`; older ones have no URL
column; dates read `12 Mar 2021` whatever the user's language. Cells carry stray spaces. A row with
no name is a connection LinkedIn hid or removed: reported, never saved as a nameless person.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from companion.formats import BadFile, BadRow, Record
from companion.formats.table import rows

_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_COLUMNS = {"first name": "first", "last name": "last", "url": "url", "email address": "email",
            "company": "organization", "position": "title", "connected on": "connected_on"}


def connected_on(text: str) -> date | None:
    """`12 Mar 2021` (also `12-Mar-21` and ISO `2021-03-12`, which spreadsheets re-save it as)."""
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    parts = text.replace("-", " ").split()
    if len(parts) != 3 or parts[1][:3].casefold() not in _MONTHS:
        return None
    try:
        day, year = int(parts[0]), int(parts[2])
        return date(year + 2000 if year < 100 else year, _MONTHS[parts[1][:3].casefold()], day)
    except ValueError:
        return None


def _wordy(part: str) -> bool:
    """A real name part, not a placeholder such as `...` that LinkedIn shows for a hidden last name."""
    return any(char.isalnum() for char in part)


def _header_line(text: str) -> tuple[int, str]:
    """Where the table starts: the first line naming `First Name` (after any preamble)."""
    position = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        if line.lstrip("\ufeff").strip().casefold().startswith("first name"):
            return number, text[position:]
        position += len(line)
    return 0, ""


def read(text: str) -> Iterator[Record | BadRow]:
    first, table = _header_line(text)
    if not first:
        raise BadFile("this is not LinkedIn's Connections.csv: no header line starting with 'First Name'",
                      {"content": "no 'First Name,Last Name,…' header"})
    columns: dict[int, str] = {}
    for item in rows(table, ",", first_line=first):
        if isinstance(item, BadRow):
            yield item
            return
        line, cells = item
        if not columns:
            columns = {i: _COLUMNS[c.strip().casefold()] for i, c in enumerate(cells) if c.strip().casefold() in _COLUMNS}
            continue
        values = {columns[i]: cell.strip() for i, cell in enumerate(cells) if i in columns}
        name = " ".join(part for part in (values.get("first"), values.get("last")) if part and _wordy(part))
        if not name:
            yield BadRow(line, "no_name", "no name: LinkedIn leaves hidden or removed connections blank",
                         {"First Name": "empty", "Last Name": "empty"})
            continue
        fields: dict = {"name": name, "how_met": "LinkedIn"}
        for key in ("organization", "title"):
            if values.get(key):
                fields[key] = values[key]
        if values.get("url"):
            fields["urls"] = [{"url": values["url"]}]
        if values.get("email"):
            fields["emails"] = [values["email"]]
        when = values.get("connected_on")
        yield Record(line, fields, connected_on(when) if when else None, "LinkedIn")
