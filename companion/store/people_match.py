"""Finding a person from a few typed letters: a sorted index of the words people are known by, kept
current from the change feed, so a match is a bisection (O(log n + result)), never a scan of the table.

A person's words are the words of their name and organization, their e-mail addresses (whole, and the
part before the @), and the handles of their profile links (`github.com/ada` gives "ada"). Each is
folded for matching whatever was typed: case, width, Arabic/Persian letter variants (ي/ی, ك/ک), zero-width
joiners and accents ("Çelik" is found by "celik") all fold away. A query matches a person when each of
its words is the beginning of one of theirs.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable

from companion.bulk import bulk_load
from companion.store.indexes import Doc
from companion.text import fold

_WORDS = re.compile(r"[\w\u200c\u200d\u0980-\u09ff\u0600-\u06ff]+")  # Bengali and Arabic-script marks are \w-ish
_HANDLE = re.compile(r"^https?://[^/]+/(?:in/|@|user/|users/\d+/|citations\?user=)?([^/?#]+)")


def match_fold(text: str) -> str:
    """`fold`, and without accents or other combining marks: what a person types on any keyboard."""
    folded = unicodedata.normalize("NFKD", fold(text))
    return unicodedata.normalize("NFC", "".join(char for char in folded if not unicodedata.combining(char)))


def words(text: str) -> list[str]:
    return _WORDS.findall(match_fold(text))


def person_words(doc: Doc) -> set[str]:
    found = set(words(doc.get("name", ""))) | set(words(doc.get("organization") or ""))
    for email in doc.get("emails", ()):
        address = match_fold(email)
        found |= {address, address.split("@", 1)[0]}
    for link in doc.get("urls", ()):
        handle = _HANDLE.match(link["url"])
        if handle:
            found.add(match_fold(handle[1]))
    return {word for word in found if word}


class PeopleMatch:
    """(word, person id) pairs in order; the people table's change feed keeps them current."""

    TABLE = "people"

    def __init__(self, docs: Callable[[], dict[str, Doc]]) -> None:
        self._docs = docs
        self._pairs: list[tuple[str, int]] | None = None
        self._words: dict[int, set[str]] = {}
        self.names: dict[int, str] = {}  # each person's name, folded as above: for ranking what matched
        self._lock = threading.Lock()

    def _built(self) -> list[tuple[str, int]]:
        if self._pairs is None:
            with self._lock:
                if self._pairs is None:
                    with bulk_load():
                        docs = self._docs()
                        self._words = {int(key): person_words(doc) for key, doc in docs.items()}
                        self.names = {int(key): match_fold(doc["name"]) for key, doc in docs.items()}
                        self._pairs = sorted((word, person_id) for person_id, found in self._words.items()
                                             for word in found)
        return self._pairs

    def warm(self) -> None:
        self._built()

    def on_change(self, table: str, doc_id: int, before: Doc | None, after: Doc | None) -> None:
        if table != self.TABLE or self._pairs is None:
            return
        old = self._words.pop(doc_id, set())
        new = person_words(after) if after is not None else set()
        for word in old - new:
            index = bisect_left(self._pairs, (word, doc_id))
            if index < len(self._pairs) and self._pairs[index] == (word, doc_id):
                del self._pairs[index]
        for word in new - old:
            insort(self._pairs, (word, doc_id))
        if after is not None:
            self._words[doc_id] = new
            self.names[doc_id] = match_fold(after["name"])
        else:
            self.names.pop(doc_id, None)

    def _starting_with(self, prefix: str) -> set[int]:
        pairs = self._built()
        found: set[int] = set()
        index = bisect_left(pairs, (prefix, 0))
        while index < len(pairs) and pairs[index][0].startswith(prefix):
            found.add(pairs[index][1])
            index += 1
        return found

    def match(self, query: str) -> set[int]:
        """The people every word of `query` begins one of the words of."""
        typed = words(query)
        if not typed:
            return set()
        found: set[int] | None = None
        for word in sorted(typed, key=len, reverse=True):  # the longest word narrows most
            ids = self._starting_with(word)
            found = ids if found is None else found & ids
            if not found:
                return set()
        return found or set()


def ranked(ids: Iterable[int], names: dict[int, str], seen: dict[int, str], query: str) -> list[int]:
    """Whose name begins with what was typed first, then the most recently seen, then by name (three stable
    sorts, the last the most important)."""
    typed = match_fold(query.strip())
    order = sorted(ids, key=lambda person_id: names.get(person_id, ""))
    order.sort(key=lambda person_id: seen.get(person_id, ""), reverse=True)
    order.sort(key=lambda person_id: not names.get(person_id, "").startswith(typed))
    return order
