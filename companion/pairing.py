"""Pairing: a short one-time code shown in the terminal, exchanged once for a long random token.

The code is short because a person types it; it is safe because it expires, works once, and dies after
a few wrong guesses (5 guesses against 32^8 codes). The token is long because nobody types it, and the
companion keeps only its SHA-256 (a slow password hash buys nothing for 256 random bits).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

# Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
CODE_LENGTH = 8
CODE_LIFETIME = timedelta(minutes=10)
MAX_ATTEMPTS = 5


def new_token() -> str:
    return "tend_" + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalize_code(text: str) -> str:
    return "".join(ch for ch in text.upper().translate(_CONFUSABLE) if ch in ALPHABET)


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


@dataclass
class _ActiveCode:
    code: str
    expires_at: datetime
    attempts_left: int


class PairingCodes:
    """At most one live code at a time: issuing a new one revokes the old."""

    def __init__(self) -> None:
        self._active: _ActiveCode | None = None

    def issue(self, now: datetime) -> tuple[str, datetime]:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        self._active = _ActiveCode(code, now + CODE_LIFETIME, MAX_ATTEMPTS)
        return format_code(code), self._active.expires_at

    def redeem(self, attempt: str, now: datetime) -> bool:
        """True once for the live code; a wrong guess uses up one of the code's few attempts."""
        active = self._active
        if active is None or now >= active.expires_at or active.attempts_left <= 0:
            self._active = None
            return False
        if hmac.compare_digest(normalize_code(attempt).encode(), active.code.encode()):
            self._active = None
            return True
        active.attempts_left -= 1
        if active.attempts_left <= 0:
            self._active = None
        return False
