"""The sync protocol's promises, one by one: a push is idempotent by event id; the same (device, seq) under
another id is quarantined and shown, never merged or deleted; a pull's cursor moves with the events; a desk
or a hub put back from an older backup converges and loses nothing that still exists somewhere."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from kiosk.checkin import check_in
from kiosk.editing import edit_attendee
from kiosk.events import Event
from kiosk.rebuild import rebuild, snapshot
from kiosk.store import Store
from kiosk.sync import log, pages
from kiosk.sync.backup import backup
from kiosk.sync.client import LocalHub, sync_once
from kiosk.sync.conflicts import concurrent_edits
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


def test_one_batch_of_held_repeated_and_clashing_events_gets_the_verdict_of_each(tmp_path: Path) -> None:
    """A batch goes in with one statement when nothing in it clashes, else one event at a time: both ways give
    each event the verdict it would get alone, in the batch's order, and store the same log."""
    hub, desk = _store(tmp_path, "hub"), _store(tmp_path, "desk-a")
    try:
        desk.set_config(small_config(), actor="t")
        add_attendees(desk, "Ada Lovelace", "Grace Hopper", "Alan Turing")
        events = log.to_push(desk)
        old, new = events[:2], events[2:]
        log.accept(hub, old)
        mixed = log.accept(hub, [*old, *new])  # held ones and new ones: one statement for the new
        assert [mixed.verdicts[e.id] for e in events] == ["duplicate"] * 2 + ["added"] * len(new)
        assert hub.event_count() == len(events)
        assert mixed.high == max(e.seq for e in events)  # the one-statement way says the hub's highest seq too

        hub2 = _store(tmp_path, "hub2")
        try:
            clone = dataclasses.replace(events[1], id="01a2ffff-0000-7000-8000-000000000001")  # seq of events[1]
            answer = log.accept(hub2, [events[0], events[0], events[1], clone, *new])
            # one verdict per id: the repeat's ("duplicate"; the first copy went in)
            assert answer.verdicts[events[0].id] == "duplicate" and answer.verdicts[events[1].id] == "added"
            assert answer.verdicts[clone.id] == "conflict" and all(answer.verdicts[e.id] == "added" for e in new)
            assert [e.id for e in hub2.events()] == [e.id for e in hub.events()]  # the same log, each id once
            assert snapshot(hub2.conn) == snapshot(hub.conn)  # and the same projections
            assert [e.id for e, _, _ in log.quarantined(hub2)] == [clone.id]
        finally:
            hub2.close()
    finally:
        hub.close()
        desk.close()


def test_a_page_leaves_out_the_askers_own_acknowledged_events_and_moves_past_them(tmp_path: Path) -> None:
    hub, mine, theirs = _store(tmp_path, "hub"), _store(tmp_path, "desk-a"), _store(tmp_path, "desk-b")
    try:
        mine.set_config(small_config(), actor="t")
        add_attendees(mine, *(f"Person {n}" for n in range(12)))
        add_attendees(theirs, "Ada Lovelace")
        log.accept(hub, log.to_push(theirs))
        own = log.to_push(mine)
        log.accept(hub, own)
        acked = own[-4].seq  # as if the last three were not acknowledged yet
        everything = [e.id for e in pages.since(hub, 0, limit=1000).events]
        cursor, got, count = 0, [], 0
        while True:  # pages of 4: most of what follows the other desk's events is skipped
            page = pages.since(hub, cursor, limit=4, held=pages.Held(mine.device, acked))
            got += [e.id for e in page.events]
            cursor, count = page.cursor, count + 1
            if not page.more:
                break
        assert got == [i for i in everything if i not in {e.id for e in own if e.seq <= acked}]
        assert got[-3:] == [e.id for e in own[-3:]] and count <= 3
        assert cursor == len(everything)  # past every event, the skipped ones too: nothing is asked for again
        text = pages.since_json(hub, 0, limit=1000, held=pages.Held(mine.device, acked))
        assert [e["id"] for e in json.loads(text)["events"]] == got
        assert pages.since(hub, cursor, held=pages.Held(mine.device, acked)).events == []
    finally:
        for store in (hub, mine, theirs):
            store.close()


