"""The identity policy as pure rules (companion/people/identity.py, phones.py): which signals agree and
which differ between two records with similar names, and when that makes a possible duplicate."""

from __future__ import annotations

import pytest

from companion.people.identity import Evidence, compare
from companion.people.phones import key, normalized


@pytest.mark.parametrize(("a", "b", "agree", "differ"), [
    ({"organization": "BRAC"}, {"organization": "BRAC "}, ("organization",), ()),
    ({"organization": "BRAC"}, {"organization": "Grameen"}, (), ("organization",)),
    ({"location": "Dhaka, Bangladesh"}, {"location": "Dhaka"}, ("location",), ()),
    ({"location": "Dhaka"}, {"location": "Berlin"}, (), ()),  # people move: no disagreement
    ({"emails": ["a@brac.net"]}, {"emails": ["nasrin@brac.net"]}, ("email_domain",), ()),
    ({"emails": ["a@gmail.com"]}, {"emails": ["b@gmail.com"]}, (), ("email",)),  # anyone has a gmail address
    ({"phones": ["+8801711111111"]}, {"phones": ["+8801722222222"]}, (), ("phone",)),
    ({"urls": ["https://github.com/js1"]}, {"urls": [{"url": "https://github.com/js2"}]}, (), ("profile:github",)),
    ({"urls": ["https://js.example/"]}, {"urls": ["https://other.example/"]}, (), ()),  # personal sites: several
    ({}, {"organization": "BRAC"}, (), ()),  # unknown on one side: neither
])
def test_signals_agree_or_differ(a: dict, b: dict, agree: tuple, differ: tuple) -> None:
    assert compare(a, b) == Evidence(agree, differ)


def test_a_possible_duplicate_needs_an_agreeing_signal_and_none_that_differs() -> None:
    assert Evidence(("organization",), ()).possible_duplicate
    assert not Evidence(("organization",), ("phone",)).possible_duplicate  # a namesake at the same company
    assert not Evidence((), ()).possible_duplicate


@pytest.mark.parametrize(("written", "region", "stored"), [
    ("+49 151 12345678", None, "+4915112345678"),
    ("0151 12345678", "DE", "+4915112345678"),
    ("(202) 555-0143", "US", "+12025550143"),
    ("01711-234567", "BD", "+8801711234567"),
    ("0912 345 6789", "IR", "+989123456789"),
    ("0151 12345678", None, "0151 12345678"),  # no country to read it in: kept as written
    ("ext. 42", "DE", "ext. 42"),
])
def test_phone_numbers_are_kept_in_e164_where_they_allow(written: str, region: str | None, stored: str) -> None:
    assert normalized(written, region) == stored


def test_only_an_e164_number_is_an_identity_key() -> None:
    assert key("+49 151 12345678") == "+4915112345678"
    assert key("0151 12345678") is None
