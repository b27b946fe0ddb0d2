"""Delimited text as rows with the line each began on: BOM, CRLF, `;` or tab separators and quoted
newlines are all normal in exports from spreadsheets and address books."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from companion.formats import BadRow

DELIMITERS = ",;\t"


def sniff_delimiter(header: str) -> str:
    """The separator of a header line: whichever of `,` `;` tab occurs most outside quotes."""
    counts = {d: 0 for d in DELIMITERS}
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return max(DELIMITERS, key=lambda d: counts[d])


def rows(text: str, delimiter: str | None = None, first_line: int = 1) -> Iterator[tuple[int, list[str]] | BadRow]:
    """(line number, cells) for every non-blank row of `text`, whose first line is `first_line`; a row
    the CSV reader cannot take (a NUL byte, say) ends the table as a BadRow."""
    text = text.lstrip("\ufeff")
    if delimiter is None:
        delimiter = sniff_delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            line = start + first_line - 1
            start = reader.line_num + 1
            if any(cell.strip() for cell in cells):
                yield line, cells
    except csv.Error as error:
        yield BadRow(start + first_line - 1, "unreadable_csv", f"unreadable CSV from here on: {error}")
