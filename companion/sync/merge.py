"""What two replicas of one document become: the one policy for combining concurrent changes.

Pure, and the same whichever side runs it: every part of a replica only ever grows by taking the later
of two stamps (a join, in the CRDT sense), so merge(a, b) == merge(b, a), merging again changes nothing,
and the order in which replicas meet does not matter. Every machine that has seen the same changes holds
the same document, with no coordinator and no protocol of our own.

The rules, which keep what each person meant:
* A field is last-writer-wins by its hybrid-clock stamp (hlc.py: the device id breaks ties).
* A list field is a set whose every element carries when it was last added and last removed: it is there
  when its last add is later than its last remove. So an element removed on one side and kept on the
  other follows the later act, and two sides adding different elements keep both.
* A free-text field (a note) keeps every text written without having seen the others (its heads), shown
  the latest first between visible dividers; the next edit of the shown text replaces them all. What each
  device's edit had seen is a per-device stamp (a version vector), so "had seen" is exact.
* An edit beats a concurrent delete: a delete records every device's latest write it had seen, and any
  write beyond those brings the document back (the engine tells the user).
* A person merged into another is a redirect (`merged_into`, last-writer-wins), never brought back: an
  edit of it belongs to the survivor, where the sync engine carries it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from companion.sync.hlc import parse_stamp

# Between two texts kept from concurrent edits: a line anyone reading the note sees and understands.
TEXT_DIVIDER = "\n\n· · ·\n\n"
Versions = Mapping[str, str]  # device id -> the latest stamp of theirs that was seen


@dataclass(frozen=True)
class Value:
    """A last-writer-wins field: its value and the stamp of the write."""

    value: Any
    stamp: str


@dataclass(frozen=True)
class Member:
    """One element of a list field: the stamps of its last add and last remove ("" for never)."""

    added: str = ""
    removed: str = ""

    @property
    def present(self) -> bool:
        return self.added > self.removed


@dataclass(frozen=True)
class Text:
    """A free-text field: the texts no other write had seen (by stamp), and what its writers had seen."""

    heads: Mapping[str, str] = field(default_factory=dict)
    seen: Versions = field(default_factory=dict)

    def shown(self) -> str:
        """The text a person reads: the latest first, each other one after a divider."""
        return TEXT_DIVIDER.join(text for _, text in sorted(self.heads.items(), reverse=True) if text)


@dataclass(frozen=True)
class Replica:
    """A document as one replica knows it.

    `writes`: each device's latest write to it; `deleted`: the delete's stamp ("" when alive) and
    `deleted_seen`: the writes that delete had seen; `merged_into`: the global id of the person this one
    was merged into, with its stamp."""

    fields: Mapping[str, Value] = field(default_factory=dict)
    sets: Mapping[str, Mapping[str, Member]] = field(default_factory=dict)
    texts: Mapping[str, Text] = field(default_factory=dict)
    writes: Versions = field(default_factory=dict)
    deleted: str = ""
    deleted_seen: Versions = field(default_factory=dict)
    merged_into: Value | None = None

    @property
    def alive(self) -> bool:
        """Not merged away, and not deleted unless written since in a way the delete had not seen."""
        if self.merged_into is not None and self.merged_into.value:
            return False
        return not self.deleted or _beyond(self.writes, self.deleted_seen)

    def present(self, name: str) -> list[str]:
        """The elements of list field `name` that are there, in a stable order."""
        return sorted(element for element, member in self.sets.get(name, {}).items() if member.present)

    def value(self, name: str, default: Any = None) -> Any:
        if name in self.texts:
            return self.texts[name].shown()
        current = self.fields.get(name)
        return default if current is None else current.value


def _beyond(writes: Versions, seen: Versions) -> bool:
    return any(stamp > seen.get(device, "") for device, stamp in writes.items())


def _later(a: Versions, b: Versions) -> dict[str, str]:
    return {device: max(a.get(device, ""), b.get(device, "")) for device in sorted(a.keys() | b.keys())}


def _later_value(a: Value | None, b: Value | None) -> Value | None:
    if a is None or b is None:
        return a or b
    if a.stamp != b.stamp:
        return a if a.stamp > b.stamp else b
    # One stamp names one write, so honest replicas agree; should they not, both sides still pick alike.
    return a if repr(a.value) >= repr(b.value) else b


def _merge_members(a: Mapping[str, Member], b: Mapping[str, Member]) -> dict[str, Member]:
    merged = {}
    for element in sorted(a.keys() | b.keys()):
        first, second = a.get(element, Member()), b.get(element, Member())
        merged[element] = Member(max(first.added, second.added), max(first.removed, second.removed))
    return merged


def _merge_text(a: Text, b: Text) -> Text:
    """A head survives unless the other side had seen it and kept it no longer."""
    heads = {}
    for mine, other in ((a, b), (b, a)):
        for stamp, text in mine.heads.items():
            if stamp in other.heads or stamp > other.seen.get(_device(stamp), ""):
                heads[stamp] = text
    return Text(dict(sorted(heads.items())), _later(a.seen, b.seen))


def _device(stamp: str) -> str:
    return parse_stamp(stamp)[2]


def merge(a: Replica, b: Replica) -> Replica:
    """What replicas `a` and `b` of one document become."""
    fields = {name: _later_value(a.fields.get(name), b.fields.get(name))
              for name in sorted(a.fields.keys() | b.fields.keys())}
    sets = {name: _merge_members(a.sets.get(name, {}), b.sets.get(name, {}))
            for name in sorted(a.sets.keys() | b.sets.keys())}
    texts = {name: _merge_text(a.texts.get(name, Text()), b.texts.get(name, Text()))
             for name in sorted(a.texts.keys() | b.texts.keys())}
    return Replica(fields, sets, texts, _later(a.writes, b.writes),  # type: ignore[arg-type]
                   max(a.deleted, b.deleted), _later(a.deleted_seen, b.deleted_seen),
                   _later_value(a.merged_into, b.merged_into))


# -- writes: what one device does to its own replica ----------------------------------------------------
def _members(current: Mapping[str, Member], elements: Iterable[str], stamp: str) -> dict[str, Member] | None:
    """A list field made exactly `elements` at `stamp`; None when it already is."""
    wanted = set(elements)
    members = dict(current)
    changed = False
    for element in wanted | set(members):
        member = members.get(element, Member())
        if (element in wanted) != member.present:
            members[element] = Member(stamp, member.removed) if element in wanted else Member(member.added, stamp)
            changed = True
    return members if changed else None


def _text(current: Text, text: str, stamp: str) -> Text:
    """A free text edited to `text`: it replaces every head shown."""
    seen = dict(current.seen)
    for head in current.heads:
        seen[_device(head)] = max(seen.get(_device(head), ""), head)
    seen[_device(stamp)] = stamp
    return Text({stamp: text}, seen)


def write(replica: Replica, stamp: str, values: Mapping[str, Any] | None = None,
          lists: Mapping[str, Iterable[str]] | None = None, texts: Mapping[str, str] | None = None) -> Replica:
    """Several fields written at once at `stamp`: `values` last-writer-wins, `lists` made exactly those
    elements, `texts` edited. The replica as it was when nothing changes."""
    fields = {**replica.fields, **{name: Value(value, stamp) for name, value in (values or {}).items()}}
    sets = dict(replica.sets)
    for name, elements in (lists or {}).items():
        members = _members(replica.sets.get(name, {}), elements, stamp)
        if members is not None:
            sets[name] = members
    edited = {**replica.texts, **{name: _text(replica.texts.get(name, Text()), text, stamp)
                                  for name, text in (texts or {}).items()}}
    if not values and not texts and sets == replica.sets:
        return replica
    return replace(replica, fields=fields, sets=sets, texts=edited, writes=_wrote(replica, stamp))


def _wrote(replica: Replica, stamp: str) -> dict[str, str]:
    return {**replica.writes, _device(stamp): stamp}


def set_value(replica: Replica, name: str, value: Any, stamp: str) -> Replica:
    return write(replica, stamp, values={name: value})


def set_members(replica: Replica, name: str, elements: Iterable[str], stamp: str) -> Replica:
    """List field `name` made exactly `elements`: new ones added, missing ones removed, at `stamp`."""
    return write(replica, stamp, lists={name: elements})


def set_text(replica: Replica, name: str, text: str, stamp: str) -> Replica:
    """The text of `name` edited to `text`: it replaces every head this replica shows."""
    return write(replica, stamp, texts={name: text})


def delete(replica: Replica, stamp: str) -> Replica:
    """`replica` deleted at `stamp`, having seen every write it holds."""
    return replace(replica, deleted=max(replica.deleted, stamp), deleted_seen=_later(replica.deleted_seen, replica.writes))


def merge_into(replica: Replica, survivor: str, stamp: str) -> Replica:
    """`replica` merged into the person whose global id is `survivor`."""
    return replace(replica, merged_into=Value(survivor, stamp))


def created_by(replica: Replica) -> str | None:
    """The device that made the document (its creation time is written once, by it)."""
    created = replica.fields.get("created_at")
    return parse_stamp(created.stamp)[2] if created is not None else None


def came_back(before: Replica, after: Replica) -> bool:
    """Whether a merge brought back a document this replica had deleted (the user is told)."""
    return bool(before.deleted) and not before.alive and after.alive
