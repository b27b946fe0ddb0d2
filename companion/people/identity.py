"""The one place that decides whether two records are the same person.

Two rules, for every way a person comes in (capture, import, a conversation, a manual add):
- **The same person**: a profile link, an e-mail address or a phone number (E.164) they share
  (`People.identify`, by index). Nothing else merges.
- **Never on a name alone.** A similar name is a *possible duplicate* only with a second signal that
  agrees (the organization, the place, a work e-mail domain) and none that disagrees; a name with a
  signal that disagrees (another phone, other addresses, another organization, another profile on the
  same network) is a different person. `compare` says which signals agree and which differ, for the
  user to see; it is pure, so the policy is tested without a store.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from companion.people import phones
from companion.text import fold
from companion.urls import canonical_url, link_kind

# The signals `compare` names (a profile as "profile:<network>"); the extension has words for each.
SIGNALS = ("organization", "location", "email_domain", "email", "phone", "profile", "name")
NAME_SIMILARITY = 90  # token-sorted ratio of folded names; 90 keeps "Ada Lovelace" ~ "Lovelace, Ada"
ORG_SIMILARITY = 85
# Addresses anyone can have: a shared domain here says nothing about being the same person.
_FREE_MAIL = {"gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com", "live.com", "icloud.com",
              "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.de", "gmx.net", "web.de", "mail.ru",
              "yandex.ru", "qq.com", "163.com", "yahoo.co.in", "rediffmail.com", "zoho.com", "fastmail.com"}


@dataclass(frozen=True)
class Evidence:
    """What two records with similar names have in common and where they differ, by signal."""

    agree: tuple[str, ...]
    differ: tuple[str, ...]

    @property
    def possible_duplicate(self) -> bool:
        """A name and a second signal that agrees, none that differs (`name` alone: the very same name, and
        nothing to tell them apart either way: still only for the user to decide)."""
        return bool(self.agree) and not self.differ


@dataclass(frozen=True)
class Candidate:
    person_id: int
    name: str
    organization: str | None
    score: float  # name similarity, 0-100
    evidence: Evidence


def _domains(emails: Iterable[str]) -> set[str]:
    return {email.rsplit("@", 1)[-1].casefold() for email in emails if "@" in email} - _FREE_MAIL


def _profiles(urls: Iterable[str]) -> dict[str, set[str]]:
    """Profile links by network (LinkedIn, GitHub…); personal sites are left out (people have several)."""
    found: dict[str, set[str]] = {}
    for url in urls:
        kind = link_kind(url)
        if kind not in ("homepage", "other"):
            found.setdefault(kind, set()).add(canonical_url(url))
    return found


def _urls(record: dict[str, Any]) -> list[str]:
    return [link["url"] if isinstance(link, dict) else str(link) for link in record.get("urls", [])]


def compare(a: dict[str, Any], b: dict[str, Any]) -> Evidence:
    """The signals two person records (stored documents or incoming fields) agree and differ on."""
    from rapidfuzz import fuzz  # the identity stack, imported when a comparison is made

    agree: list[str] = []
    differ: list[str] = []
    org_a, org_b = fold(a.get("organization") or ""), fold(b.get("organization") or "")
    if org_a and org_b:
        # token_set: "Analytical" and "Analytical Engines" are one organization written twice
        (agree if fuzz.token_set_ratio(org_a, org_b) >= ORG_SIMILARITY else differ).append("organization")
    place_a, place_b = fold(a.get("location") or ""), fold(b.get("location") or "")
    if place_a and place_b and (place_a.split(",")[0] == place_b.split(",")[0]):
        agree.append("location")  # a different place is no disagreement: people move
    emails_a = {e.casefold() for e in a.get("emails", [])}
    emails_b = {e.casefold() for e in b.get("emails", [])}
    if emails_a & emails_b:
        agree.append("email")
    elif _domains(emails_a) & _domains(emails_b):
        agree.append("email_domain")
    elif emails_a and emails_b:
        differ.append("email")
    numbers_a = {k for n in a.get("phones", []) if (k := phones.key(n))}
    numbers_b = {k for n in b.get("phones", []) if (k := phones.key(n))}
    if numbers_a & numbers_b:
        agree.append("phone")
    elif numbers_a and numbers_b:
        differ.append("phone")
    profiles_a, profiles_b = _profiles(_urls(a)), _profiles(_urls(b))
    for network in sorted(profiles_a.keys() & profiles_b.keys()):
        (agree if profiles_a[network] & profiles_b[network] else differ).append(f"profile:{network}")
    return Evidence(tuple(agree), tuple(differ))


_WORD = re.compile(r"\w+")
GROUP_LIMIT = 25  # people of one name compared pairwise at most: 300 pairs, not a common name's millions


def name_key(name: str) -> str:
    """One key for the forms of one name: "Lovelace, Ada", "ada  LOVELACE" and "Ada Lovelace" (folded, the
    words in order), so the review queue finds namesakes by index, not by comparing everyone."""
    return " ".join(sorted(_WORD.findall(fold(name))))


def judge(a: dict[str, Any], b: dict[str, Any], same_name: bool) -> Evidence:
    """`compare`, and the very same name with nothing to tell two records apart counts as the agreeing
    signal `name`: still only a possible duplicate, for the user to decide."""
    evidence = compare(a, b)
    if same_name and not evidence.agree and not evidence.differ:
        return Evidence(("name",), ())
    return evidence


def pairs(groups: Iterable[list[tuple[int, dict[str, Any]]]], apart: Callable[[int, int], bool]
          ) -> Iterator[tuple[int, int, Evidence]]:
    """Every possible duplicate among people grouped by name_key, but those the user kept apart. Pure:
    the groups are snapshots, so this can run off the event loop."""
    for group in groups:
        group = group[:GROUP_LIMIT]
        for position, (a, doc_a) in enumerate(group):
            for b, doc_b in group[position + 1:]:
                if not apart(a, b) and (evidence := judge(doc_a, doc_b, same_name=True)).possible_duplicate:
                    yield a, b, evidence


def name_similarity(a: str, b: str) -> float:
    """How alike two names are, 0-100, word order and case aside ("Lovelace, Ada" and "Ada Lovelace": 100)."""
    from rapidfuzz import fuzz

    return round(fuzz.ratio(name_key(a), name_key(b)), 1)


def similar_names(names: Iterable[str], name: str, limit: int = 10) -> list[tuple[str, float]]:
    """(folded name, similarity) of the names close to `name`, best first."""
    from rapidfuzz import fuzz, process

    return [(found, score) for found, score, _ in process.extract(
        fold(name), names, scorer=fuzz.token_sort_ratio, score_cutoff=NAME_SIMILARITY, limit=limit)]


def candidates(people: Any, record: dict[str, Any], fuzzy: bool = True, exclude: int | None = None) -> list[Candidate]:
    """The saved people `record` may be a duplicate of: a similar name (the same folded name when not
    `fuzzy`, as an import of thousands of rows must) and the evidence for it. `people` is the store's
    People (its folded-name index)."""
    name = record.get("name") or ""
    if not name.strip():
        return []
    names = similar_names(people.by_name.keys(), name) if fuzzy else [(fold(name), 100.0)]
    found = []
    for folded, score in names:
        for person_id in sorted(people.by_name.get(folded)):
            if person_id == exclude:
                continue
            other = people.raw(person_id)
            evidence = judge(record, other, same_name=score >= 100)
            if evidence.possible_duplicate:
                found.append(Candidate(person_id, other["name"], other.get("organization"), round(score, 1), evidence))
    return found
