"""What the CLI writes to a terminal: stored text came from web pages and files, and must not be able to
retitle a window, move the cursor or hide a line (ESC, BEL, C1's CSI, a bare CR).

`SafeText` wraps standard output and error for the length of a command, so every line the CLI prints
passes `text.printable`; JSON is escaped first (`json_text`) so it stays valid JSON on the way through.
"""

from __future__ import annotations

import io
import json
from typing import Any, TextIO

from companion.text import LINE_BREAKS, printable

# Characters json.dumps(ensure_ascii=False) leaves raw that `printable` would change: escape them instead.
_JSON_ESCAPES = str.maketrans({code: f"\\u{code:04x}" for code in [0x7F, *range(0x80, 0xA0),
                                                                    *map(ord, LINE_BREAKS)] if code >= 0x20})


def json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2).translate(_JSON_ESCAPES)


class OutputClosed(Exception):
    """The reader of standard output went away (`tend people list | head`): it has all it wanted."""


class SafeText(io.TextIOBase):
    """A text stream that writes only printable text to the stream it wraps."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            self.stream.write(printable(text))
        except BrokenPipeError:
            raise OutputClosed() from None
        return len(text)

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise OutputClosed() from None

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", "utf-8")