def test_the_cursor_is_stored_with_the_events_and_a_round_ends_level(tmp_path: Path) -> None:
    hub_store, a, b = _store(tmp_path, "hub"), _store(tmp_path, "desk-a"), _store(tmp_path, "desk-b")
    hub = LocalHub(hub_store)
    try:
        a.set_config(small_config(), actor="t")
        add_attendees(a, *(f"Person {n}" for n in range(30)))
        first = sync_once(a, hub)
        assert first.pushed == a.event_count() and first.level
        page = pages.since(hub_store, 0, limit=10)
        assert page.more and len(page.events) == 10
        assert log.take_page(b, page) == 10 and log.state(b, "pull_cursor") == str(page.cursor)
        rest = sync_once(b, hub)
        assert rest.pulled == a.event_count() - 10 and rest.level
        assert {e.id for e in b.events()} == {e.id for e in a.events()}
        assert sync_once(b, hub).pulled == 0  # nothing new: nothing taken twice
    finally:
        for store in (hub_store, a, b):
            store.close()


def _put_back(store: Store, copy: Path) -> Store:
    """The store's file is lost and `copy` (a kiosk backup) is put in its place, same device id."""
    store.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store.path}{suffix}").unlink(missing_ok=True)
    shutil.copy(copy, store.path)
    return Store.open(store.path, store.device)


@pytest.mark.parametrize("first", ["push", "pull"])
def test_a_desk_restored_from_an_old_backup_moves_its_new_events_and_loses_nothing(tmp_path: Path,
                                                                                   first: str) -> None:
    hub_store, desk, other = _store(tmp_path, "hub"), _store(tmp_path, "desk-a"), _store(tmp_path, "desk-b")
    hub = LocalHub(hub_store)
    try:
        desk.set_config(small_config(), actor="t")
        ada, alan, grace = add_attendees(desk, "Ada Lovelace", "Alan Turing", "Grace Hopper")
        copy = backup(desk, tmp_path / "desk-a.backup")
        check_in(desk, ada, day=1, desk="Desk A")  # after the backup: reaches the hub, then the file dies
        edit_attendee(desk, alan, {"city": "Graz"}, actor="v")
        assert sync_once(desk, hub).level
        lost_seqs = {e.id: e.seq for e in log.to_push(desk, limit=10_000)} | {
            i: s for i, s in desk.conn.execute("SELECT id, seq FROM events WHERE device = 'desk-a' AND seq > 3")}
        desk = _put_back(desk, copy)
        again = check_in(desk, grace, day=1, desk="Desk A")  # written at seqs the hub already holds
        assert again.ok and again.checkin is not None
        if first == "pull":  # the hub's events come back first: the desk's own clashing one moves aside
            sync_once_pull_only(desk, hub)
        done = sync_once(desk, hub)
        assert done.level and sync_once(other, hub).level
        ids = {e.id for e in hub_store.events()}
        assert ids == {e.id for e in desk.events()} == {e.id for e in other.events()}
        assert set(lost_seqs) <= ids and again.checkin.id in ids
        assert snapshot(desk.conn) == snapshot(hub_store.conn) == snapshot(other.conn)
        assert rebuild(desk, verify=True).identical
        (moved,) = log.renumbered(desk)
        assert moved.id == again.checkin.id and moved.new_seq > max(lost_seqs.values())
        assert log.quarantined(hub_store) == [] and log.quarantined(desk) == []
        if first == "push":  # the hub refused it once: its record says where it was taken in the end
            ((kept, reason, _),) = log.quarantined(hub_store, settled=True)
            assert kept.id == moved.id and f"taken later as seq {moved.new_seq}" in reason
        for store in (desk, hub_store):
            seqs = [s for (s,) in store.conn.execute("SELECT seq FROM events WHERE device = 'desk-a' ORDER BY seq")]
            assert seqs == list(range(1, len(seqs) + 1))
    finally:
        for store in (hub_store, desk, other):
            store.close()


def test_a_restored_desk_whose_acknowledgement_passed_seqs_it_lacks_still_pulls_them(tmp_path: Path) -> None:
    """Found by the state machine: a desk's events reached the hub but their answer was lost, then the desk was
    put back from an older copy and wrote new events at those seqs and beyond, whose answer was lost too. Its
    next push moves the clashing ones and acknowledges the rest, past seqs it no longer holds; the hub's events
    at those seqs must still come back to it (a page may leave out only what the desk holds)."""
    hub_store, desk = _store(tmp_path, "hub"), _store(tmp_path, "desk-a")
    hub = LocalHub(hub_store)
    try:
        desk.set_config(small_config(), actor="t")
        ada, alan = add_attendees(desk, "Ada Lovelace", "Alan Turing")
        assert sync_once(desk, hub).level
        copy = backup(desk, tmp_path / "desk-a.backup")
        for town in ("Graz", "Wien"):
            edit_attendee(desk, ada, {"city": town}, actor="v")
        hub.push(log.to_push(desk))  # taken by the hub; the answer never arrives; then the file dies
        desk = _put_back(desk, copy)
        for town in ("Linz", "Bregenz", "Salzburg", "Wels"):  # the first two clash with the hub's seqs
            edit_attendee(desk, alan, {"city": town}, actor="v")
        hub.push(log.to_push(desk))  # the last two are taken, the answer is lost again
        assert sync_once(desk, hub).level
        assert {e.id for e in desk.events()} == {e.id for e in hub_store.events()}
        assert snapshot(desk.conn) == snapshot(hub_store.conn)
        assert len(log.renumbered(desk)) == 2
    finally:
        hub_store.close()
        desk.close()


