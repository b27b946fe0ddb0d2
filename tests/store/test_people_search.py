"""Search reads the indexes: word prefixes of names, organizations, addresses and handles, tags and
organizations as filters, in list order, kept current as people change (and on rollback)."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.models import PersonFields
from companion.store import Store
from tests.support import FixedClock


def add(store: Store, name: str, **fields: object) -> int:
    return store.people.create(PersonFields.model_validate({"name": name, **fields})).id


def names(store: Store, **query: object) -> tuple[list[str], int]:
    people, total = store.people.search(**query)  # type: ignore[arg-type]
    return [person.name for person in people], total


def test_each_typed_word_begins_a_word_of_the_name_organization_address_or_handle(store: Store) -> None:
    add(store, "Ada Lovelace", organization="Analytical Engines", emails=["ada@example.org"])
    add(store, "Grace Hopper", urls=[{"url": "https://github.com/ghopper"}])
    add(store, "مریم رحیمی", organization="دانشگاه شریف")
    add(store, "Çelik Kaya")
    assert names(store, q="lov") == (["Ada Lovelace"], 1)
    assert names(store, q="LOVELACE ada") == (["Ada Lovelace"], 1)  # any order, any case
    assert names(store, q="analyt") == (["Ada Lovelace"], 1)
    assert names(store, q="ada@exa") == (["Ada Lovelace"], 1)
    assert names(store, q="ghop") == (["Grace Hopper"], 1)
    assert names(store, q="شریف") == (["مریم رحیمی"], 1)
    assert names(store, q="celik") == (["Çelik Kaya"], 1)  # typed without the cedilla
    assert names(store, q="velace") == ([], 0)  # the middle of a word is not where anyone starts typing
    assert names(store, q="ada hopper") == ([], 0)


def test_filters_combine_and_the_list_order_is_by_name(store: Store) -> None:
    for name in ["Zed Acme", "Bea Acme", "ama", "Ámos"]:
        add(store, name, organization="Acme Corp", tags=["Client"])
    add(store, "Bob", organization="Other", tags=["client"])
    assert names(store, organization="acme") == (["ama", "Ámos", "Bea Acme", "Zed Acme"], 4)
    assert names(store, tag="CLIENT", organization="acme", limit=2, offset=1) == (["Ámos", "Bea Acme"], 4)
    assert names(store, q="acme", tag="client") == (["ama", "Ámos", "Bea Acme", "Zed Acme"], 4)
    assert names(store, limit=2) == (["ama", "Ámos"], 5)
    assert names(store, tag="nobody") == ([], 0)


@pytest.mark.parametrize("people", [40, 400])
def test_a_search_matching_many_walks_the_order_and_pages_like_a_sort(store: Store, people: int) -> None:
    """Below the walking share the matches are sorted; above it the order is walked: both page alike."""
    for n in range(people):
        add(store, f"Person {people - n:04d}", tags=["even" if n % 2 else "odd"])
    expected = sorted((f"Person {people - n:04d}" for n in range(people) if n % 2), key=str.casefold)
    assert names(store, tag="even", limit=7, offset=3) == (expected[3:10], people // 2)
    assert names(store, q="person", limit=5, offset=people - 3)[0] == [f"Person {n:04d}" for n in range(people - 2, people + 1)]


def test_the_indexes_follow_renames_deletes_and_rollbacks(store: Store) -> None:
    ada = add(store, "Ada Lovelace", tags=["math"])
    store.people.update(ada, PersonFields(name="Ada King", tags=["poetry"]))
    assert names(store, q="lovelace") == ([], 0)
    assert names(store, q="king") == (["Ada King"], 1)
    assert names(store, tag="math") == ([], 0) and names(store, tag="poetry") == (["Ada King"], 1)
    with pytest.raises(RuntimeError), store.db.transaction():
        add(store, "Grace Hopper")
        raise RuntimeError("rolled back")
    assert names(store) == (["Ada King"], 1)
    store.people.delete(ada)
    assert names(store, q="ada") == ([], 0) and names(store) == ([], 0)


def test_a_narrow_search_on_a_list_order_not_built_yet_sorts_by_name(tmp_path: Path, clock: FixedClock) -> None:
    """A few matches among many are sorted by their place in the list order, read from its index: on a
    store just opened, that index is built by the search itself."""
    store = Store(tmp_path / "data", clock)
    for number in range(100):  # two matches in a hundred: sorted, not walked (people.py, _WALK_SHARE)
        add(store, f"Member {number:02d}")
    add(store, "Zoë Rare")
    add(store, "Ada Rare")
    store.close()
    reopened = Store(tmp_path / "data", clock)
    try:
        assert names(reopened, q="rare") == (["Ada Rare", "Zoë Rare"], 2)
    finally:
        reopened.close()
