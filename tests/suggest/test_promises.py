"""Promises in notes, in English, Persian and Bengali, with and without a date."""

from __future__ import annotations

from datetime import date

import pytest

from companion.suggest.promises import find_promises

WRITTEN = date(2026, 11, 22)  # a Sunday


@pytest.mark.parametrize(("note", "due"), [
    ("Great chat. I'll send you the paper next week.", date(2026, 11, 29)),
    ("I will call her on Friday", date(2026, 11, 27)),
    ("قول دادم مقاله را هفته‌ی بعد بفرستم.", date(2026, 11, 29)),
    ("فردا بهش زنگ می‌زنم", date(2026, 11, 23)),
    ("আমি আগামীকাল কাগজটি পাঠাব।", date(2026, 11, 23)),
    ("পরের সপ্তাহে ফোন করব", date(2026, 11, 29)),
], ids=["en-next-week", "en-friday", "fa-next-week", "fa-tomorrow", "bn-tomorrow", "bn-next-week"])
def test_a_promise_with_a_date_becomes_due_then(note: str, due: date) -> None:
    (promise,) = find_promises(note, WRITTEN)
    assert promise.due == due and promise.dated


def test_a_promise_without_a_date_is_due_in_a_week() -> None:
    (promise,) = find_promises("Lovely coffee. Let me introduce her to Sara.", WRITTEN)
    assert promise.text == "Let me introduce her to Sara." and promise.due == date(2026, 11, 29) and not promise.dated


@pytest.mark.parametrize("note", ["She will send me the slides.", "Talked about engines.",
                                  "او فردا زنگ می‌زند.", "তিনি কাল আসবেন না"],
                         ids=["en-third-person", "en-no-promise", "fa-third-person", "bn-third-person"])
def test_what_is_not_the_users_promise_is_left_alone(note: str) -> None:
    assert find_promises(note, WRITTEN) == []