def sync_once_pull_only(store: Store, hub: LocalHub) -> None:
    log.take_page(store, hub.pull(int(log.state(store, "pull_cursor", "0"))))


def test_only_a_recorded_move_may_change_an_events_seq(tmp_path: Path) -> None:
    desk = _store(tmp_path, "desk-a")
    try:
        desk.set_config(small_config(), actor="t")
        with pytest.raises(sqlite3.IntegrityError, match="immutable"), desk.exclusive() as conn:
            conn.execute("UPDATE events SET seq = 99 WHERE seq = 1")
        # recorded in `renumbered`, but the content may never change with the seq
        with pytest.raises(sqlite3.IntegrityError, match="immutable"), desk.exclusive() as conn:
            event_id = conn.execute("SELECT id FROM events WHERE seq = 1").fetchone()[0]
            conn.execute("INSERT INTO renumbered VALUES (?, 'desk-a', 1, 99, 'now')", (event_id,))
            conn.execute("UPDATE events SET seq = 99, actor = 'someone else' WHERE id = ?", (event_id,))
    finally:
        desk.close()


def test_a_hub_restored_from_an_old_backup_gets_everything_again(tmp_path: Path) -> None:
    hub_store, desk, other = _store(tmp_path, "hub"), _store(tmp_path, "desk-a"), _store(tmp_path, "desk-b")
    try:
        desk.set_config(small_config(), actor="t")
        ada, alan = add_attendees(desk, "Ada Lovelace", "Alan Turing")
        assert sync_once(desk, LocalHub(hub_store)).level
        copy = backup(hub_store, tmp_path / "hub.backup")
        old_id = LocalHub(hub_store).hub_id
        check_in(desk, ada, day=1, desk="Desk A")
        assert sync_once(desk, LocalHub(hub_store)).level and sync_once(other, LocalHub(hub_store)).level
        hub_store = _put_back(hub_store, copy)  # the hub lost the check-in; the desks think it has it
        hub = LocalHub(hub_store)
        assert hub.hub_id != old_id  # a restored copy is another hub for the desks
        assert LocalHub(hub_store).hub_id == hub.hub_id  # ...once: it keeps its new id
        check_in(other, alan, day=1, desk="Desk B")
        for store in (desk, other, desk, other):
            sync_once(store, hub)
        ids = {e.id for e in hub_store.events()}
        assert ids == {e.id for e in desk.events()} == {e.id for e in other.events()}
        assert hub_store.conn.execute("SELECT count(*) FROM checkins").fetchone()[0] == 2
    finally:
        for store in (hub_store, desk, other):
            store.close()


def test_one_field_changed_on_two_desks_that_had_not_synced_is_flagged(tmp_path: Path) -> None:
    hub_store, a, b = _store(tmp_path, "hub"), _store(tmp_path, "desk-a"), _store(tmp_path, "desk-b")
    hub = LocalHub(hub_store)
    try:
        a.set_config(small_config(), actor="t")
        ada, alan = add_attendees(a, "Ada Lovelace", "Alan Turing")
        for store in (a, b):
            sync_once(store, hub)
        edit_attendee(a, ada, {"city": "Graz"}, actor="Sam @ Desk 1")  # both offline, from the same base
        edit_attendee(b, ada, {"city": "Wien", "organisation": "ACME"}, actor="Kim @ Desk 2")
        edit_attendee(a, alan, {"city": "Linz"}, actor="Sam @ Desk 1")  # the same value twice: no conflict
        edit_attendee(b, alan, {"city": "Linz"}, actor="Kim @ Desk 2")
        for store in (a, b, a):
            sync_once(store, hub)
        (found,) = concurrent_edits(hub_store)
        assert concurrent_edits(a) == concurrent_edits(b) == [found]
        assert found.attendee_id == ada and found.field == "city"
        values = [value for value, _, _ in found.edits]
        shown = hub_store.conn.execute("SELECT city FROM attendees WHERE id = ?", (ada,)).fetchone()[0]
        assert sorted(values) == ["Graz", "Wien"] and values[-1] == shown == found.now  # the later one shows
        assert "Ada Lovelace: city was changed to" in found.words and f"it is now {shown!r}" in found.words
        edit_attendee(b, ada, {"city": "Salzburg"}, actor="Kim @ Desk 2")  # after seeing both: settles it
        for store in (b, a):
            sync_once(store, hub)
        assert concurrent_edits(a) == concurrent_edits(hub_store) == []
    finally:
        for store in (hub_store, a, b):
            store.close()


