"""vCard in (2.1 from Android and Outlook, 3.0 from iOS, 4.0) and out (3.0, read back by vobject)."""

from __future__ import annotations

from pathlib import Path

import pytest
import vobject

from companion.formats import BadFile, BadRow, Record, decode, vcard

IMPORTS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "imports"


def read(name: str) -> list[Record | BadRow]:
    return list(vcard.read(decode((IMPORTS / name).read_bytes())))


def test_android_quoted_printable_names_and_cards_without_a_name() -> None:
    items = read("ezvcard-John_Doe_ANDROID.vcf")
    bad = [item for item in items if isinstance(item, BadRow)]
    records = [item for item in items if isinstance(item, Record)]
    assert [(b.line, b.code, b.subject) for b in bad] == [(1, "no_name", "john.doe@company.com"), (6, "no_name", "jane.doe@company.com")]
    assert "john.doe@company.com" in bad[0].message
    assert [r.fields["name"] for r in records][:2] == ["Ñ Ñ Ñ Ñ Ñ", "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ"]
    second = records[1].fields
    assert second["phones"] == ["123456", "234567", "3456789", "45678901"]
    assert second["notes"].count("\n\n") == 1  # two NOTE properties, side by side
    assert second["tags"] == ["My Contacts"]


def test_iphone_groups_structured_fields_and_a_folded_photo() -> None:
    [record] = read("ezvcard-John_Doe_IPHONE.vcf")
    assert isinstance(record, Record)
    fields = record.fields
    assert fields["name"] == "Mr. John Richter James Doe Sr."
    assert fields["emails"] == ["john.doe@ibm.com"] and fields["organization"] == "IBM"
    assert fields["title"] == "Money Counter" and fields["urls"] == [{"url": "http://www.ibm.com"}]
    assert fields["location"] == "New York, United States of America"
    assert "photo_url" not in fields  # an embedded photo is not a URL


def test_outlook_multi_line_quoted_printable_note() -> None:
    [record] = read("ezvcard-outlook-2007.vcf")
    assert isinstance(record, Record)
    assert record.fields["organization"] == "TheCompany" and record.fields["title"] == "TheJobTitle"
    assert record.fields["notes"].startswith("This is the NOTE field")
    assert "\nI assume it encodes this text inside a NOTE vCard type." in record.fields["notes"]


def test_vcard_4_folding_escapes_and_scripts() -> None:
    text = ("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:سارا محمدی\r\nN:محمدی;سارا;;;\r\nORG:Acme\\, Inc.;R&D\r\n"
            "NOTE:first line\\nsecond\\, with comma\r\nEMAIL;TYPE=\"work,pref\":sara@exa\r\n mple.org\r\n"
            "CATEGORIES:friends,tehran\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:অমিত রায়\r\nEND:VCARD\r\n")
    first, second = vcard.read(text)
    assert isinstance(first, Record) and first.line == 1
    assert first.fields == {"name": "سارا محمدی", "organization": "Acme, Inc.", "notes": "first line\nsecond, with comma",
                            "emails": ["sara@example.org"], "tags": ["friends", "tehran"]}
    assert isinstance(second, Record) and second.line == 11 and second.fields["name"] == "অমিত রায়"


def test_a_card_without_end_is_still_read_and_reported() -> None:
    items = list(vcard.read("BEGIN:VCARD\nFN:Ada\nBEGIN:VCARD\nFN:Grace\n"))
    assert [type(i).__name__ for i in items] == ["BadRow", "Record", "BadRow", "Record"]
    assert [i.code for i in items if isinstance(i, BadRow)] == ["unterminated_card", "unterminated_last_card"]
    assert [i.fields["name"] for i in items if isinstance(i, Record)] == ["Ada", "Grace"]


def test_a_file_without_cards_is_refused() -> None:
    with pytest.raises(BadFile):
        list(vcard.read("hello"))


def test_written_cards_parse_with_vobject_and_read_back_the_same() -> None:
    people = [{"id": 7, "name": "سارا محمدی, PhD; \\ OK", "organization": "Acme, Inc.", "title": "CTO",
               "emails": ["sara@example.org"], "phones": ["+98 21 1234"], "urls": [{"url": "https://sara.example/"}],
               "notes": "met at a conference\n" + "long " * 40, "tags": ["friends", "iran"], "location": "Tehran"},
              {"id": 8, "name": "অমিত রায়"}]
    text = vcard.write(people)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    parsed = list(vobject.readComponents(text))
    assert [card.fn.value for card in parsed] == [people[0]["name"], people[1]["name"]]
    assert parsed[0].org.value == ["Acme, Inc."] and parsed[0].email.value == "sara@example.org"
    assert parsed[0].note.value == people[0]["notes"] and parsed[0].uid.value == "tend-person-7"
    back = [item.fields for item in vcard.read(text) if isinstance(item, Record)]
    assert back[0] == {"name": people[0]["name"], "organization": "Acme, Inc.", "title": "CTO",
                       "emails": ["sara@example.org"], "phones": ["+98 21 1234"],
                       "urls": [{"url": "https://sara.example/"}], "notes": people[0]["notes"].strip(),
                       "tags": ["friends", "iran"], "location": "Tehran"}
