"""The desk's search, with the examples the foundation issue names."""

from __future__ import annotations

import pytest

from kiosk.checkin import check_in
from kiosk.search import browse, search
from kiosk.store import Store
from tests.factories import add_attendees

PEOPLE = ["Anna Müller", "Jan Łukasiewicz", "Søren Kierkegaard", "Ελένη Παπαδοπούλου", "王芳", "王小明",
          "李伟", "박지훈", "Karl Groß", "José Núñez", "Mumtaz Ali", "Jorge Muñoz", "Samuel Mumford"]


@pytest.fixture
def people(store: Store) -> Store:
    add_attendees(store, *PEOPLE)
    add_attendees(store, "Erik Lund", organisation="Müller Engineering", city="Malmö")
    return store


def names(store: Store, query: str) -> list[str]:
    return [hit.attendee.name for hit in search(store.conn, query)]


@pytest.mark.parametrize(("query", "expected"), [
    ("muller", "Anna Müller"), ("lukasiewicz", "Jan Łukasiewicz"), ("soren", "Søren Kierkegaard"),
    ("ελενη", "Ελένη Παπαδοπούλου"), ("gross", "Karl Groß"), ("jose nunez", "José Núñez"),
    ("MÜLLER", "Anna Müller"), ("anna mu", "Anna Müller"),
])
def test_typed_on_an_english_keyboard_finds_the_name(people: Store, query: str, expected: str) -> None:
    assert names(people, query)[0] == expected


def test_one_cjk_character_finds_every_name_containing_it(people: Store) -> None:
    assert sorted(names(people, "王")) == ["王小明", "王芳"]
    assert names(people, "芳") == ["王芳"]
    assert names(people, "지훈") == ["박지훈"]


def test_the_japanese_iteration_mark_is_a_character_too(store: Store) -> None:
    add_attendees(store, "佐々木 花子")
    assert names(store, "々") == ["佐々木 花子"]
    assert names(store, "佐々木") == ["佐々木 花子"]


def test_a_one_letter_typo_still_finds_the_name(people: Store) -> None:
    hits = search(people.conn, "kirkegaard")
    assert [h.attendee.name for h in hits] == ["Søren Kierkegaard"]
    assert hits[0].match == "fuzzy"
    assert names(people, "lukasiewitz") == ["Jan Łukasiewicz"]


def test_fuzzy_is_only_a_fallback(people: Store) -> None:
    assert [h.match for h in search(people.conn, "kierkegaard")] == ["name-prefix"] or \
        [h.match for h in search(people.conn, "kierkegaard")] == ["name"]
    assert names(people, "zzzzzzz") == []


def test_name_prefix_matches_rank_first(people: Store) -> None:
    hits = search(people.conn, "mu")
    ranked = [(h.attendee.name, h.match) for h in hits]
    assert ranked[0] == ("Mumtaz Ali", "name-prefix")
    # a word of the name next, then other fields (the organisation "Müller Engineering")
    assert [m for _, m in ranked] == sorted((m for _, m in ranked), key=["name-prefix", "name", "other"].index)
    assert ("Erik Lund", "other") in ranked
    assert {"Anna Müller", "Jorge Muñoz", "Samuel Mumford"} <= {n for n, m in ranked if m == "name"}


def test_other_fields_and_codes_are_searchable(people: Store) -> None:
    assert names(people, "malmo") == ["Erik Lund"]
    code = search(people.conn, "Karl Groß")[0].attendee.code
    hit = search(people.conn, code)[0]
    assert hit.attendee.name == "Karl Groß" and hit.match == "code"
    assert search(people.conn, code.upper())[0].attendee.name == "Karl Groß"


def test_results_say_who_is_checked_in_today(people: Store) -> None:
    anna = search(people.conn, "anna")[0].attendee
    check_in(people, anna.code, day=1, desk="Desk 1")
    assert search(people.conn, "anna", day=1)[0].checked_in
    assert not search(people.conn, "anna", day=2)[0].checked_in


def test_empty_query_finds_nothing_but_browse_lists_everybody(people: Store) -> None:
    assert search(people.conn, "  ") == []
    listed = [h.attendee.name for h in browse(people.conn, "", limit=100)]
    assert len(listed) == len(PEOPLE) + 1
    assert listed[0] == "Anna Müller"


def test_queries_with_fts_syntax_are_harmless(people: Store) -> None:
    for query in ['"', "AND", "a OR b", "name:x", "*", "(", "NEAR(", "'; DROP TABLE attendees; --"]:
        search(people.conn, query)
    assert len(browse(people.conn, "", limit=100)) == len(PEOPLE) + 1


def test_limit_is_respected(people: Store) -> None:
    assert len(search(people.conn, "mu")) >= 5
    assert len(search(people.conn, "mu", limit=2)) == 2
