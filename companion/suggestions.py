"""Suggestions over the store: keeps the World current and today's proposals cached.

The activity index (every interaction's time per person and kind) is one of the store's indexes, built
with them and kept current from the change feed; the people views are kept current here. Proposals are
kept per person: a change re-runs the per-person rules for the people it touched only (and the few rules
that look across people), so asking after logging an interaction costs milliseconds, not a pass over
everyone.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, insort
from collections.abc import Iterable
from datetime import date, timedelta
from heapq import merge
from operator import itemgetter

from companion.errors import NotFound
from companion.models import (Insights, InteractionFields, LedgerRow, SessionItem, Suggestion, SuggestionOutcome,
                              WeekSession)
from companion.store import Store
from companion.store.indexes import Doc
from companion.suggest import Candidate, Decision, pick, proposals, rank_key, visible
from companion.suggest.insights import give_and_take, insights
from companion.suggest.ledger import Ledger
from companion.suggest.rules import PER_PERSON, RULES
from companion.suggest.world import Me, PersonView, World, stamp

ACROSS_PEOPLE = [kind for kind in RULES if kind not in PER_PERSON]  # the few rules run again on every change
PAGES_DAYS = 30  # kept pages the world holds ("share" looks at the last 14 days of them)
SESSION_SIZE = 8  # a week's session: a short queue, not the whole network


class Suggestions:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._world: World | None = None
        self._ranked: tuple[date, list[Candidate]] | None = None
        self._proposals: _Kept | None = None  # today's per-person proposals
        self._decided: dict[str, Decision] | None = None  # done, snoozed, dismissed: by suggestion id
        self._dirty: set[int] = set()
        self._ledger: Ledger | None = None  # today's reciprocity ledger, kept current
        self._ledger_dirty: set[int] = set()
        self._stale: set[str] = set()  # parts of the world to read again: "me", "changes", "pages"
        self._lock = threading.Lock()
        store.db.subscribe(self._on_change)

    def _on_change(self, table: str, doc_id: int, before: Doc | None, after: Doc | None) -> None:
        if table == "captures" and any(doc and doc.get("kind") == "page" for doc in (before, after)):
            self._ranked = None  # a kept page: "share" has something new
            self._stale.add("pages")
            return
        if table not in ("interactions", "people", "profile_changes", "me", "suggestion_state"):
            return
        self._ranked = None
        if table == "suggestion_state":
            self._decided = None
        touched: set[int] = {doc_id} if table == "people" else set()
        for doc in (before, after):
            if doc is None:
                continue
            if table == "interactions":
                touched.update(doc["person_ids"])
            elif table == "profile_changes":
                touched.add(doc["person_id"])
        self._dirty |= touched
        self._ledger_dirty |= touched
        if table in ("profile_changes", "me"):
            self._proposals = None  # the world's list of changes / the user changed: everything anew
            self._stale.add("changes" if table == "profile_changes" else "me")
        if table == "people" and self._world is not None:
            # A person changed (often only last_interaction_at, which rules read from the activity): update
            # that one view, and the counts and term index with it.
            if after is None:
                self._world.drop(doc_id)
            else:
                self._world.put(PersonView.from_doc(doc_id, after))

    def world(self) -> World:
        """The world, built once (a pass over everyone) and then kept current: people one by one from the
        change feed, the few other parts (the user, profile changes, kept pages) read again when they change."""
        with self._lock:
            if self._world is None:
                people = {person_id: PersonView.from_doc(person_id, doc) for person_id, doc in self.store.people.docs()}
                self._world = World(people, self.store.interactions.activity.current())
                self._stale = {"me", "changes", "pages"}
            world, stale, self._stale = self._world, self._stale, set()
            if "me" in stale:
                me = self.store.me.get()
                world.me = Me(tuple(me.goals), tuple(me.interests), tuple(me.offers), me.weekly_goal,
                              me.default_cadence_days, me.daily_cap, me.celebrate_lead_days)
                world.tag_cadence = dict(me.tag_cadence)
            if "changes" in stale:
                world.changes = [{**doc, "id": change_id} for change_id, doc in self.store.history.docs()]
            if "pages" in stale:
                recent = stamp(self.store.clock().date(), PAGES_DAYS)
                world.pages = [page.model_dump(mode="json") for page in self.store.captures.pages(recent)]
            return world

    def _decisions(self) -> dict[str, Decision]:
        if self._decided is None:
            self._decided = {doc["suggestion_id"]: Decision(doc["status"], date.fromisoformat(doc["until"])
                                                            if doc.get("until") else None)
                             for _, doc in self.store.suggestion_state.docs()}
        return self._decided

    def _per_person(self, world: World, today: date) -> _Kept:
        kept = self._proposals
        if kept is None or kept.today != today:
            self._proposals, self._dirty = _Kept(today, proposals(world, today, PER_PERSON)), set()
            return self._proposals
        if self._dirty:
            dirty, self._dirty = self._dirty, set()
            kept.replace(dirty, proposals(world.focus(dirty), today, PER_PERSON))
        return kept

    def ranked(self, today: date) -> list[Candidate]:
        cached = self._ranked
        if cached is not None and cached[0] == today:
            return cached[1]
        world = self.world()
        across = sorted(((rank_key(c), c) for c in proposals(world, today, ACROSS_PEOPLE)), key=itemgetter(0))
        ordered = merge(self._per_person(world, today).order, across, key=itemgetter(0))
        result = visible((candidate for _, candidate in ordered), today, self._decisions())
        self._ranked = (today, result)
        return result

    def today(self, today: date, limit: int | None = None) -> tuple[list[Suggestion], int]:
        today_list = self.ranked(today)
        chosen = pick(today_list, limit or self.world().me.daily_cap)
        people = self.world().people
        return [_model(candidate, [people[p].name for p in candidate.people if p in people])
                for candidate in chosen], len(today_list)

    def about(self, person_id: int, today: date) -> list[Suggestion]:
        """Today's suggestions that involve this person, best first, whether or not the daily cap let them
        into today's list (the card on their page says what to do with them; snoozed and dismissed ones stay out)."""
        people = self.world().people
        return [_model(candidate, [people[p].name for p in candidate.people if p in people])
                for candidate in self.ranked(today) if person_id in candidate.people]

    def session(self, today: date, limit: int = SESSION_SIZE) -> WeekSession:
        """The weekly session: today's picks first, then the rest of what is due, each person once, with the
        context a message needs (their last notes, what they share with the user, what was promised them)."""
        world = self.world()
        ranked_today = self.ranked(today)
        picked = pick(ranked_today, world.me.daily_cap)
        queue, seen = [], set()
        for candidate in [*picked, *(c for c in ranked_today if c not in picked)]:
            person_id = candidate.people[0] if candidate.people else None
            if person_id is None or person_id in seen or person_id not in world.people:
                continue
            seen.add(person_id)
            queue.append(self._session_item(candidate, person_id))
            if len(queue) >= limit:
                break
        monday = today - timedelta(days=today.weekday())
        done = world.activity.count_all(stamp(monday), stamp(monday + timedelta(days=7)))
        return WeekSession(week_start=monday, goal=world.me.weekly_goal, done=done, items=queue)

    def _session_item(self, candidate: Candidate, person_id: int) -> SessionItem:
        store, world = self.store, self.world()
        person = store.people.get(person_id)
        timeline, _ = store.interactions.timeline(person_id, limit=20)
        mine = {item.casefold() for item in (*world.me.interests, *world.me.goals)}
        shared = [item for item in dict.fromkeys([*person.interests, *person.goals]) if item.casefold() in mine]
        tasks, _ = store.tasks.search("open", person_id, limit=20)
        names = [world.people[p].name for p in candidate.people if p in world.people]
        return SessionItem(suggestion=_model(candidate, names), person=person,
                           last_notes=[item for item in timeline if item.note][:2], shared=shared,
                           promises=[task for task in tasks if task.origin == "promise"])

    def give_and_take(self, person_id: int, today: date) -> LedgerRow:
        return LedgerRow.model_validate(give_and_take(self.world(), person_id, today))

    def insights(self, today: date) -> Insights:
        world = self.world()
        with self._lock:
            if self._ledger is None or self._ledger.today != today:
                self._ledger, self._ledger_dirty = Ledger(world, today), set()
            elif self._ledger_dirty:
                dirty, self._ledger_dirty = self._ledger_dirty, set()
                self._ledger.refresh(world, dirty)
            return Insights.model_validate(insights(world, today, self._ledger))

    def act(self, suggestion_id: str, action: str, today: date, days: int = 7) -> SuggestionOutcome:
        candidate = next((c for c in self.ranked(today) if c.id == suggestion_id), None)
        if candidate is None:
            raise NotFound(f"there is no suggestion {suggestion_id} today", {"id": "not among today's suggestions"})
        interaction_id = None
        with self.store.db.transaction():
            if action == "done" and candidate.implies and candidate.people:
                logged = self.store.interactions.log(InteractionFields(
                    person_ids=list(candidate.people), kind=candidate.implies,
                    note=f"done from a suggestion: {candidate.text}"))
                interaction_id = logged.id
            until = today + timedelta(days=days) if action == "snooze" else None
            status = {"done": "done", "snooze": "snoozed", "dismiss": "dismissed"}[action]
            self.store.suggestion_state.set(suggestion_id, status, until, kind=candidate.kind,
                                            person_ids=candidate.people, key=candidate.key)
        return SuggestionOutcome(id=suggestion_id, status=status, until=until, interaction_id=interaction_id)


