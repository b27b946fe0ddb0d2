"""vCard 2.1, 3.0 and 4.0 in; vCard 3.0 out.

Read by hand because real exports defeat strict readers (vobject rejects two of the three phone and
Outlook exports in the corpus): 2.1 quoted-printable values whose soft line breaks are not indented,
a UTF-8 character cut in half by the exporter, bare parameters (`TEL;CELL`), grouped properties
(`item1.EMAIL`), 40 KB folded photos. A card is parsed alone, so one broken card never stops the rest,
and a card with no name is reported, not saved as a nameless person.
"""

from __future__ import annotations

import base64

import quopri
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from companion import dates
from companion.formats import BadFile, BadRow, Record
from companion.formats.contentline import escape, lines, uri

_ESCAPES = {"n": "\n", "N": "\n"}
_PHYSICAL_LINES = re.compile(r"\r\n|\r|\n")


@dataclass
class Property:
    name: str
    params: dict[str, list[str]] = field(default_factory=dict)
    raw: str = ""
    group: str = ""  # `item1` of `item1.X-ABDATE`: Apple pairs a custom date with its label this way

    def text(self) -> str:
        """The value decoded: quoted-printable and charset applied, escapes undone."""
        return _unescape(self._decoded().replace("\r\n", "\n"))

    def parts(self) -> list[str]:
        """A structured value (N, ORG, ADR) split on its unescaped semicolons."""
        return [_unescape(part) for part in _split(self._decoded(), ";")]

    def _decoded(self) -> str:
        encoding = (self.params.get("ENCODING") or [""])[0].upper()
        if encoding == "QUOTED-PRINTABLE" or "QUOTED-PRINTABLE" in self.params.get("", []):
            charset = (self.params.get("CHARSET") or ["utf-8"])[0]
            data = quopri.decodestring(self.raw.encode("latin-1", errors="replace"))
            try:
                return data.decode(charset, errors="replace")
            except LookupError:
                return data.decode("utf-8", errors="replace")
        return self.raw


def _split(value: str, separator: str) -> list[str]:
    parts, current, escaped = [], [], False
    for char in value:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), value, flags=re.S).strip()


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(first physical line, unfolded line): folding is a line starting with a space or tab; a
    quoted-printable value also continues after a line ending in `=`."""
    number, current, start = 0, None, 0
    # CR and LF only: U+2028, NEL, FF and the like are text inside a value, never a new property.
    for number, physical in enumerate(_PHYSICAL_LINES.split(text), start=1):
        if current is not None and physical[:1] in (" ", "\t"):
            current += physical[1:]
            continue
        if current is not None and current.endswith("=") and "QUOTED-PRINTABLE" in current.split(":", 1)[0].upper():
            current = current[:-1] + physical
            continue
        if current is not None:
            yield start, current
        current, start = physical, number
    if current is not None:
        yield start, current


def _property(line: str) -> Property | None:
    quoted, colon = False, -1
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            colon = index
            break
    if colon <= 0:
        return None
    head, raw = line[:colon], line[colon + 1:]
    name, *params = _split(head, ";")
    group, _, bare = name.rpartition(".")
    prop = Property(bare.upper().strip(), {}, raw, group.strip().upper())
    for param in params:
        key, _, value = param.partition("=")
        if not _:  # vCard 2.1's bare parameters: TEL;CELL;PREF
            prop.params.setdefault("", []).append(key.upper())
            continue
        values = [v.strip('"') for v in value.split(",")]
        prop.params.setdefault(key.upper(), []).extend(values)
    return prop


def cards(text: str) -> Iterator[tuple[int, list[Property]] | BadRow]:
    """Each card's first line and properties."""
    card: list[Property] | None = None
    start = 0
    for number, line in _logical_lines(text.lstrip("\ufeff")):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            if card is not None:
                yield BadRow(start, "unterminated_card", "this card has no END:VCARD; it was read up to the next card")
                yield start, card
            card, start = [], number
        elif upper == "END:VCARD" and card is not None:
            yield start, card
            card = None
        elif card is not None and line.strip():
            prop = _property(line)
            if prop is not None:
                card.append(prop)
    if card is not None:
        yield BadRow(start, "unterminated_last_card", "the last card has no END:VCARD; it was read to the end of the file")
        yield start, card


def _name(props: Mapping[str, list[Property]]) -> str | None:
    for prop in props.get("FN", []):
        if prop.text():
            return prop.text()
    for prop in props.get("N", []):
        parts = prop.parts() + [""] * 5
        family, given, additional = parts[0], parts[1], parts[2]
        name = " ".join(p for p in (given, additional.replace(",", " "), family) if p)
        if name:
            return name
    return None


def _location(prop: Property) -> str | None:
    parts = prop.parts() + [""] * 7
    locality, region, country = parts[3], parts[4], parts[6]
    kept: list[str] = []
    for part in (locality, region, country):
        if part and part not in kept:
            kept.append(part)
    return ", ".join(kept) or None


