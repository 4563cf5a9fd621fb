"""`kiosk rebuild`: throw the projections away and derive them again from the event log."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from kiosk import projections
from kiosk.events import Event
from kiosk.store import Store

# What a projection holds, independent of rowids (which differ after a rebuild by design).
_SNAPSHOT_QUERIES = {
    "config": "SELECT * FROM config ORDER BY key",
    "attendees": "SELECT * FROM attendees ORDER BY id",
    "attendees_fts": "SELECT a.id, f.name, f.other FROM attendees_fts f JOIN attendees a ON a.rowid = f.rowid "
    "ORDER BY a.id",
    "attendees_fts_rows": "SELECT count(*) FROM attendees_fts",
    "checkins": "SELECT * FROM checkins ORDER BY id",
    "badge_prints": "SELECT * FROM badge_prints ORDER BY id",
    "payments": "SELECT * FROM payments ORDER BY id",
    "drawers": "SELECT * FROM drawers ORDER BY id",
    "drawer_moves": "SELECT * FROM drawer_moves ORDER BY id",
    "pins": "SELECT * FROM pins ORDER BY role",
    "pin_tries": "SELECT * FROM pin_tries ORDER BY id",
}


@dataclass(frozen=True)
class RebuildReport:
    events: int
    differences: dict[str, int]  # table -> number of rows that differed

    @property
    def identical(self) -> bool:
        return not self.differences


def snapshot(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {name: conn.execute(sql).fetchall() for name, sql in _SNAPSHOT_QUERIES.items()}


def rebuild(store: Store, verify: bool = False) -> RebuildReport:
    """Replay the whole log into empty projections.

    With verify=True the rebuilt tables are compared with the current ones and the transaction is
    rolled back either way: verification never changes the store.
    """
    with store.exclusive(commit=not verify) as conn:
        before = snapshot(conn)
        count = replay(conn)
        differences = _differences(before, snapshot(conn))
    return RebuildReport(count, differences)


def replay(conn: sqlite3.Connection) -> int:
    for table in projections.PROJECTION_TABLES:
        conn.execute(f"DELETE FROM {table}")
    # Configuration first in total order; attendees folded one by one (each fold is already ordered).
    per_attendee: dict[str, list[Event]] = defaultdict(list)
    count = 0
    for row in conn.execute("SELECT id, device, seq, hlc, type, body, actor, at FROM events "
                            "ORDER BY hlc, device, seq").fetchall():
        event = Event.from_row(row)
        count += 1
        if event.type in projections.ATTENDEE_EVENTS:
            per_attendee[event.body["attendee_id"]].append(event)
        else:
            projections.apply(conn, event, newest=True)  # config, drawers, PINs; replayed in order
    for events in per_attendee.values():
        projections.fold_events(conn, events)
    return count


def _differences(before: dict[str, list[Any]], after: dict[str, list[Any]]) -> dict[str, int]:
    found = {}
    for table in before:
        old, new = set(before[table]), set(after[table])
        if old != new:
            found[table] = len(old ^ new)
    return found
