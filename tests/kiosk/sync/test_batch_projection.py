"""A synced batch is projected per attendee in one go (kiosk/projection_batch.py): whatever the batches and
their order, the result is the reference fold of the log, and the same as at the desk that wrote the events."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import attendees
from kiosk.checkin import check_in, undo_check_in
from kiosk.rebuild import rebuild, snapshot
from kiosk.store import Store
from kiosk.sync import log
from tests.conftest import small_config
from tests.factories import add_attendees

NAMES = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Anna Müller", "王芳"]
OPS = st.lists(st.tuples(st.sampled_from(["checkin", "undo", "edit", "rename", "interests", "reimport", "print"]),
                         st.integers(0, 2),
                         st.integers(1, 2)), min_size=1, max_size=40)
# batch sizes up to 12: several batches, each often holding more than one event of an attendee


def _write(desk: Store, ids: list[str], ops: list[tuple[str, int, int]]) -> None:
    for n, (op, who, day) in enumerate(ops):
        attendee = ids[who]
        if op == "checkin":
            check_in(desk, attendee, day=day, desk="Desk 1")
        elif op == "undo" and attendees.active_checkin(desk.conn, attendee, day):
            undo_check_in(desk, attendee, day=day, reason="wrong person", actor="Sam")
        elif op in ("edit", "rename", "interests", "reimport"):
            # the JSON fields: set by an edit, or the ticket shop's record merged by a re-import's changes
            changes = {"edit": {"city": f"Town {n}"}, "rename": {"name": f"{NAMES[who]} {n}", "first_name": f"N{n}"},
                       "interests": {"interests": ["science", "web"][: n % 3], "answers": {"T-shirt": f"S{n}"}},
                       "reimport": {"organisation": f"Org {n}", "email": f"p{n}@example.org"}}[op]
            origin = "import" if op == "reimport" else "desk"
            with desk.write(actor="Sam") as writer:
                writer.append("attendee.edited", {"attendee_id": attendee, "changes": changes, "origin": origin})
        elif op == "print":
            with desk.write(actor="Sam") as writer:
                writer.append("badge.printed", {"attendee_id": attendee, "printer": "pdf:///badges", "reason": ""})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS, batch=st.integers(2, 12), shuffle=st.booleans(), seed=st.integers(0, 2**32 - 1))
def test_any_batches_give_the_reference_fold(tmp_path_factory, ops, batch: int, shuffle: bool,  # type: ignore[no-untyped-def]
                                             seed: int) -> None:
    folder: Path = tmp_path_factory.mktemp("batches")
    desk = Store.open(folder / "desk.sqlite", "desk-a")
    hub = Store.open(folder / "hub.sqlite", "hub")
    try:  # closed each example: 40 examples of two open stores would leak hundreds of file descriptors
        _push_in_batches(desk, hub, ops, batch, shuffle, seed)
    finally:
        desk.close()
        hub.close()


def _push_in_batches(desk: Store, hub: Store, ops: list[tuple[str, int, int]], batch: int, shuffle: bool,
                     seed: int) -> None:
    desk.set_config(small_config())
    ids = add_attendees(desk, *NAMES)
    log.accept(hub, list(desk.events()))  # the attendees exist: the day's batches take the common path
    mark = desk.event_count()
    _write(desk, ids, ops)
    events = list(desk.events())[mark:]
    if shuffle:  # out of order: re-folded
        random.Random(seed).shuffle(events)
    for start in range(0, len(events), batch):
        pushed = log.accept(hub, events[start:start + batch])
        assert set(pushed.verdicts.values()) == {"added"}
    assert log.accept(hub, list(desk.events())).verdicts == {e.id: "duplicate" for e in desk.events()}
    assert rebuild(hub, verify=True).identical
    assert snapshot(hub.conn) == snapshot(desk.conn)


def test_a_batch_of_a_morning_reads_and_writes_each_attendee_once(tmp_path: Path) -> None:
    """The common case: check-in, badge, a fix, a reprint and an undo of one attendee in one batch."""
    desk = Store.open(tmp_path / "desk.sqlite", "desk-a")
    hub = Store.open(tmp_path / "hub.sqlite", "hub")
    try:
        _a_morning(desk, hub)
    finally:
        desk.close()
        hub.close()


def _a_morning(desk: Store, hub: Store) -> None:
    desk.set_config(small_config())
    (ada, grace) = add_attendees(desk, "Ada Lovelace", "Grace Hopper")
    log.accept(hub, list(desk.events()))
    mark = desk.event_count()
    check_in(desk, ada, day=1, desk="Desk 1")
    check_in(desk, grace, day=1, desk="Desk 1")
    undo_check_in(desk, grace, day=1, reason="wrong person", actor="Sam")
    with desk.write(actor="Sam") as writer:
        for n in range(2):
            writer.append("badge.printed", {"attendee_id": ada, "printer": "pdf:///badges", "reason": f"r{n}"})
        writer.append("attendee.edited", {"attendee_id": ada, "changes": {"city": "Graz"}, "origin": "desk"})
        writer.append("attendee.edited", {"attendee_id": ada, "changes": {"organisation": "Engines"},
                                          "origin": "desk"})
    morning = list(desk.events())[mark:]
    statements: list[str] = []
    hub.conn.set_trace_callback(statements.append)
    log.accept(hub, morning)
    hub.conn.set_trace_callback(None)
    assert sum("UPDATE attendees SET" in s for s in statements) == 1  # both edits of Ada in one write
    assert sum("UPDATE attendees_fts" in s for s in statements) == 1
    assert not any("DELETE FROM attendees" in s for s in statements)  # nothing re-folded
    found = attendees.get(hub.conn, ada)
    assert found is not None and (found.city, found.organisation) == ("Graz", "Engines")
    assert [p[3] for p in hub.conn.execute("SELECT * FROM badge_prints WHERE attendee_id = ? ORDER BY sort_key",
                                           (ada,))] == [0, 1]  # the first print, then a reprint
    assert attendees.active_checkin(hub.conn, grace, 1) is None and attendees.active_checkin(hub.conn, ada, 1)
    assert snapshot(hub.conn) == snapshot(desk.conn)
    assert rebuild(hub, verify=True).identical