def _model(candidate: Candidate, names: list[str]) -> Suggestion:
    return Suggestion(id=candidate.id, kind=candidate.kind, person_ids=list(candidate.people), names=names,  # type: ignore[arg-type]
                      score=candidate.score, text=candidate.text, why=candidate.why, params=candidate.params,
                      due=candidate.due, actions=list(candidate.actions))  # type: ignore[arg-type]


RankedPair = tuple[tuple[float, str, tuple[int, ...], str], Candidate]


class _Kept:
    """Today's proposals of the per-person rules, by person and in rank order: a change replaces the
    proposals of the people it touched, so the order is kept, never sorted anew."""

    def __init__(self, today: date, found: Iterable[Candidate]) -> None:
        self.today = today
        self.by_person: dict[int, list[Candidate]] = {}
        for candidate in found:
            self.by_person.setdefault(candidate.people[0], []).append(candidate)
        self.order: list[RankedPair] = sorted(((rank_key(c), c) for group in self.by_person.values() for c in group),
                                              key=itemgetter(0))

    def replace(self, person_ids: set[int], found: Iterable[Candidate]) -> None:
        for person_id in person_ids:
            for candidate in self.by_person.pop(person_id, []):
                key = rank_key(candidate)
                index = bisect_left(self.order, key, key=itemgetter(0))
                del self.order[index]
        for candidate in found:
            self.by_person.setdefault(candidate.people[0], []).append(candidate)
            insort(self.order, (rank_key(candidate), candidate), key=itemgetter(0))
