"""The event log: append-only, gapless per device, durable pragmas, ordered by the hybrid clock."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.db import StoreCorrupt, connect, open_database
from kiosk.events import dump_body
from kiosk.hlc import HybridClock, parse_hlc
from kiosk.store import Store
from tests.factories import add_attendees


def test_every_connection_is_durable(tmp_path: Path) -> None:
    conn = connect(tmp_path / "x.sqlite")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_events_can_be_neither_changed_nor_deleted(store: Store) -> None:
    add_attendees(store, "Ada Lovelace")
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        store.conn.execute("UPDATE events SET actor = 'mallory'")
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        store.conn.execute("DELETE FROM events")
    assert store.event_count() == 2


def test_seq_is_gapless_per_device_and_ids_are_uuid7(store: Store) -> None:
    add_attendees(store, "Ada Lovelace", "Grace Hopper")
    add_attendees(store, "Alan Turing")
    rows = store.conn.execute("SELECT id, seq, hlc FROM events WHERE device = 'desk-a' ORDER BY seq").fetchall()
    assert [r[1] for r in rows] == [1, 2, 3, 4]
    assert all(r[0][14] == "7" for r in rows)  # UUID version nibble
    assert [r[2] for r in rows] == sorted(r[2] for r in rows)


def test_a_failed_transaction_writes_nothing_and_leaves_no_gap(store: Store) -> None:
    before = store.event_count()
    with pytest.raises(RuntimeError), store.write(actor="test") as writer:
        writer.append("checkin.recorded", {"attendee_id": "x", "day": 1, "desk": "D"})
        raise RuntimeError("power cut")
    assert store.event_count() == before
    add_attendees(store, "Ada Lovelace")
    seqs = [r[0] for r in store.conn.execute("SELECT seq FROM events ORDER BY seq")]
    assert seqs == list(range(1, len(seqs) + 1))


def test_a_second_process_continues_the_sequence(tmp_path: Path, store: Store) -> None:
    add_attendees(store, "Ada Lovelace")
    other = Store.open(store.path, device="desk-a")
    add_attendees(other, "Grace Hopper")
    add_attendees(store, "Alan Turing")
    seqs = [r[0] for r in store.conn.execute("SELECT seq FROM events ORDER BY seq")]
    assert seqs == [1, 2, 3, 4]
    other.close()


def test_clock_never_goes_backwards_and_stays_ahead_of_what_it_saw() -> None:
    readings = iter([1000, 1000, 900, 2000])
    clock = HybridClock(wall=lambda: next(readings))
    first, second, third = clock.now(), clock.now(), clock.now()
    assert first < second < third
    assert parse_hlc(third) == (1000, 2)
    clock.observe("0000000005000-000000007")
    assert clock.now() > "0000000005000-000000007"


def test_a_corrupt_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite"
    db = open_database(path)
    db.conn.execute("CREATE TABLE filler (x TEXT)")
    db.conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,) for _ in range(200)])
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 3 + 200] = b"\xff" * 200  # scribble over a b-tree page
    path.write_bytes(bytes(data))
    with pytest.raises((StoreCorrupt, sqlite3.DatabaseError)):
        open_database(path)


def test_migrations_are_recorded_and_not_rerun(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    open_database(path).close()
    db = open_database(path)
    names = [r[0] for r in db.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert names == ["m001_event_log", "m002_projections", "m003_attendee_status_index", "m004_badge_prints",
                     "m005_print_jobs", "m006_one_open_badge_job", "m007_cash", "m008_receipt_jobs",
                     "m009_kiosk_tries", "m010_sync", "m011_hub", "m012_renumbered"]


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)


@given(st.dictionaries(st.text(max_size=12), _JSON_VALUES, max_size=6))
def test_a_body_is_encoded_to_the_same_bytes_as_json_dumps_would(body: dict[str, Any]) -> None:
    """dump_body keeps one C encoder instead of building one per call: the bytes must not change, since
    stored bodies are compared across desks and rebuilds (any text, floats incl. NaN, nesting, key order)."""
    assert dump_body(body) == json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
