"""The content-line format of vCard (RFC 6350/2426): `NAME;PARAMS:value` lines, folded at 75 octets,
with `\\`, `;`, `,` and newlines escaped in text values, and nothing any reader could take as the end
of a line left in a value (see `text.printable`)."""

from __future__ import annotations

from collections.abc import Iterable

from companion.text import one_line, printable

LIMIT = 75


def escape(text: str) -> str:
    return (printable(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def uri(text: str) -> str:
    """A URI value: not escaped (its commas are its own), but on one line."""
    return one_line(text)


def fold(line: str) -> str:
    """One content line, folded so no physical line exceeds 75 octets, never inside a character."""
    out, current, size = [], [], 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > LIMIT:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += width
    out.append("".join(current))
    return "\r\n".join(out)


def lines(items: Iterable[str]) -> str:
    """Content lines as a file: folded, CRLF-terminated."""
    return "".join(fold(item) + "\r\n" for item in items)
