"""Desk edits: events that fix a typo, searchable at once, refused when invalid."""

from __future__ import annotations

import pytest

from kiosk.editing import EditRefused, edit_attendee
from kiosk.rebuild import rebuild
from kiosk.search import search
from kiosk.store import Store
from tests.factories import add_attendees


def test_a_typo_fix_is_an_event_and_shows_in_search(store: Store) -> None:
    (anna,) = add_attendees(store, "Anna Mueler", organisation="TU Berlin")
    before = store.event_count()
    fixed = edit_attendee(store, anna, {"name": "  Anna   Müller ", "last_name": "Müller",
                                        "interests": ["science", "Web"]}, actor="Sam", reason="typo")
    assert fixed.name == "Anna Müller" and fixed.interests == ("Science", "Web")
    assert store.event_count() == before + 1
    body = store.conn.execute("SELECT body, actor FROM events ORDER BY rowid DESC LIMIT 1").fetchone()
    assert '"origin":"desk"' in body[0] and body[1] == "Sam"
    assert [h.attendee.name for h in search(store.conn, "muller")] == ["Anna Müller"]
    assert rebuild(store, verify=True).identical


def test_an_edit_that_changes_nothing_writes_nothing(store: Store) -> None:
    (anna,) = add_attendees(store, "Anna Müller", organisation="TU Berlin")
    before = store.event_count()
    edit_attendee(store, anna, {"organisation": "TU Berlin", "interests": []}, actor="Sam")
    assert store.event_count() == before


@pytest.mark.parametrize(("changes", "complaint"), [
    ({"status": "valid"}, "cannot be changed"),
    ({"code": "X"}, "cannot be changed"),
    ({"name": "   "}, "cannot be empty"),
    ({"interests": ["Knitting"]}, "unknown interest 'Knitting'"),
    ({"role": "Emperor"}, "unknown role"),
    ({"organisation": "x" * 300}, "longer than"),
])
def test_invalid_edits_are_refused_and_write_nothing(store: Store, changes: dict[str, object],
                                                     complaint: str) -> None:
    (anna,) = add_attendees(store, "Anna Müller")
    before = store.event_count()
    with pytest.raises(EditRefused, match=complaint):
        edit_attendee(store, anna, changes, actor="Sam")
    assert store.event_count() == before
