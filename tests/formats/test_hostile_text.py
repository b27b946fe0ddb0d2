"""Nothing hostile that was stored comes back out active: no CSV cell is a formula, no vCard or calendar
value can start a property of its own, whatever characters a page or a file put in it."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone

import icalendar
import pytest
import vobject

from companion.formats import Record, ics, people_csv, vcard
from companion.text import LINE_BREAKS

BREAKERS = [*LINE_BREAKS, "\n", "\x1f", "\x00", "\x1b", "\x07", "\x9b"]
FORMULAS = ["=HYPERLINK(\"http://evil.example\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1",
            "'=1", "''+1", "'plain", "=", "a=b"]


def person(**fields: object) -> dict:
    return {"id": 1, "name": "Ada", **fields}


@pytest.mark.parametrize("value", FORMULAS)
def test_csv_export_writes_no_formula_and_reads_back_the_original(value: str) -> None:
    exported = people_csv.write([person(name=f"N{value}", organization=value, notes=value, tags=[value, "x"])])
    for row in list(csv.reader(io.StringIO(exported, newline="")))[1:]:
        for cell in row:
            assert not cell.startswith(people_csv.FORMULA_STARTS), repr(cell)
    [record] = [item for item in people_csv.read(exported) if isinstance(item, Record)]
    assert record.fields["organization"] == value.strip()
    assert record.fields["notes"] == value.strip()


@pytest.mark.parametrize("breaker", BREAKERS)
def test_a_vcard_value_cannot_inject_a_property(breaker: str) -> None:
    hostile = f"Trudy{breaker}URL:http://evil.example"
    exported = vcard.write([person(name=hostile, notes=f"note{breaker}EMAIL:evil@example.org", title=hostile)])
    for line in exported.split("\r\n"):
        assert not line.startswith(("URL", "EMAIL")), repr(line)
        assert not set(line) & (set(BREAKERS) - {"\n"}), repr(line)
    card = vobject.readOne(exported)
    assert "url" not in card.contents and "email" not in card.contents
    assert "evil.example" in card.fn.value  # kept as text, harmlessly
    [record] = list(vcard.read(exported))
    assert isinstance(record, Record) and "urls" not in record.fields and "emails" not in record.fields


def test_the_vcard_reader_splits_lines_on_cr_and_lf_only() -> None:
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Trudy\u2028URL:http://evil.example\u0085EMAIL:e@evil.example\r\nEND:VCARD\r\n"
    [record] = list(vcard.read(card))
    assert isinstance(record, Record) and record.fields["name"].startswith("Trudy")
    assert "urls" not in record.fields and "emails" not in record.fields


@pytest.mark.parametrize("breaker", BREAKERS)
def test_a_calendar_value_cannot_inject_a_property(breaker: str) -> None:
    events = [ics.Event("tend-task-1@tend.local", date(2026, 12, 1), f"Call{breaker}ATTACH:http://evil.example",
                        f"With Trudy{breaker}URL:http://evil.example")]
    exported = ics.write(events, datetime(2026, 12, 1, tzinfo=timezone.utc))
    for line in exported.split("\r\n"):
        assert not line.startswith(("ATTACH", "URL")), repr(line)
        assert not set(line) & (set(BREAKERS) - {"\n"}), repr(line)
    [event] = icalendar.Calendar.from_ical(exported).walk("VEVENT")
    assert "ATTACH" not in event and "URL" not in event
    assert str(event["summary"]).startswith("Call")
