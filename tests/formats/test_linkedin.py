"""LinkedIn's Connections.csv, from the corpus's real exports: preamble, quirks, line numbers.

The corpus files hold real people's names: assertions compare values without printing them on success.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from companion.formats import BadFile, BadRow, Record, decode, linkedin

IMPORTS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "imports"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def read(name: str) -> list[Record | BadRow]:
    return list(linkedin.read(decode((IMPORTS / name).read_bytes())))


def test_the_2024_export_skips_its_preamble_and_reads_every_quirk() -> None:
    items = read("linkedin-connections-2024-quirks.excerpt.csv")
    records = [item for item in items if isinstance(item, Record)]
    bad = [item for item in items if isinstance(item, BadRow)]
    assert len(records) == 21 and [b.line for b in bad] == [14]  # the row with only a date
    first = records[0]
    assert first.line == 5 and first.connected_on == date(2024, 5, 30) and first.source == "LinkedIn"
    assert first.fields["urls"] == [{"url": "https://www.linkedin.com/in/anjula-batra"}]
    assert first.fields["organization"] == "Prepfully" and first.fields["title"] == "Business Development Manager"
    by_line = {record.line: record.fields for record in records}
    assert by_line[13]["name"] == "Vikram Singh" and by_line[13]["title"] == "Sr. IT Recruiter"  # stray spaces
    assert by_line[10]["emails"] == ["charanjeet220713@gmail.com"]
    assert by_line[11]["organization"] == "CivicMinds, Inc"  # a quoted comma
    assert by_line[16]["name"] == "Rashmi Nayak, MSc, MBA, PHR"
    assert by_line[17]["name"] == "Ken O’Brien"
    assert "organization" not in by_line[18] and "title" not in by_line[18]  # empty company and position
    assert by_line[22]["name"] == "Vikas"  # "..." is LinkedIn's placeholder, not a name
    assert by_line[25]["name"] == 'James "Tyler" Fortinberry'
    assert by_line[26]["name"] == "Manoj Pathania"


def test_a_single_row_export() -> None:
    [record] = read("linkedin-connections-2025-single-row.csv")
    assert isinstance(record, Record) and record.line == 5 and record.connected_on == date(2025, 12, 22)
    assert "emails" not in record.fields


def test_an_older_export_without_the_url_column_and_without_a_preamble() -> None:
    text = "\ufeffFirst Name,Last Name,Email Address,Company,Position,Connected On\r\n" \
           "Parisa,Tabriz,,Google,Security Princess,03 Feb 2014\r\n"
    [record] = linkedin.read(text)
    assert isinstance(record, Record) and record.line == 2 and "urls" not in record.fields
    assert record.fields["name"] == "Parisa Tabriz" and record.connected_on == date(2014, 2, 3)


@pytest.mark.parametrize(("text", "expected"), [("12 Mar 2021", date(2021, 3, 12)), ("2021-03-12", date(2021, 3, 12)),
                                                ("12-Mar-21", date(2021, 3, 12)), ("31 Feb 2021", None), ("soon", None)])
def test_connected_on_dates(text: str, expected: date | None) -> None:
    assert linkedin.connected_on(text) == expected


def test_persian_and_bengali_names_and_a_quoted_newline_keep_their_lines() -> None:
    text = f"{HEADER}\nسارا,محمدی,https://www.linkedin.com/in/sara,,\"Org\nwith a newline\",Engineer,01 Jan 2024\n" \
           f"অমিত,রায়,,amit@example.org,Org,,02 Jan 2024\n"
    first, second = linkedin.read(text)
    assert isinstance(first, Record) and first.line == 2 and first.fields["name"] == "سارا محمدی"
    assert first.fields["organization"] == "Org\nwith a newline"
    assert isinstance(second, Record) and second.line == 4 and second.fields["name"] == "অমিত রায়"


def test_a_file_that_is_not_an_export_is_refused_whole() -> None:
    with pytest.raises(BadFile):
        list(linkedin.read("name,email\nAda,ada@example.org\n"))
