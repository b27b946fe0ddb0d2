"""A realistic store for the bench: what a long-used network holds, written in Tend's snapshot format.

People have names in several scripts (Latin, Persian, Bengali), organizations, titles, places, tags,
interests, a profile link and an address; interactions carry a note of about 80 characters and spread
over three years. A thinner store flatters every figure that depends on the documents' size (memory,
loading, exports), which is why the bench builds this one.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from companion.models import format_timestamp
from companion.store.files import write_atomic
from companion.store.snapshot import encode_snapshot

FIRST = ["Ada", "Grace", "Alan", "Sara", "Omid", "Leila", "Maryam", "Reza", "Arash", "Nasrin", "Rahim", "Tania",
         "Sadia", "Farhan", "Nusrat", "Lena", "Jonas", "Mina", "Kenji", "Amara", "Diego", "Chloé", "Zoë", "Ismail",
         "مریم", "امید", "لیلا", "رضا", "آرش", "نسرین", "সাদিয়া", "ফারহান", "নুসরাত", "রহিম", "তানিয়া", "Élodie",
         "Mateo", "Aisha", "Yusuf", "Priya", "Ravi", "Hana", "Noor", "Tomás", "Ingrid", "Olu", "Ngozi", "Wei"]
LAST = ["Lovelace", "Hopper", "Turing", "Rahimi", "Karimi", "Hosseini", "Ahmed", "Chowdhury", "Islam", "Müller",
        "Schmidt", "Tanaka", "Okafor", "García", "Martin", "Dubois", "Rossi", "Kowalski", "Novak", "Silva",
        "رحیمی", "کریمی", "حسینی", "احمدی", "চৌধুরী", "ইসলাম", "আহমেদ", "হোসেন", "Nakamura", "Haddad", "Costa",
        "Andersson", "Nilsen", "Jensen", "Yilmaz", "Çelik", "Kaya", "Mensah", "Boateng", "Singh", "Patel", "Khan"]
ORG_WORDS = ["Labs", "Systems", "Health", "Energy", "Studio", "Partners", "Foundation", "University", "Bank",
             "Robotics", "Media", "Analytics", "Capital", "Works", "Collective", "Institute", "Cloud", "Bio"]
ORG_STEMS = ["Aurora", "Northwind", "Blue Fern", "Kite", "Meridian", "Quartz", "Saffron", "Tidal", "Orchard",
             "Lumen", "Harbor", "Pioneer", "Cedar", "Atlas", "Nimbus", "Vertex", "Copper", "Juniper", "Sable",
             "پارس", "آینده", "নবীন", "সোনার"]
TITLES = ["Software Engineer", "Product Manager", "Designer", "Researcher", "Founder", "Recruiter", "Data Scientist",
          "Community Organizer", "Professor", "Student", "Investor", "Writer", "Nurse", "Architect", "Teacher"]
PLACES = ["Berlin", "Tehran", "Dhaka", "London", "Lagos", "Toronto", "São Paulo", "Tokyo", "Paris", "Nairobi",
          "Istanbul", "Shiraz", "Chittagong", "Lisbon", "Madrid", "New York", "Bangalore", "Oslo", "تهران", "ঢাকা"]
TAGS = ["friend", "work", "mentor", "mentee", "conference", "alumni", "neighbour", "investor", "client", "family",
        "book-club", "climbing", "open-source", "hiring", "speaker", "volunteer", "دوست", "همکار", "বন্ধু", "সহকর্মী"]
INTERESTS = ["climate", "distributed systems", "poetry", "rust", "ux research", "public health", "football",
             "photography", "machine learning", "urban design", "jazz", "education", "startups", "privacy",
             "typography", "gardening", "chess", "cycling", "شعر", "عکاسی", "কবিতা", "ফুটবল", "open data",
             "accessibility", "product strategy", "fundraising", "translation", "music", "hiking", "cooking"]
HOW_MET = ["at a conference", "introduced by a friend", "university", "a meetup", "online", "former colleague",
           "در یک همایش", "বন্ধুর মাধ্যমে"]
NOTE_PARTS = ["Caught up over coffee about", "Long call on", "Quick message thread about", "Met at the meetup and talked",
              "Helped with an intro regarding", "Thanked them for the feedback on", "Shared notes on",
              "دربارهٔ پروژهٔ تازه صحبت کردیم و", "নতুন কাজ নিয়ে কথা হলো এবং"]
NOTE_TOPICS = ["their new role and the team they are hiring for", "the grant application due next month",
               "a book they recommended; promised to send the article", "moving to a new city and finding a flat",
               "the open-source project they maintain and its roadmap", "a talk they are preparing for spring"]
KINDS = ["met", "call", "message", "email", "coffee", "meeting", "event", "intro", "thanks", "helped_me",
         "helped_them"]
YEARS = 3


def person(rng: random.Random, i: int, now: datetime) -> dict[str, Any]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    created = format_timestamp(now - timedelta(days=rng.randint(0, 365 * YEARS)))
    doc: dict[str, Any] = {
        "name": f"{first} {last}", "headline": f"{rng.choice(TITLES)} at {rng.choice(ORG_STEMS)}",
        "title": rng.choice(TITLES), "organization": f"{rng.choice(ORG_STEMS)} {rng.choice(ORG_WORDS)}",
        "location": rng.choice(PLACES),
        "emails": [f"{first.lower()}.{i}@example.org"],
        "urls": [{"url": f"https://www.linkedin.com/in/person-{i}", "kind": "linkedin"}],
        "tags": rng.sample(TAGS, rng.randint(1, 3)), "interests": rng.sample(INTERESTS, rng.randint(2, 4)),
        "how_met": rng.choice(HOW_MET), "revision": rng.randint(1, 4), "created_at": created, "updated_at": created}
    if rng.random() < 0.2:
        doc["cadence_days"] = rng.choice([14, 30, 90, 180])
    if rng.random() < 0.3:
        doc["birthday"] = {"month": rng.randint(1, 12), "day": rng.randint(1, 28)}
    return doc


def interaction(rng: random.Random, people: int, now: datetime) -> dict[str, Any]:
    when = format_timestamp(now - timedelta(minutes=rng.randint(1, 60 * 24 * 365 * YEARS)))
    ids = [rng.randint(1, people)] if rng.random() < 0.9 else rng.sample(range(1, people + 1), 2)
    return {"person_ids": ids, "kind": rng.choice(KINDS),
            "note": f"{rng.choice(NOTE_PARTS)} {rng.choice(NOTE_TOPICS)}.", "occurred_at": when,
            "created_at": when, "updated_at": when}


def tables(people: int, interactions: int, now: datetime) -> dict[str, dict[str, dict[str, Any]]]:
    """The people and interactions tables, by id as text, each person's last_interaction_at kept as Tend
    keeps it. Seeded: the same sizes give the same store."""
    rng = random.Random(1)
    people_table = {str(i): person(rng, i, now) for i in range(1, people + 1)}
    table = {}
    for i in range(1, interactions + 1):
        doc = interaction(rng, people, now)
        table[str(i)] = doc
        for person_id in doc["person_ids"]:
            mine = people_table[str(person_id)]
            if mine.get("last_interaction_at", "") < doc["occurred_at"]:
                mine["last_interaction_at"] = doc["occurred_at"]
    return {"people": people_table, "interactions": table}


def write(data_dir: Path, store: dict[str, dict[str, dict[str, Any]]]) -> None:
    """The tables straight in the snapshot format, as Tend writes it when compacting."""
    data_dir.mkdir(mode=0o700, parents=True)
    write_atomic(data_dir / "tend.json", encode_snapshot(store, seq=0, journaled=False))  # as a restored backup is


def search_terms(rng: random.Random, people: dict[str, dict[str, Any]], count: int) -> list[str]:
    """What people type into search: two to five letters of a word of a stored name or organization."""
    docs = list(people.values())
    terms = []
    for _ in range(count):
        doc = rng.choice(docs)
        word = rng.choice((doc["name"] + " " + doc["organization"]).split())
        terms.append(word[: rng.randint(2, 5)])
    return terms
