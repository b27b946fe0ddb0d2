"""Text as it leaves Tend for matching (`fold`) and for another program to read (`printable`).

Persian text is often typed with Arabic-keyboard letters (ي for ی, ك for ک) and with or without the
zero-width non-joiner; Latin names with or without accents' composed forms. Stored text is never
changed: folding is applied to both sides of a comparison only.

Stored text came from web pages and files, so it may hold characters that another program acts on:
a line break a vCard or calendar reader takes as a new property, an escape sequence a terminal obeys.
`printable` is what every writer of text for another program applies first.
"""

from __future__ import annotations

import unicodedata

_ARABIC_TO_PERSIAN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "\u200c": None, "\u200d": None})


def fold(text: str) -> str:
    """Case-, width- and script-variant-insensitive form of `text` for matching."""
    return unicodedata.normalize("NFKC", text).translate(_ARABIC_TO_PERSIAN).casefold()


# Characters some reader ends a line at: CR, Unicode's line and paragraph separators, NEL, VT, FF and
# the information separators FS, GS, RS (Python's str.splitlines honours all of them).
LINE_BREAKS = "\r\u2028\u2029\u0085\x0b\x0c\x1c\x1d\x1e"
_CONTROLS = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]  # C0, DEL, C1: ESC, BEL, CSI among them
_PRINTABLE = str.maketrans({**{code: None for code in _CONTROLS if chr(code) not in "\n\t"},
                            **{ord(char): "\n" for char in LINE_BREAKS}})


def printable(text: str) -> str:
    """`text` with every line break as a newline and no other control character (tab and newline stay):
    nothing in it can start a property, a line or a terminal command of its own."""
    return text.replace("\r\n", "\n").translate(_PRINTABLE)


def one_line(text: str) -> str:
    """`printable`, and on one line: for values that can hold no line break (a URL, a header)."""
    return printable(text).replace("\n", " ").replace("\t", " ")
