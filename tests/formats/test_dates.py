"""Birthdays and other yearly dates in and out of every format: each form the readers meet, the corpus
exports, our own exports read back by vobject and icalendar, and the boundary dates."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import icalendar
import pytest
import vobject
from pydantic import ValidationError

from companion import dates
from companion.exports import yearly_events
from companion.formats import Record, ics, people_csv, vcard
from companion.imports import validated
from companion.models import PersonFields
from companion.suggest.world import PersonView

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "vcards"
IMPORTS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "imports"


@pytest.mark.parametrize(("text", "expected"), [
    ("1985-04-12", (1985, 4, 12)), ("19850412", (1985, 4, 12)), ("--0412", (None, 4, 12)),
    ("--04-12", (None, 4, 12)), ("1985-04-12T00:00:00Z", (1985, 4, 12)), ("0000-07-15", (None, 7, 15)),
    ("1604-11-24", (None, 11, 24)), ("April 12", (None, 4, 12)), ("12 April 1985", (1985, 4, 12)),
    ("Apr 12, 1985", (1985, 4, 12)), ("25/12/1990", (1990, 12, 25)), ("12/25/1990", (1990, 12, 25)),
    ("1990/12/25", (1990, 12, 25)), ("--0229", (None, 2, 29)), ("2000-02-29", (2000, 2, 29)),
])
def test_every_form_of_a_yearly_date(text: str, expected: tuple) -> None:
    assert dates.parse(text) == expected


@pytest.mark.parametrize(("text", "said"), [
    ("--0230", "30 February is not a date"), ("2023-02-29", "29 February is not a date in 2023"),
    ("4/5/1985", "could be either"), ("someday", "not a date Tend reads"), ("--1301", "not a month"),
])
def test_dates_that_are_not_dates_say_why(text: str, said: str) -> None:
    with pytest.raises(dates.NotADate, match=said):
        dates.parse(text)
    with pytest.raises(ValidationError, match=said):
        PersonFields(name="A", birthday=text)


def test_29_february_falls_on_28_february_in_a_common_year() -> None:
    assert dates.on_year(2, 29, 2027) == date(2027, 2, 28) and dates.on_year(2, 29, 2028) == date(2028, 2, 29)
    assert dates.next_on_or_after(2, 29, date(2027, 3, 1)) == date(2028, 2, 29)


def _records(text: str) -> dict[str, dict]:
    return {item.fields["name"]: item.fields for item in vcard.read(text) if isinstance(item, Record)}


def test_vcard_dates_in_every_form_our_fixture_holds() -> None:
    cards = _records((FIXTURES / "dates.vcf").read_text())
    people = {name: validated(Record(1, fields, "vCard")) for name, fields in cards.items()}
    got = {name: (person.birthday.model_dump() if person.birthday else None,
                  [(d.label, d.year, d.month, d.day) for d in person.dates], [p.code for p in problems])
           for name, (person, problems) in people.items()}
    assert got["Laleh Hossaini"] == ({"month": 4, "day": 12, "year": 1985}, [], [])
    assert got["Tomás Ruiz"] == ({"month": 2, "day": 28, "year": 1990}, [("anniversary", 2015, 9, 19)], [])
    assert got["সুমাইয়া রহমান"] == ({"month": 2, "day": 29, "year": None}, [("anniversary", 2010, 6, 1)], [])
    assert got["Kenji Sato"] == ({"month": 11, "day": 24, "year": None},
                                 [("first met", 2019, 3, 2), ("anniversary", 2012, 7, 7)], [])
    assert got["Nima Karimi"] == ({"month": 4, "day": 12, "year": None}, [], [])
    assert got["Android Person"] == ({"month": 7, "day": 15, "year": None}, [], [])
    # 30 February: the card is kept, its birthday left out and said so.
    assert got["Odd Date"] == (None, [], ["invalid_values_left_out"])


def test_the_corpus_exports_birthdays_and_outlooks_anniversary() -> None:
    iphone = _records((IMPORTS / "ezvcard-John_Doe_IPHONE.vcf").read_text(encoding="utf-8", errors="replace"))
    [fields] = iphone.values()
    assert dates.parse(fields["birthday"]) == (2012, 6, 6)
    outlook = _records((IMPORTS / "ezvcard-outlook-2007.vcf").read_bytes().decode("cp1252"))
    [fields] = outlook.values()
    assert dates.parse(fields["birthday"]) == (1922, 3, 10)
    assert [(d["label"], dates.parse(d["date"])) for d in fields["dates"]] == [("anniversary", (2012, 8, 1))]


PERSON = {"id": 7, "name": "Laleh Hossaini", "birthday": {"month": 2, "day": 29},
          "dates": [{"label": "anniversary", "month": 6, "day": 1, "year": 2010},
                    {"label": "first met", "month": 3, "day": 2}]}


def test_vcard_export_writes_dates_back_and_other_readers_read_them() -> None:
    text = vcard.write([PERSON])
    card = vobject.readOne(text)
    assert card.bday.value == "1604-02-29" and card.bday.params["X-APPLE-OMIT-YEAR"] == ["1604"]
    assert sorted(str(v.value) for v in card.contents["x-abdate"]) == ["1604-03-02", "2010-06-01"]
    [again] = [item for item in vcard.read(text) if isinstance(item, Record)]
    person, problems = validated(again)
    assert not problems and person.birthday.model_dump() == {"month": 2, "day": 29, "year": None}
    assert [(d.label, d.year, d.month, d.day) for d in person.dates] == [("anniversary", 2010, 6, 1),
                                                                           ("first met", None, 3, 2)]


def test_csv_guesses_birthday_columns_and_reads_its_own_export_back() -> None:
    [guessed] = [item for item in people_csv.read("Name,Date of Birth,Anniversary\nGrace,1906-12-09,--06-17\n")]
    assert guessed.fields["birthday"] == "1906-12-09"
    assert guessed.fields["dates"] == [{"label": "anniversary", "date": "--06-17"}]
    [again] = list(people_csv.read(people_csv.write([PERSON])))
    person, problems = validated(again)
    assert not problems and person.birthday.model_dump() == PERSON["birthday"] | {"year": None}
    assert len(person.dates) == 2


def test_the_feed_carries_each_date_as_a_yearly_all_day_event_with_a_stable_uid() -> None:
    view = PersonView.from_doc(7, PERSON)
    first = ics.write(yearly_events(view, date(2026, 12, 1)), datetime(2026, 12, 1, tzinfo=timezone.utc))
    later = ics.write(yearly_events(view, date(2027, 5, 1)), datetime(2027, 5, 1, tzinfo=timezone.utc))
    events = icalendar.Calendar.from_ical(first).walk("VEVENT")
    uids = [str(event["uid"]) for event in events]
    assert uids == [str(event["uid"]) for event in icalendar.Calendar.from_ical(later).walk("VEVENT")]
    by_summary = {str(event["summary"]): event for event in events}
    birthday = by_summary["Birthday: Laleh Hossaini"]
    assert birthday.decoded("dtstart") == date(2024, 2, 29)  # a leap year, so the rule has its day
    assert birthday["rrule"]["BYMONTHDAY"] == [-1]  # the last day of February: 28th in common years
    assert by_summary["Anniversary: Laleh Hossaini"].decoded("dtstart") == date(2010, 6, 1)
    assert all(event["rrule"]["FREQ"] == ["YEARLY"] for event in events)
