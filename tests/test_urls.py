"""One key per profile URL (companion/urls.py): the forms a tab shows for one page give one key, and the
parameters that say which page it is are kept."""

from __future__ import annotations

import pytest

from companion.urls import canonical_url


@pytest.mark.parametrize(("one", "other"), [
    ("https://scholar.google.com/citations?hl=en&user=qc6CJjYAAAAJ", "https://scholar.google.com/citations?user=qc6CJjYAAAAJ"),
    ("https://scholar.google.com/citations?user=qc6CJjYAAAAJ&view_op=list_works&hl=fa",
     "https://scholar.google.com/citations?user=qc6CJjYAAAAJ"),
    ("https://stackoverflow.com/users/22656/ada?tab=profile", "https://stackoverflow.com/users/22656/ada"),
    ("https://de.linkedin.com/in/Ada-L/?trk=public", "https://www.linkedin.com/in/ada-l"),
    ("https://ada.example/about/?utm_source=newsletter&ref=hn#top", "http://www.ada.example/about"),
    ("https://www.facebook.com/profile.php?id=100&ref=bookmarks", "https://facebook.com/profile.php?id=100"),
])
def test_the_forms_of_one_page_give_one_key(one: str, other: str) -> None:
    assert canonical_url(one) == canonical_url(other)


@pytest.mark.parametrize(("one", "other"), [
    ("https://scholar.google.com/citations?user=AAA", "https://scholar.google.com/citations?user=BBB"),
    ("https://forum.example/member.php?u=3", "https://forum.example/member.php?u=4"),
    ("https://www.facebook.com/profile.php?id=100", "https://www.facebook.com/profile.php?id=101"),
])
def test_the_parameters_that_say_which_page_stay(one: str, other: str) -> None:
    assert canonical_url(one) != canonical_url(other)
