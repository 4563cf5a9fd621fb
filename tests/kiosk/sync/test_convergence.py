"""Sync converges whatever the network does (hypothesis state machine, ARCHITECTURE.md rule 4).

Two to six desks with clocks up to an hour apart and a hub, in process: check-ins (some of one attendee on
one day at desks that have not seen each other), edits, cash sales and drawer counts; pushes that are
dropped, answered but lost after the hub committed, or sent twice; pulls whose answer is lost; desks that
crash and reopen; desks and the hub put back from older backups. After everyone syncs: the same events
everywhere, the same projections, the same cash totals, nothing lost that still existed anywhere, every
re-sent event counted once as a duplicate, and exactly the double check-ins that happened.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from kiosk.cash import drawer
from kiosk.cash.payments import Tender
from kiosk.cash.totals import totals
from kiosk.checkin import check_in
from kiosk.editing import edit_attendee
from kiosk.hlc import HybridClock, wall_ms
from kiosk.rebuild import rebuild, snapshot
from kiosk.registration import WalkIn, register
from kiosk.store import Store
from kiosk.sync import log, pages
from kiosk.sync.backup import backup
from kiosk.sync.client import LocalHub, sync_once
from kiosk.sync.conflicts import concurrent_edits, double_checkins
from kiosk.sync.log import Page, Pushed
from kiosk.sync.pages import NOTHING_HELD, Held
from tests.conftest import small_config
from tests.factories import add_attendees

PEOPLE = ("Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra")
EXAMPLES = int(os.environ.get("KIOSK_SYNC_EXAMPLES", "200"))
STEPS = int(os.environ.get("KIOSK_SYNC_STEPS", "100"))
# Fast storage for thousands of durable commits: /dev/shm when there is one (fsync is the cost here).
SCRATCH = Path("/dev/shm") if Path("/dev/shm").is_dir() else None


class CountingHub(LocalHub):
    """The hub in process, counting duplicates. Its pages hold 7 events, so a round takes several; with
    `pipelined` set, a round reads them (and its push batches) ahead on another thread, as over the network."""

    pipelined = False

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.duplicates = 0

    def pull(self, cursor: int, held: Held = NOTHING_HELD) -> Page:
        return pages.since(self.store, cursor, limit=7, hub=self.hub_id, held=held)

    def push(self, events: list[log.Event]) -> Pushed:  # type: ignore[name-defined]
        answer = super().push(events)
        self.duplicates += sum(1 for v in answer.verdicts.values() if v == "duplicate")
        return answer


class Sync(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="kiosk-sync-", dir=SCRATCH))
        self.hub_store = Store.open(self.folder / "hub.sqlite", "hub")
        self.hub = CountingHub(self.hub_store)
        self.hub_backup: Path | None = None
        self.hub_restored = False
        self.desks: list[Store] = []
        self.skews: list[int] = []
        self.people: list[str] = []
        self.injected_duplicates = 0
        self.backups: dict[int, Path] = {}
        self.restored: set[int] = set()
        self.checkins: dict[tuple[str, int], set[str]] = {}  # (attendee, day) → the check-in events made

    @initialize(count=st.integers(2, 6), skews=st.lists(st.integers(-3_600_000, 3_600_000), min_size=6, max_size=6))
    def start(self, count: int, skews: list[int]) -> None:
        first = self._open(0, skews[0])
        first.set_config(small_config(), actor="setup")
        self.people = add_attendees(first, *PEOPLE)
        sync_once(first, self.hub)
        for index in range(1, count):
            sync_once(self._open(index, skews[index]), self.hub)

    def _open(self, index: int, skew: int) -> Store:
        store = Store.open(self.folder / f"desk-{index}.sqlite", f"desk-{index}", check=False)
        store.clock = HybridClock(lambda: wall_ms() + skew)  # this laptop's clock is off by `skew` ms
        if index < len(self.desks):
            self.desks[index] = store
        else:
            self.desks.append(store)
            self.skews.append(skew)
        return store

    def _desk(self, which: int) -> Store:
        return self.desks[which % len(self.desks)]

    # --- what volunteers do ---------------------------------------------------------------------------

    @rule(which=st.integers(0, 5), person=st.integers(0, 3), day=st.integers(1, 2))
    def checkin(self, which: int, person: int, day: int) -> None:
        result = check_in(self._desk(which), self.people[person], day=day, desk=f"Desk {which % len(self.desks)}")
        if result.ok:  # refused when this desk already saw a check-in: only unseen ones make doubles
            assert result.checkin is not None
            self.checkins.setdefault((self.people[person], day), set()).add(result.checkin.id)

    @rule(which=st.integers(0, 5), person=st.integers(0, 3), town=st.sampled_from(["Graz", "Wien", "Linz"]))
    def edit(self, which: int, person: int, town: str) -> None:
        edit_attendee(self._desk(which), self.people[person], {"city": town}, actor="volunteer")

    @rule(which=st.integers(0, 5), extra=st.integers(0, 3))
    def cash_sale(self, which: int, extra: int) -> None:
        store = self._desk(which)
        name = f"Desk {which % len(self.desks)}"
        if drawer.current(store, 1) is None:
            drawer.open_drawer(store, day=1, desk=name, counts={2000: 5}, counted_by="Sam", witness="Kim", actor="Sam")
        if drawer.current(store, 1).state == "open":  # type: ignore[union-attr]
            register(store, WalkIn(f"Walk In {store.event_count()}", ticket_type="Regular"),
                     Tender("cash", 25000 + extra * 1000), day=1, desk=name, volunteer="Sam", actor="Sam")

    @rule(which=st.integers(0, 5), pieces=st.integers(0, 30))
    def count_drawer(self, which: int, pieces: int) -> None:
        store = self._desk(which)
        found = drawer.current(store, 1)
        if found is not None and found.state == "open":
            drawer.count(store, day=1, counts={2000: pieces}, counted_by="Sam", witness="Kim", actor="Sam")

    # --- what the network does ------------------------------------------------------------------------

    @rule(which=st.integers(0, 5), fault=st.sampled_from(["ok", "dropped", "response lost", "sent twice"]))
    def push(self, which: int, fault: str) -> None:
        store = self._desk(which)
        batch = log.to_push(store, limit=7)
        if not batch or fault == "dropped":
            return
        answer = self.hub.push(batch)
        if fault == "response lost":  # the hub committed; the desk never heard: it sends them again later
            self.injected_duplicates += len(batch)
            return
        if fault == "sent twice":
            self.injected_duplicates += len(batch)
            answer = self.hub.push(batch)
        log.acknowledged(store, batch, answer)

    @rule(which=st.integers(0, 5), lost=st.booleans())
    def pull(self, which: int, lost: bool) -> None:
        store = self._desk(which)
        page = self.hub.pull(int(log.state(store, "pull_cursor", "0")))
        if not lost:
            log.take_page(store, page)

    @rule(which=st.integers(0, 5))
    def crash(self, which: int) -> None:
        index = which % len(self.desks)
        self.desks[index].close()
        self._open(index, self.skews[index])

    @rule(which=st.integers(0, 5))
    def back_up(self, which: int) -> None:
        index = which % len(self.desks)
        self.backups[index] = backup(self.desks[index], self.folder / f"desk-{index}.backup")  # as `kiosk backup`

    @rule(which=st.integers(0, 5))
    def restore_old_backup(self, which: int) -> None:
        """The laptop's file is lost; the last backup is put back, under the same device id. What it wrote
        after that backup and never pushed is gone with the file; the rest comes back from the hub."""
        index = which % len(self.desks)
        if index not in self.backups:
            return
        self.desks[index].close()
        _replace(self.folder / f"desk-{index}.sqlite", self.backups.pop(index))
        self.restored.add(index)
        self._open(index, self.skews[index])

    @rule()
    def back_up_hub(self) -> None:
        self.hub_backup = backup(self.hub_store, self.folder / "hub.backup")  # as the hub's scheduled backups

    @rule()
    def restore_hub(self) -> None:
        """The hub laptop's file is lost; its last backup is served instead (it gets a new hub id)."""
        if self.hub_backup is None:
            return
        self.hub_store.close()
        _replace(self.folder / "hub.sqlite", self.hub_backup)
        self.hub_backup, self.hub_restored = None, True
        self.hub_store = Store.open(self.folder / "hub.sqlite", "hub")
        self.hub = CountingHub(self.hub_store)

    # --- after everyone is back online -------------------------------------------------------------------

    def teardown(self) -> None:
        try:
            if self.desks:
                self._converge()
        finally:
            for store in (*self.desks, self.hub_store):
                store.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    def _converge(self) -> None:
        existing = set().union(_ids(self.hub_store), *(_ids(store) for store in self.desks))
        for _ in range(2):  # everyone pushes, then everyone pulls what the others pushed
            for index, store in enumerate(self.desks):
                self.hub.pipelined = index % 2 == 0  # half of them read ahead, as over the network
                sync_once(store, self.hub)
        self.hub.pipelined = False
        assert all(sync_once(store, self.hub).level for store in self.desks)
        moved = sum(len(log.renumbered(store)) for store in self.desks)
        event("a restored desk's events were renumbered" if moved else "no event renumbered")
        event("the hub was restored" if self.hub_restored else "the hub was never restored")
        hub_ids = _ids(self.hub_store)
        assert hub_ids == existing  # nothing that still existed anywhere is lost, nothing is made up
        # A restored desk's clashing events were moved and taken. What the hub still holds apart is only what
        # no log holds: refused while its answer was lost, then its desk was put back from an older copy. Kept
        # there and shown (never merged, never deleted).
        orphans = {e.id for e, _, _ in log.quarantined(self.hub_store)}
        assert not orphans & hub_ids and not orphans & set().union(*(_ids(store) for store in self.desks))
        event("a refused event exists only in the hub's quarantine" if orphans else "no orphan")
        expected = snapshot(self.hub_store.conn)
        # and those projections are the reference fold of the log: a replay from nothing derives the same
        # (else a fault in the incremental or batched projection, made alike everywhere, would pass unseen)
        assert rebuild(self.hub_store, verify=True).identical
        for store in self.desks:
            assert _ids(store) == hub_ids, store.device
            assert log.quarantined(store) == [], store.device
            assert snapshot(store.conn) == expected, store.device
            assert totals(store).sales_by_method == totals(self.hub_store).sales_by_method
            assert [d.expected_minor for d in drawer.drawers(store)] == \
                [d.expected_minor for d in drawer.drawers(self.hub_store)]
        if not self.restored and not self.hub_restored:  # else a seq may be gone with a lost copy of a file
            for device in {d for (d,) in self.hub_store.conn.execute("SELECT DISTINCT device FROM events")}:
                _assert_gapless(self.hub_store, device)
        if not self.restored and not self.hub_restored:  # a restored file sends again what it had not heard of
            assert self.hub.duplicates == self.injected_duplicates
        edits = concurrent_edits(self.hub_store)
        assert all(concurrent_edits(store) == edits for store in self.desks)  # every desk shows the same
        for conflict in edits:  # flagged: different values set from one base
            assert conflict.field == "city" and len({value for value, _, _ in conflict.edits}) > 1
        doubles = {(d.attendee_id, d.day) for d in double_checkins(self.hub_store)}
        assert doubles == {key for key, ids in self.checkins.items() if len(ids & hub_ids) > 1}


def _replace(live: Path, copy: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{live}{suffix}").unlink(missing_ok=True)
    shutil.copy(copy, live)


def _assert_gapless(store: Store, device: str) -> None:
    seqs = [s for (s,) in store.conn.execute("SELECT seq FROM events WHERE device = ? ORDER BY seq", (device,))]
    assert seqs == list(range(1, len(seqs) + 1)), (store.device, device, seqs)


def _ids(store: Store) -> set[str]:
    return {i for (i,) in store.conn.execute("SELECT id FROM events")}


def _quarantined(store: Store) -> set[str]:
    return {event.id for event, _, _ in log.quarantined(store)}


Sync.TestCase.settings = settings(max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
                                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
TestSync = Sync.TestCase
