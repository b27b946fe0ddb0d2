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
from collections.abc import Callable, Iterator, Mapping

from companion.bulk import bulk_load
from companion.store.encoded import id_docs
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


def organization_words(doc: Doc) -> set[str]:
    return set(words(doc.get("organization") or ""))


def person_words(doc: Doc) -> set[str]:
    found = set(words(doc.get("name", ""))) | set(words(doc.get("organization") or ""))
    for email in doc.get("emails", ()):
        address = match_fold(email)
        found |= {address, address.split("@", 1)[0], *words(address)}  # "ada@exa" is typed as two words
    for link in doc.get("urls", ()):
        handle = _HANDLE.match(link["url"])
        if handle:
            found.add(match_fold(handle[1]))
    return {word for word in found if word}


class SortedEntries:
    """The people table as one sorted list of "key\0id" strings, which the change feed keeps current. One
    string per entry rather than (key, id) tuples or per-person sets: about half the memory (some 60 bytes
    an entry, a few MB for 10k people), and the feed's before and after documents say which entries a
    change removes and adds, so nothing else need be kept. `entries` says what a document's are."""

    table = "people"

    def __init__(self, docs: Callable[[], Mapping[str, Doc]]) -> None:
        self._docs = docs
        self._entries: list[str] | None = None
        self._lock = threading.Lock()

    def entries(self, doc_id: int, doc: Doc) -> set[str]:
        raise NotImplementedError

    def _built(self) -> list[str]:
        if self._entries is None:
            with self._lock:
                if self._entries is None:
                    with bulk_load():
                        entries = self.entries
                        self._entries = sorted(entry for doc_id, doc in id_docs(self._docs())
                                               for entry in entries(doc_id, doc))
        return self._entries

    def warm(self) -> None:
        self._built()

    def on_change(self, table: str, doc_id: int, before: Doc | None, after: Doc | None) -> None:
        if table != self.table or self._entries is None:
            return
        old = self.entries(doc_id, before) if before is not None else set()
        new = self.entries(doc_id, after) if after is not None else set()
        for entry in old - new:
            index = bisect_left(self._entries, entry)
            if index < len(self._entries) and self._entries[index] == entry:
                del self._entries[index]
        for entry in new - old:
            insort(self._entries, entry)


class PeopleMatch(SortedEntries):
    """Every person's words, for matching what was typed. `words_of` says which words: all a person is
    known by (the default), or only their organization's (the search's organization filter)."""

    def __init__(self, docs: Callable[[], Mapping[str, Doc]],
                 words_of: Callable[[Doc], set[str]] = person_words) -> None:
        super().__init__(docs)
        self._words_of = words_of

    def entries(self, doc_id: int, doc: Doc) -> set[str]:
        return {f"{word}\0{doc_id}" for word in self._words_of(doc)}

    def _starting_with(self, prefix: str) -> set[int]:
        entries = self._built()
        found: set[int] = set()
        index = bisect_left(entries, prefix)
        while index < len(entries) and entries[index].startswith(prefix):
            found.add(int(entries[index].rpartition("\0")[2]))
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


def ranked(docs: dict[int, Doc], query: str, is_due: Callable[[Doc], bool] | None = None) -> list[int]:
    """Whose name begins with what was typed first, then who is due a check-in, then the most recently
    seen, then by name (stable sorts, the last the most important)."""
    typed = match_fold(query.strip())
    names = {person_id: match_fold(doc["name"]) for person_id, doc in docs.items()}
    order = sorted(docs, key=names.__getitem__)
    order.sort(key=lambda person_id: docs[person_id].get("last_interaction_at", ""), reverse=True)
    if is_due is not None:
        order.sort(key=lambda person_id: not is_due(docs[person_id]))
    order.sort(key=lambda person_id: not names[person_id].startswith(typed))
    return order


class NameOrder(SortedEntries):
    """Everyone in the order a list shows them (by folded name, then id): the first page of everyone is
    a slice, and a search matching most people walks it rather than sorting them all; a search matching
    a few sorts them by `key_of`, which needs no document read."""

    def __init__(self, docs: Callable[[], Mapping[str, Doc]]) -> None:
        super().__init__(docs)
        self._key_of: dict[int, str] | None = None

    @staticmethod
    def key(doc_id: int, doc: Doc) -> str:
        return f"{match_fold(doc['name'])}\0{doc_id:010d}"

    def entries(self, doc_id: int, doc: Doc) -> set[str]:
        return {self.key(doc_id, doc)}

    def warm(self) -> None:
        if self._built():
            self.key_of(next(self.ids()))

    def key_of(self, doc_id: int) -> str:
        """A person's place in the list order, as a sort key."""
        if self._key_of is None:
            entries = self._built()  # takes the lock itself when it builds
            with self._lock:
                if self._key_of is None:
                    self._key_of = {int(entry.rpartition("\0")[2]): entry for entry in entries}
        return self._key_of[doc_id]

    def on_change(self, table: str, doc_id: int, before: Doc | None, after: Doc | None) -> None:
        super().on_change(table, doc_id, before, after)
        if table == self.table and self._key_of is not None:
            if after is None:
                self._key_of.pop(doc_id, None)
            else:
                self._key_of[doc_id] = self.key(doc_id, after)

    def ids(self, among: set[int] | None = None) -> Iterator[int]:
        """Ids in list order: everyone's, or only those `among` (walked, so the caller stops early)."""
        for entry in self._built():
            doc_id = int(entry.rpartition("\0")[2])
            if among is None or doc_id in among:
                yield doc_id
