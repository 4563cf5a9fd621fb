"""From a hub on the network a desk reads ahead (kiosk.sync.client): it fetches the next page while it stores
the current one, and reads its next batch while the hub takes the current push. Neither may change what
ends up where: every event once, the cursor stored with the events it covers, a failed read-ahead costing
nothing, a page read ahead from a hub that turned out to be another one thrown away."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from kiosk.rebuild import snapshot
from kiosk.store import Store
from kiosk.sync import log, pages
from kiosk.sync.backup import backup
from kiosk.sync.client import LocalHub, sync_once
from kiosk.sync.http import HubUnreachable
from kiosk.sync.log import Page
from kiosk.sync.pages import NOTHING_HELD, Held
from tests.conftest import small_config
from tests.factories import add_attendees

PAGE = 7  # small pages: a round takes many, each read ahead


class ReadAheadHub(LocalHub):
    """The hub's store in process, but pulled and pushed to the way HttpHub is: from another thread, ahead."""

    pipelined = True

    def __init__(self, store: Store, fail_on_pull: int = 0) -> None:
        super().__init__(store)
        self.pulls: list[tuple[int, str]] = []  # (cursor asked for, the thread that asked)
        self.fail_on_pull = fail_on_pull

    def pull(self, cursor: int, held: Held = NOTHING_HELD) -> Page:
        self.pulls.append((cursor, threading.current_thread().name))
        if len(self.pulls) == self.fail_on_pull:
            raise HubUnreachable("the Wi-Fi dropped mid-round")
        return pages.since(self.store, cursor, limit=PAGE, hub=self.hub_id, held=held)


def _stores(tmp_path: Path) -> tuple[Store, Store, Store]:
    return tuple(Store.open(tmp_path / f"{name}.sqlite", name) for name in ("hub", "desk-a", "desk-b"))  # type: ignore[return-value]


def _cursor_matches_events(desk: Store, hub_store: Store) -> bool:
    """The stored cursor covers exactly the events the desk holds of the hub's log."""
    cursor = int(log.state(desk, "pull_cursor", "0"))
    upto = {row[0] for row in hub_store.conn.execute("SELECT id FROM events WHERE rowid <= ?", (cursor,))}
    return upto == {e.id for e in desk.events()}


def test_pages_read_ahead_arrive_once_each_in_order(tmp_path: Path) -> None:
    hub_store, a, b = _stores(tmp_path)
    try:
        a.set_config(small_config(), actor="t")
        add_attendees(a, *(f"Person {n}" for n in range(60)))
        hub = ReadAheadHub(hub_store)
        assert sync_once(a, hub).level  # pushed with the next batch read ahead
        assert {e.id for e in hub_store.events()} == {e.id for e in a.events()}
        hub.pulls.clear()
        done = sync_once(b, hub)
        assert done.level and done.pulled == a.event_count()
        cursors = [cursor for cursor, _ in hub.pulls]
        assert cursors == sorted(set(cursors)), "a page asked for twice, or out of order"
        assert len(cursors) >= a.event_count() // PAGE
        assert {name for _, name in hub.pulls[1:]} == {"kiosk-pull_0"}  # all but the first read ahead
        assert snapshot(b.conn) == snapshot(a.conn)
        assert _cursor_matches_events(b, hub_store)
    finally:
        for store in (hub_store, a, b):
            store.close()


@pytest.mark.parametrize("failing", [1, 2, 5])
def test_a_failed_read_ahead_costs_nothing_and_the_next_round_finishes(tmp_path: Path, failing: int) -> None:
    hub_store, a, b = _stores(tmp_path)
    try:
        a.set_config(small_config(), actor="t")
        add_attendees(a, *(f"Person {n}" for n in range(40)))
        assert sync_once(a, LocalHub(hub_store)).level
        with pytest.raises(HubUnreachable):
            sync_once(b, ReadAheadHub(hub_store, fail_on_pull=failing))
        held_before = b.event_count()
        assert held_before == min(a.event_count(), (failing - 1) * PAGE)  # the pages before the failure
        assert _cursor_matches_events(b, hub_store)
        done = sync_once(b, ReadAheadHub(hub_store))
        assert done.level and done.pulled == a.event_count() - held_before
        assert sorted(e.id for e in b.events()) == sorted(e.id for e in a.events())
    finally:
        for store in (hub_store, a, b):
            store.close()


def test_a_page_read_ahead_from_a_hub_that_turned_out_restored_is_thrown_away(tmp_path: Path) -> None:
    hub_store, a, b = _stores(tmp_path)
    try:
        a.set_config(small_config(), actor="t")
        add_attendees(a, *(f"Person {n}" for n in range(20)))
        assert sync_once(a, LocalHub(hub_store)).level and sync_once(b, LocalHub(hub_store)).level
        add_attendees(a, *(f"Next {n}" for n in range(30)))  # b has not seen these: pages of them wait for b
        assert sync_once(a, LocalHub(hub_store)).level
        copy = backup(hub_store, tmp_path / "hub.backup")
        add_attendees(a, *(f"Later {n}" for n in range(10)))
        assert sync_once(a, LocalHub(hub_store)).level
        hub_store.close()  # the hub's disk dies; its backup from before the later attendees is put back
        for suffix in ("", "-wal", "-shm"):
            Path(f"{hub_store.path}{suffix}").unlink(missing_ok=True)
        shutil.copy(copy, hub_store.path)
        hub_store = Store.open(hub_store.path, "hub")
        restored = ReadAheadHub(hub_store)
        sync_once(b, restored)  # b meets the new hub first: its first page (full) says so, the one read ahead goes
        assert restored.pulls[:3] == [(int(restored.pulls[0][0]), "MainThread"),
                                      (restored.pulls[0][0] + PAGE, "kiosk-pull_0"), (0, "MainThread")]
        for desk in (a, b):
            sync_once(desk, restored)
        assert {e.id for e in hub_store.events()} == {e.id for e in a.events()} == {e.id for e in b.events()}
        assert snapshot(b.conn) == snapshot(a.conn) == snapshot(hub_store.conn)
        assert _cursor_matches_events(b, hub_store)
    finally:
        for store in (hub_store, a, b):
            store.close()