def test_a_desk_writing_during_its_push_still_pulls_in_the_same_round(tmp_path: Path) -> None:
    hub_store, a, b = _store(tmp_path, "hub"), _store(tmp_path, "desk-a"), _store(tmp_path, "desk-b")
    try:
        a.set_config(small_config(), actor="t")
        (ada,) = add_attendees(a, "Ada Lovelace")
        for store in (a, b):
            sync_once(store, LocalHub(hub_store))
        edit_attendee(b, ada, {"organisation": "ACME"}, actor="b")
        sync_once(b, LocalHub(hub_store))
        edit_attendee(a, ada, {"city": "Linz"}, actor="a")

        class BusyDesk(LocalHub):  # a volunteer at desk a writes while each push is on its way
            pushes = 0

            def push(self, events: list[Event]) -> log.Pushed:
                BusyDesk.pushes += 1
                edit_attendee(a, ada, {"city": f"Wien {BusyDesk.pushes}"}, actor="a")
                return super().push(events)

        done = sync_once(a, BusyDesk(hub_store))
        assert BusyDesk.pushes <= 3 and done.pulled >= 1  # b's edit arrived; the new ones go next round
        assert a.conn.execute("SELECT organisation FROM attendees WHERE id = ?", (ada,)).fetchone()[0] == "ACME"
    finally:
        for store in (hub_store, a, b):
            store.close()


def test_an_event_left_only_on_a_third_desk_reaches_a_restored_hub(tmp_path: Path) -> None:
    """The hub and the desk that wrote a check-in were both put back from copies older than it: the desk that
    pulled it hands it to the hub (whose new id tells every desk to send everything again)."""
    hub_store, a, b = _store(tmp_path, "hub"), _store(tmp_path, "desk-a"), _store(tmp_path, "desk-b")
    try:
        a.set_config(small_config(), actor="t")
        (ada,) = add_attendees(a, "Ada Lovelace")
        for store in (a, b):
            sync_once(store, LocalHub(hub_store))
        hub_copy, a_copy = backup(hub_store, tmp_path / "hub.backup"), backup(a, tmp_path / "a.backup")
        done = check_in(a, ada, day=1, desk="Desk A")
        assert done.checkin is not None
        for store in (a, b):
            sync_once(store, LocalHub(hub_store))
        hub_store, a = _put_back(hub_store, hub_copy), _put_back(a, a_copy)  # the check-in is only on b now
        hub = LocalHub(hub_store)
        for store in (a, b, a):
            assert sync_once(store, hub).level
        ids = {e.id for e in hub_store.events()}
        assert done.checkin.id in ids and ids == {e.id for e in a.events()} == {e.id for e in b.events()}
        assert snapshot(a.conn) == snapshot(b.conn) == snapshot(hub_store.conn)
        assert log.state(b, log.RELAY_CURSOR) == ""  # handed over once, then nothing more to relay
    finally:
        for store in (hub_store, a, b):
            store.close()


def test_a_restored_desk_that_also_changed_the_configuration_converges(tmp_path: Path) -> None:
    """A moved event that is not an attendee's (here the configuration) derives every projection again."""
    hub_store, desk = _store(tmp_path, "hub"), _store(tmp_path, "desk-a")
    hub = LocalHub(hub_store)
    try:
        desk.set_config(small_config(), actor="t")
        (ada,) = add_attendees(desk, "Ada Lovelace")
        copy = backup(desk, tmp_path / "desk-a.backup")
        desk.set_config(dataclasses.replace(small_config(), name="Before the crash"), actor="t")
        assert sync_once(desk, hub).level
        desk = _put_back(desk, copy)
        desk.set_config(dataclasses.replace(small_config(), name="After the restore"), actor="t")
        check_in(desk, ada, day=1, desk="Desk A")
        assert sync_once(desk, hub).level
        (moved,) = log.renumbered(desk)  # the configuration took the seq the hub holds; the check-in's was free
        (kind,) = desk.conn.execute("SELECT type FROM events WHERE id = ?", (moved.id,)).fetchone()
        assert kind == "config.set"
        assert snapshot(desk.conn) == snapshot(hub_store.conn) and rebuild(desk, verify=True).identical
        assert desk.config().name == hub_store.config().name == "After the restore"  # the latest in total order
    finally:
        hub_store.close()
        desk.close()
