"""The content-line format vCard (RFC 6350/2426) and iCalendar (RFC 5545) share: `NAME;PARAMS:value`
lines, folded at 75 octets, with `\\`, `;`, `,` and newlines escaped in text values."""

from __future__ import annotations

from collections.abc import Iterable

LIMIT = 75


def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


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
