"""Promises in notes: "I'll send you the paper next week" becomes a task due next week. Pure.

Serves following up and reciprocity: what the user promised is what they most need reminding of. A
sentence is a promise when it speaks of the user's own next step (English "I'll / I will / I promised /
let me"; Persian "قول ..." or a first-person verb "می‌…م / ب…م"; Bengali first-person future "…ব / …বো" or
"কথা দিয়েছি"). Its due date is the date it names, read by dateparser in the sentence's language (plus
a few relative phrases dateparser misses), else a week after the note; a promise names no exact hour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

DEFAULT_DAYS = 7
# A note is a conversation, not a to-do list: past ten promises the rest are the same kind of text, and
# each costs dateparser milliseconds (a pasted 93 KB thread held 2,600 "I'll" sentences).
MAX_PROMISES = 10
DATE_WINDOW = 300  # characters of a sentence dateparser reads for its date
_SENTENCES = re.compile(r"(?<=[.!?؟।\n])\s+")
_CUES = {
    "en": re.compile(r"\b(I'll|I will|I'm going to|I am going to|I promised|I promise|let me|I'd send|I shall)\b",
                     re.IGNORECASE),
    "fa": re.compile(r"قول\s*(دادم|می\u200cدهم|میدهم)|(^|\s)(می\u200c|ب)[\u0600-\u06FF]+م(\s|$|[.!؟،])"),
    "bn": re.compile(r"কথা দিয়েছি|[\u0980-\u09FF]+(ব|বো)(\s|$|[।,!?])"),
}
# Relative phrases dateparser does not read (yet), as days from the note.
_RELATIVE = {
    "fa": ((re.compile(r"هفته[\u200c\s]*(ی\s*)?(بعد|آینده)"), 7), (re.compile(r"ماه[\u200c\s]*(ی\s*)?(بعد|آینده)"), 30),
           (re.compile(r"پس\s*فردا"), 2)),
    "bn": ((re.compile(r"(পরের|আগামী)\s*সপ্তাহে?"), 7), (re.compile(r"(পরের|আগামী)\s*মাসে?"), 30),
           (re.compile(r"পরশু"), 2)),
    "en": (),
}


@dataclass(frozen=True)
class Promise:
    text: str
    due: date
    dated: bool  # the note named when


def language_of(text: str) -> str:
    if re.search(r"[\u0980-\u09FF]", text):
        return "bn"
    if re.search(r"[\u0600-\u06FF]", text):
        return "fa"
    return "en"


def _due(sentence: str, language: str, written: date) -> date | None:
    for pattern, days in _RELATIVE[language]:
        if pattern.search(sentence):
            return written + timedelta(days=days)
    from dateparser.search import search_dates  # a third of a second to import: only when a note has a promise

    base = datetime.combine(written, time(9))
    found = search_dates(sentence[:DATE_WINDOW], languages=[language],
                         settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"})
    future = [moment.date() for _, moment in found or [] if moment.date() >= written]
    return min(future) if future else None


def find_promises(note: str, written: date) -> list[Promise]:
    """The first MAX_PROMISES promises of `note`. Pure, but dateparser is slow: call it off the event loop."""
    promises: list[Promise] = []
    for sentence in _SENTENCES.split(note.strip()):
        if len(promises) >= MAX_PROMISES:
            break
        sentence = sentence.strip()
        language = language_of(sentence)
        if not sentence or not _CUES[language].search(sentence):
            continue
        due = _due(sentence, language, written)
        promises.append(Promise(sentence[:2000], due or written + timedelta(days=DEFAULT_DAYS), due is not None))
    return promises
