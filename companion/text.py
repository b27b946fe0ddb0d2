"""Text folding for search, so a query matches however the name was typed.

Persian text is often typed with Arabic-keyboard letters (ي for ی, ك for ک) and with or without the
zero-width non-joiner; Latin names with or without accents' composed forms. Stored text is never
changed: folding is applied to both sides of a comparison only.
"""

from __future__ import annotations

import unicodedata

_ARABIC_TO_PERSIAN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "\u200c": None, "\u200d": None})


def fold(text: str) -> str:
    """Case-, width- and script-variant-insensitive form of `text` for matching."""
    return unicodedata.normalize("NFKC", text).translate(_ARABIC_TO_PERSIAN).casefold()
