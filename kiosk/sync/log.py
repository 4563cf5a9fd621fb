"""The two halves of the sync protocol over a store, without any network (the hub's HTTP face and the
desk's client call these; the property tests call them directly).

- **push**: a desk sends its own events with seq above what the hub acknowledged. The hub takes each id
  once (a repeated push changes nothing), commits durably, then answers per event. The same (device, seq)
  under another id is a cloned or restored laptop: that event is quarantined, never merged or deleted.
- **pull**: by the hub's own ingest order (the events table's rowid, which only grows), so a desk never
  misses an event that arrived at the hub late with an old clock. The desk stores the cursor in the same
  transaction as the pulled events: a crash between the two cannot skip or repeat anything.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from kiosk import projections
from kiosk.events import EVENT_TYPES, Event
from kiosk.store import Store

PUSH_BATCH = 500
PULL_BATCH = 1000
Verdict = Literal["added", "duplicate", "conflict", "refused"]


@dataclass(frozen=True, slots=True)
class Pushed:
    verdicts: dict[str, Verdict]  # event id → what the hub did with it

    @property
    def conflicts(self) -> list[str]:
        return [i for i, v in self.verdicts.items() if v in ("conflict", "refused")]


@dataclass(frozen=True, slots=True)
class Page:
    events: list[Event]
    cursor: int        # pass it back to get what came after
    more: bool         # the page was full: ask again


# --- the hub's side --------------------------------------------------------------------------------------


def accept(store: Store, events: Sequence[Event]) -> Pushed:
    """Take a pushed batch in ONE durable transaction and say per event what happened."""
    verdicts: dict[str, Verdict] = {}
    with store.exclusive() as conn:
        for event in events:
            if event.type not in EVENT_TYPES:
                _quarantine(conn, event, f"unknown event type {event.type!r}")
                verdicts[event.id] = "refused"
                continue
            verdict = _insert(conn, event)
            if verdict == "added":
                store.clock.observe(event.hlc)
                projections.apply(conn, event, newest=False)
            verdicts[event.id] = verdict
    return Pushed(verdicts)


def _insert(conn: sqlite3.Connection, event: Event) -> Verdict:
    """One statement per event: a known id is a duplicate; a (device, seq) that another id holds fails the
    UNIQUE constraint (only this statement is undone, not the batch) and is quarantined."""
    try:
        cursor = conn.execute("INSERT INTO events (id, device, seq, hlc, type, body, actor, at) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING", event.to_row())
    except sqlite3.IntegrityError:
        (taken,) = conn.execute("SELECT id FROM events WHERE device = ? AND seq = ?",
                                (event.device, event.seq)).fetchone()
        _quarantine(conn, event, f"device {event.device} seq {event.seq} is already event {taken}")
        return "conflict"
    return "added" if cursor.rowcount else "duplicate"


def _quarantine(conn: object, event: Event, reason: str) -> None:
    conn.execute(  # type: ignore[attr-defined]
        "INSERT INTO quarantine (id, device, seq, event, reason, seen_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO NOTHING",
        (event.id, event.device, event.seq, json.dumps(event.to_json(), ensure_ascii=False), reason,
         dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")))


def since(store: Store, cursor: int, limit: int = PULL_BATCH) -> Page:
    """Events the hub took after `cursor`, in its ingest order, the asking desk's own included: a desk
    restored from an old backup gets back what it wrote after that backup (a desk skips ids it has)."""
    rows = store.conn.execute(
        "SELECT rowid, id, device, seq, hlc, type, body, actor, at FROM events WHERE rowid > ? ORDER BY rowid "
        "LIMIT ?", (cursor, limit)).fetchall()
    return Page([Event.from_row(r[1:]) for r in rows], rows[-1][0] if rows else cursor, len(rows) == limit)


def quarantined(store: Store) -> list[tuple[Event, str, str]]:
    rows = store.conn.execute("SELECT event, reason, seen_at FROM quarantine ORDER BY device, seq").fetchall()
    return [(_event(json.loads(e)), reason, seen) for e, reason, seen in rows]


def _event(data: dict[str, object]) -> Event:
    return Event(str(data["id"]), str(data["device"]), int(data["seq"]), str(data["hlc"]),  # type: ignore[call-overload]
                 str(data["type"]), dict(data["body"]), str(data["actor"]), str(data["at"]))  # type: ignore[call-overload]


# --- the desk's side -------------------------------------------------------------------------------------


def state(store: Store, key: str, default: str = "") -> str:
    row = store.conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else default


def set_state(conn: object, key: str, value: str) -> None:
    conn.execute("INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "  # type: ignore[attr-defined]
                 "value = excluded.value", (key, value))


def to_push(store: Store, limit: int = PUSH_BATCH) -> list[Event]:
    """This desk's own events the hub has not acknowledged yet, oldest first."""
    acked = int(state(store, "pushed_seq", "0"))
    rows = store.conn.execute("SELECT id, device, seq, hlc, type, body, actor, at FROM events WHERE device = ? "
                              "AND seq > ? ORDER BY seq LIMIT ?", (store.device, acked, limit)).fetchall()
    return [Event.from_row(r) for r in rows]


def acknowledged(store: Store, sent: Sequence[Event], pushed: Pushed) -> int:
    """Move the acknowledged seq past every event the hub has (added, duplicate) or refused for good
    (conflict: quarantined there and shown; pushing it again would change nothing). Returns the new seq."""
    done = [e.seq for e in sent if e.id in pushed.verdicts]
    acked = int(state(store, "pushed_seq", "0"))
    for seq in sorted(done):  # gapless: stop at the first event the hub did not answer for
        if seq != acked + 1:
            break
        acked = seq
    with store.exclusive() as conn:
        set_state(conn, "pushed_seq", str(acked))
        for event in sent:
            if pushed.verdicts.get(event.id) in ("conflict", "refused"):
                _quarantine(conn, event, "the hub refused it: another event has this device and seq")
    return acked


def take_page(store: Store, page: Page) -> int:
    """Ingest a pulled page and store the hub's cursor in the same transaction. Returns the events added."""
    added = 0
    with store.exclusive() as conn:
        for event in page.events:
            # a (device, seq) this desk holds under another id (it was restored from a backup): kept apart
            if _insert(conn, event) == "added":
                store.clock.observe(event.hlc)
                projections.apply(conn, event, newest=False)
                added += 1
        set_state(conn, "pull_cursor", str(page.cursor))
    return added
