"""Rule 4: state is a pure function of the set of events, whatever order they arrive in."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import attendees
from kiosk.checkin import check_in, undo_check_in
from kiosk.rebuild import rebuild, snapshot
from kiosk.store import Store
from tests.conftest import small_config
from tests.factories import add_attendees

NAMES = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Anna Müller", "王芳"]


def _desk(path: Path, device: str) -> Store:
    desk = Store.open(path, device=device)
    return desk


def test_edit_is_a_new_event_and_last_writer_wins(store: Store) -> None:
    (ada,) = add_attendees(store, "Ada Lovelace", organisation="Analytical Engines")
    with store.write(actor="volunteer") as writer:
        writer.append("attendee.edited", {"attendee_id": ada, "changes": {"organisation": "Babbage & Co"},
                                          "origin": "desk"})
    with store.write(actor="volunteer") as writer:
        writer.append("attendee.edited", {"attendee_id": ada, "changes": {"organisation": "Engines Ltd"},
                                          "origin": "desk"})
    got = attendees.get(store.conn, ada)
    assert got is not None and got.organisation == "Engines Ltd"
    assert store.event_count() == 4  # config + import + two edits: nothing overwritten in the log


def test_undo_keeps_the_original_check_in(store: Store) -> None:
    (ada,) = add_attendees(store, "Ada Lovelace")
    assert check_in(store, ada, day=1, desk="Desk 1").ok
    undo_check_in(store, ada, day=1, reason="wrong person", actor="Sam")
    history = attendees.checkins(store.conn, ada)
    assert len(history) == 1 and history[0].undone
    assert attendees.active_checkin(store.conn, ada, 1) is None
    assert check_in(store, ada, day=1, desk="Desk 1").ok
    assert rebuild(store, verify=True).identical


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(st.tuples(st.sampled_from(["checkin", "undo", "edit"]), st.integers(0, 4),
                              st.integers(1, 2), st.integers(0, 1)), max_size=25),
       seed=st.integers(0, 2**32 - 1))
def test_any_arrival_order_gives_the_same_state(tmp_path_factory, ops, seed: int) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("desks")
    desks = [_desk(folder / "a.sqlite", "desk-a"), _desk(folder / "b.sqlite", "desk-b")]
    desks[0].set_config(small_config())
    desks[1].ingest(list(desks[0].events()))
    ids = add_attendees(desks[0], *NAMES)
    assert add_attendees(desks[1], *NAMES) == ids  # both desks import the same file: the same attendees
    for op, who, day, desk_no in ops:
        desk = desks[desk_no]
        if op == "checkin":
            check_in(desk, ids[who], day=day, desk=f"Desk {desk_no}")
        elif op == "undo" and attendees.active_checkin(desk.conn, ids[who], day):
            undo_check_in(desk, ids[who], day=day, reason="test", actor="t")
        elif op == "edit":
            with desk.write(actor="t") as writer:
                writer.append("attendee.edited", {"attendee_id": ids[who], "origin": "desk",
                                                  "changes": {"city": f"Town {desk_no}-{day}"}})
    everything = list(desks[0].events()) + list(desks[1].events())
    results = []
    for attempt in range(3):
        merged = _desk(folder / f"merged-{attempt}.sqlite", f"hub-{attempt}")
        shuffled = everything[:]
        random.Random(seed + attempt).shuffle(shuffled)
        for start in range(0, len(shuffled), 3):  # arrive in small batches, out of order
            merged.ingest(shuffled[start:start + 3])
        merged.ingest(shuffled)  # duplicates change nothing
        assert merged.event_count() == len({e.id for e in everything})
        results.append(snapshot(merged.conn))
        assert rebuild(merged, verify=True).identical
    assert results[0] == results[1] == results[2]
