"""Address books in and out: LinkedIn's Connections.csv, vCard, any CSV, ICS, Tend's JSON backup.

Readers are pure: text in, one `Record` or `BadRow` per row or card out, each with the line it started
on, so an import can report every bad row and still take the rest. Writers are pure too: data in, text
out. Nothing here touches the store; `companion.imports` applies records to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from companion.models import RowProblemCode


@dataclass
class Record:
    """One person read from a file, as Person fields (not yet validated: the import does that, so a
    bad email is reported against its line)."""

    line: int
    fields: dict[str, Any]
    connected_on: date | None = None  # LinkedIn's "Connected On": a dated how-we-met record
    source: str = "import"


@dataclass
class BadRow:
    """A row or card that cannot be imported. `code` is stable, for a client to word in its reader's
    language; `message` is the English a log or the CLI shows."""

    line: int
    code: RowProblemCode
    message: str
    fields: dict[str, str] = field(default_factory=dict)
    subject: str | None = None  # what identifies a row with no name (a card's email)


class BadFile(ValueError):
    """The file as a whole is not what it was said to be (no header, no card): nothing to import."""

    def __init__(self, message: str, fields: dict[str, str]) -> None:
        super().__init__(message)
        self.message, self.fields = message, fields


def decode(data: bytes) -> str:
    """Bytes of an exported file as text: a byte-order mark decides (UTF-8, UTF-16), else UTF-8, else
    Windows-1252, which older Outlook and Excel exports use and which decodes any byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
