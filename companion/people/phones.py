"""Phone numbers in one form (E.164, "+4915112345678") where the number allows, so that "0151 1234 5678"
typed in Berlin and "+49 151 12345678" from a vCard are one number, and a number is an identity signal.
A number without a country code is read as the user's country (`/me` `phone_region`); one that cannot be
read stays as written (an extension, a short code), never dropped."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\D+")


def normalized(number: str, region: str | None = None) -> str:
    """E.164 when the number is valid (in `region` if it has no country code), else as written."""
    import phonenumbers  # metadata for every country: only when a number is read

    text = number.strip()
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_valid_number(parsed):
        return text
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def key(number: str) -> str | None:
    """The index key of a stored number: E.164 numbers only (a number as written identifies no one)."""
    return "+" + _DIGITS.sub("", number) if number.startswith("+") and len(_DIGITS.sub("", number)) >= 7 else None
