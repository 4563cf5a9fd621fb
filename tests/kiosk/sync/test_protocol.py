"""The sync protocol's promises, one by one: a push is idempotent by event id; the same (device, seq) under
another id is quarantined and shown, never merged or deleted; a pull's cursor moves with the events."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from kiosk.store import Store
from kiosk.sync import log
from kiosk.sync.client import LocalHub, sync_once
from tests.conftest import small_config
from tests.factories import add_attendees


def _store(tmp_path: Path, name: str) -> Store:
    return Store.open(tmp_path / f"{name}.sqlite", name)


def test_a_push_twice_adds_once_and_a_clone_is_quarantined(tmp_path: Path) -> None:
    hub, desk = _store(tmp_path, "hub"), _store(tmp_path, "desk-a")
    try:
        desk.set_config(small_config(), actor="t")
        add_attendees(desk, "Ada Lovelace")
        batch = log.to_push(desk)
        first = log.accept(hub, batch)
        assert set(first.verdicts.values()) == {"added"}
        again = log.accept(hub, batch)
        assert set(again.verdicts.values()) == {"duplicate"} and hub.event_count() == len(batch)
        clone = dataclasses.replace(batch[0], id="01a2ffff-0000-7000-8000-000000000000")  # same device + seq
        answer = log.accept(hub, [clone])
        assert answer.verdicts == {clone.id: "conflict"} and answer.conflicts == [clone.id]
        ((kept, reason, _),) = log.quarantined(hub)
        assert kept == clone and "already event" in reason and hub.event_count() == len(batch)
    finally:
        hub.close()
        desk.close()


def test_the_cursor_is_stored_with_the_events_and_a_round_ends_level(tmp_path: Path) -> None:
    hub_store, a, b = _store(tmp_path, "hub"), _store(tmp_path, "desk-a"), _store(tmp_path, "desk-b")
    hub = LocalHub(hub_store)
    try:
        a.set_config(small_config(), actor="t")
        add_attendees(a, *(f"Person {n}" for n in range(30)))
        first = sync_once(a, hub)
        assert first.pushed == a.event_count() and first.level
        page = log.since(hub_store, 0, limit=10)
        assert page.more and len(page.events) == 10
        assert log.take_page(b, page) == 10 and log.state(b, "pull_cursor") == str(page.cursor)
        rest = sync_once(b, hub)
        assert rest.pulled == a.event_count() - 10 and rest.level
        assert {e.id for e in b.events()} == {e.id for e in a.events()}
        assert sync_once(b, hub).pulled == 0  # nothing new: nothing taken twice
    finally:
        for store in (hub_store, a, b):
            store.close()
