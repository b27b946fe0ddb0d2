"""Any CSV with a mapping (separators, BOM, quoted newlines, missing cells), the ICS writer, and the
JSON backup's checks."""

from __future__ import annotations

from datetime import date, datetime, timezone

import icalendar
import pytest

from companion.formats import BadFile, BadRow, Record, backup, decode, ics, people_csv


def records(text: str, **options) -> list[Record | BadRow]:  # type: ignore[no-untyped-def]
    return list(people_csv.read(text, **options))


def test_guessed_columns_semicolons_bom_crlf_and_a_quoted_newline() -> None:
    data = "\ufeffFirst Name;Last Name;E-mail Address;Company;Notes;Tags\r\n" \
           "Ada;Lovelace;ada@example.org;Analytical;\"first line\r\nsecond line\";math | history\r\n" \
           "Grace;;;;;\r\n".encode("utf-8")
    first, second = records(decode(data))
    assert isinstance(first, Record) and first.line == 2
    assert first.fields == {"name": "Ada Lovelace", "emails": ["ada@example.org"], "organization": "Analytical",
                            "notes": "first line\nsecond line", "tags": ["math", "history"]}
    assert isinstance(second, Record) and second.line == 4 and second.fields == {"name": "Grace"}


def test_an_explicit_mapping_wins_and_can_ignore_a_column() -> None:
    text = "Who,Mail,Org,Secret\nسارا,sara@example.org,Acme,x\n,nobody@example.org,Acme,y\n"
    first, second = records(text, mapping={"Who": "name", "Mail": "emails", "Secret": ""})
    assert isinstance(first, Record) and first.fields == {"name": "سارا", "emails": ["sara@example.org"],
                                                          "organization": "Acme"}
    assert isinstance(second, BadRow) and (second.line, second.code) == (3, "no_name")


def test_windows_1252_bytes_and_a_tab_separated_file() -> None:
    text = decode("Name\tCompany\r\nJos\xe9 Mu\xf1oz\tCaf\xe9\r\n".encode("cp1252"))
    [record] = records(text)
    assert isinstance(record, Record) and record.fields == {"name": "José Muñoz", "organization": "Café"}


@pytest.mark.parametrize(("text", "mapping"), [("Email,Company\nx@example.org,Acme\n", None),
                                               ("Name,Email\nAda,ada@example.org\n", {"Nope": "name"}),
                                               ("Name,Email\nAda,ada@example.org\n", {"Email": "shoe_size"})])
def test_a_mapping_that_does_not_fit_refuses_the_file(text: str, mapping: dict[str, str] | None) -> None:
    with pytest.raises(BadFile):
        records(text, mapping=mapping)


def test_the_csv_export_reads_back_as_it_was() -> None:
    people = [{"id": 1, "name": "Ada", "emails": ["ada@example.org", "ada@work.example"], "tags": ["math"],
               "urls": [{"url": "https://ada.example/"}], "notes": "line one\nline two", "organization": "A, B"}]
    [record] = records(people_csv.write(people))
    assert isinstance(record, Record)
    assert record.fields == {"name": "Ada", "organization": "A, B", "emails": ["ada@example.org", "ada@work.example"],
                             "urls": [{"url": "https://ada.example/"}], "tags": ["math"], "notes": "line one\nline two"}


def test_ics_parses_with_icalendar_and_keeps_its_uids() -> None:
    events = [ics.Event("tend-task-1@tend.local", date(2026, 11, 24), "Send Ada the paper; and, the slides",
                        "With سارا " * 20),
              ics.Event("tend-check-in-2@tend.local", date(2026, 11, 22), "Check in with অমিত")]
    text = ics.write(events, datetime(2026, 11, 22, 9, tzinfo=timezone.utc))
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    parsed = [(str(e["UID"]), e.decoded("DTSTART"), str(e["SUMMARY"])) for e in calendar.walk("VEVENT")]
    assert parsed == [(e.uid, e.day, e.summary) for e in events]
    assert str(calendar.walk("VEVENT")[0]["DESCRIPTION"]) == events[0].description


def test_a_backup_with_a_dangling_reference_or_a_bad_document_is_refused_whole() -> None:
    person = {"name": "Ada", "revision": 1, "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}
    good = backup.dump({"people": {"1": person}}, "2026-11-22T09:00:00Z")
    assert backup.load(good)["people"] == {"1": person}
    dangling = backup.dump({"people": {"1": person}, "tasks": {"1": {
        "person_id": 9, "text": "x", "status": "open", "origin": "user", "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z"}}}, "2026-11-22T09:00:00Z")
    with pytest.raises(backup.BackupError) as refused:
        backup.load(dangling)
    assert "tables.tasks.1.person_id" in refused.value.fields
    with pytest.raises(backup.BackupError) as refused:
        backup.load(good.replace('"name": "Ada"', '"name": ""'))
    assert any(key.startswith("tables.people.1") for key in refused.value.fields)
    for text in ("[]", '{"format": "other"}', "not json"):
        with pytest.raises(backup.BackupError):
            backup.load(text)