def record(line: int, card: list[Property]) -> Record | BadRow:
    props: dict[str, list[Property]] = {}
    for prop in card:
        props.setdefault(prop.name, []).append(prop)
    name = _name(props)
    emails = [p.text() for p in props.get("EMAIL", []) if p.text()]
    if not name:
        subject = emails[0] if emails else None
        return BadRow(line, "no_name", f"a card with no name (FN or N); it holds {subject or 'nothing else either'}",
                      {"FN": "missing", "N": "missing"}, subject)
    fields: dict[str, Any] = {"name": name}
    if emails:
        fields["emails"] = emails
    phones = [p.text() for p in props.get("TEL", []) if p.text()]
    if phones:
        fields["phones"] = phones
    urls = [p.text() for p in (*props.get("URL", []), *props.get("X-SOCIALPROFILE", [])) if p.text()]
    if urls:
        fields["urls"] = [{"url": url} for url in urls]
    if props.get("ORG") and (organization := props["ORG"][0].parts()[0]):
        fields["organization"] = organization
    if props.get("TITLE") and (title := props["TITLE"][0].text()):
        fields["title"] = title
    notes = [p.text() for p in props.get("NOTE", []) if p.text()]
    if notes:
        fields["notes"] = "\n\n".join(notes)
    tags = [tag.strip() for p in props.get("CATEGORIES", []) for tag in _split(p._decoded(), ",") if tag.strip()]
    if tags:
        fields["tags"] = [_unescape(tag) for tag in tags]
    for prop in props.get("ADR", []):
        if location := _location(prop):
            fields["location"] = location
            break
    for prop in props.get("PHOTO", []):
        value = prop.text()
        if value.startswith(("http://", "https://")):
            fields["photo_url"] = value
            break
    if props.get("BDAY") and (birthday := _date_text(props["BDAY"][0])):
        fields["birthday"] = birthday
    named = _named_dates(props)
    if named:
        fields["dates"] = named
    return Record(line, fields, source="vCard")


# Apple's labels for its own kinds of date (X-ABLABEL) and the words Tend keeps for them.
_APPLE_LABELS = {"_$!<Anniversary>!$_": "anniversary", "_$!<Other>!$_": "other"}
_FROM_APPLE = {label.upper(): word for label, word in _APPLE_LABELS.items()}
_TO_APPLE = {word: label for label, word in _APPLE_LABELS.items()}


def _date_text(prop: Property) -> str | None:
    """A date property's value as text the Person model reads ("1985-04-12", "--0412", "April 12"); the
    year dropped where Apple says it is a placeholder (X-APPLE-OMIT-YEAR=1604)."""
    value = prop.text()
    omitted = prop.params.get("X-APPLE-OMIT-YEAR")
    if omitted and value.startswith(omitted[0]):
        value = "--" + value[len(omitted[0]):].lstrip("-")
    return value or None


def _named_dates(props: Mapping[str, list[Property]]) -> list[dict[str, str]]:
    """ANNIVERSARY (vCard 4), X-ANNIVERSARY (vCard 3 in Evolution, KAddressBook), X-MS-ANNIVERSARY
    (Outlook), and Apple's grouped X-ABDATE with its X-ABLABEL."""
    labels = {prop.group: prop.text() for prop in props.get("X-ABLABEL", []) if prop.group}
    found = []
    for prop in (prop for name in ("ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY") for prop in props.get(name, [])):
        if value := _date_text(prop):
            found.append({"label": "anniversary", "date": value})
    for prop in props.get("X-ABDATE", []):
        label = labels.get(prop.group, "date")
        if value := _date_text(prop):
            found.append({"label": _FROM_APPLE.get(label.upper(), label), "date": value})
    return found


def read(text: str) -> Iterator[Record | BadRow]:
    found = False
    for item in cards(text):
        if isinstance(item, BadRow):
            yield item
            continue
        found = True
        yield record(*item)
    if not found:
        raise BadFile("no vCard in this file (no BEGIN:VCARD line)", {"content": "not a vCard file"})


def write(people: Iterable[Mapping[str, Any]]) -> str:
    """People as vCard 3.0, one card each, with a stable UID so re-exports update rather than add."""
    return "".join(written_cards(people))


def written_cards(people: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """Each person's card as text, one at a time (an export streams them)."""
    for person in people:
        out: list[str] = []
        out += ["BEGIN:VCARD", "VERSION:3.0", f"UID:tend-person-{person['id']}",
                f"FN:{escape(person['name'])}", f"N:;{escape(person['name'])};;;"]
        if person.get("organization"):
            out.append(f"ORG:{escape(person['organization'])}")
        face = person.get("face")  # (bytes, "image/webp"): the kept thumbnail, embedded, outlasts any URL
        if face:
            out.append(f"PHOTO;ENCODING=b;TYPE={face[1].split('/')[1].upper()}:{base64.b64encode(face[0]).decode()}")
        for key, prop in (("title", "TITLE"), ("notes", "NOTE"), ("photo_url", "PHOTO;VALUE=uri")):
            if key == "photo_url" and face:
                continue
            if person.get(key):
                out.append(f"{prop}:{uri(person[key]) if key == 'photo_url' else escape(person[key])}")
        out += [f"EMAIL;TYPE=INTERNET:{escape(email)}" for email in person.get("emails", [])]
        out += [f"TEL:{escape(phone)}" for phone in person.get("phones", [])]
        out += [f"URL:{uri(link['url'])}" for link in person.get("urls", [])]
        if person.get("location"):
            out.append(f"ADR:;;;{escape(person['location'])};;;")
        if person.get("tags"):
            out.append("CATEGORIES:" + ",".join(escape(tag) for tag in person["tags"]))
        if person.get("birthday"):
            out.append(_date_line("BDAY", person["birthday"]))
        for number, named in enumerate(person.get("dates", []), start=1):
            label = _TO_APPLE.get(named["label"].casefold(), named["label"])
            out += [_date_line(f"item{number}.X-ABDATE", named), f"item{number}.X-ABLABEL:{escape(label)}"]
        out.append("END:VCARD")
        yield lines(out)


def _date_line(name: str, value: Mapping[str, Any]) -> str:
    """vCard 3.0 has no date without a year: Apple's convention (year 1604, marked omitted) is the one phones
    and address books read."""
    if value.get("year"):
        return f"{name}:{dates.iso(value['year'], value['month'], value['day'])}"
    return f"{name};X-APPLE-OMIT-YEAR=1604:{dates.iso(1604, value['month'], value['day'])}"
