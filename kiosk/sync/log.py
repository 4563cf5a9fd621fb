"""The two halves of the sync protocol over a store, without any network (the hub's HTTP face and the
desk's client call these; the property tests call them directly).

- **push**: a desk sends its own events with seq above what the hub acknowledged. The hub takes each id
  once (a repeated push changes nothing), commits durably, then answers per event. The same (device, seq)
  under another id is a cloned or restored laptop: that event is quarantined, never merged or deleted.
- **pull**: by the hub's own ingest order (the events table's rowid, which only grows), so a desk never
  misses an event that arrived at the hub late with an old clock. The desk stores the cursor in the same
  transaction as the pulled events: a crash between the two cannot skip or repeat anything. The hub's
  pages are made by kiosk.sync.pages; a desk takes one here (take_page).
- **a restored desk** (its file put back from an older backup) writes again at seqs the hub already holds.
  The hub holds the authoritative event of a (device, seq): everyone may have pulled it. The desk's own
  event at that seq was never taken by the hub, so nobody else has it: the desk moves it to a free seq
  (same id, same content, recorded in `renumbered`) and pushes it again. Nothing is merged or lost.
- **a restored hub** gets a new hub id when it opens a backup (kiosk.sync.backup marks every copy); a desk
  that sees another id pushes everything again and pulls from the start (each id is taken once).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from kiosk import projection_batch, projections, rebuild
from kiosk.events import EVENT_TYPES, Event
from kiosk.store import Store

PUSH_BATCH = 2000
PULL_BATCH = 2000
Verdict = Literal["added", "duplicate", "conflict", "refused"]
HUB_ID = "hub_id"  # sync_state key: on a hub its own id; on a desk the id of the hub it syncs with
DESK_TOKEN = "hub_token"  # sync_state key: a desk's own token with its hub (never in a backup)
RESTORED_COPY = "restored_copy"  # sync_state key every backup carries: that file is a copy, not the original
RELAY_CURSOR = "relay_cursor"  # sync_state key: other desks' events still to hand to a new hub (rowid)


@dataclass(frozen=True, slots=True)
class Pushed:
    verdicts: dict[str, Verdict]  # event id → what the hub did with it
    hub: str = ""                 # the hub's id: another one than before means a restored or new hub
    high: int = 0                 # the highest seq the hub holds of the pushing device

    @property
    def conflicts(self) -> list[str]:
        return [i for i, v in self.verdicts.items() if v in ("conflict", "refused")]


@dataclass(frozen=True, slots=True)
class Page:
    events: list[Event]
    cursor: int        # pass it back to get what came after
    more: bool         # the page was full: ask again
    hub: str = ""      # the hub's id, as in Pushed


# --- the hub's side --------------------------------------------------------------------------------------


def accept(store: Store, events: Sequence[Event], hub: str = "") -> Pushed:
    """Take a pushed batch in ONE durable transaction and say per event what happened."""
    verdicts: dict[str, Verdict] = {}
    with store.exclusive() as conn:
        newest = _Newest(conn)
        waiting = conn.execute("SELECT 1 FROM quarantine WHERE taken_as IS NULL LIMIT 1").fetchone() is not None
        held_ids = _held(conn, events)
        # the common case in one statement; not while anything waits in quarantine (its record must say where
        # a restored desk's event was taken in the end, which only the one-by-one path writes)
        fast = None if waiting else _insert_batch(conn, store, events, held_ids, newest)
        if fast is not None:
            verdicts = {event.id: "duplicate" if event.id in held_ids else "added" for event in events}
        added = fast if fast is not None else []
        for event in events if fast is None else ():
            if event.id in held_ids:
                verdicts[event.id] = "duplicate"
                continue
            if event.type not in EVENT_TYPES:
                _quarantine(conn, event, f"unknown event type {event.type!r}")
                verdicts[event.id] = "refused"
                continue
            taken = _insert(conn, event)
            if taken is None:
                verdicts[event.id] = "duplicate"
            elif taken == event.id:
                verdicts[event.id] = "added"
                store.clock.observe(event.hlc)
                added.append((event, newest.passes(event)))
                if waiting:  # a desk restored from a backup pushes again, at a free seq, what was quarantined here
                    conn.execute("UPDATE quarantine SET taken_as = ? WHERE id = ?", (event.seq, event.id))
            else:
                verdicts[event.id] = "conflict"
                _quarantine(conn, event, f"device {event.device} seq {event.seq} is already event {taken}")
        projection_batch.apply_many(conn, added)
        high = _high(conn, events[0].device) if events else 0
    return Pushed(verdicts, hub, high)


def _held(conn: sqlite3.Connection, events: Sequence[Event]) -> set[str]:
    """Which of these event ids the log holds already (one look-up for a batch, not an insert each)."""
    ids = json.dumps([event.id for event in events])
    return {row[0] for row in conn.execute("SELECT id FROM events WHERE id IN (SELECT value FROM json_each(?))",
                                           (ids,))}


def _insert_batch(conn: sqlite3.Connection, store: Store, events: Sequence[Event], held_ids: set[str],
                  newest: _Newest) -> list[tuple[Event, bool]] | None:
    """The common case of a pushed batch or a pulled page: its new events go in with one statement (see
    _insert_all). Returns them, each with whether it is the newest in the log, to be projected; None when
    the batch must go one by one (nothing was inserted)."""
    if not _insert_all(conn, events, held_ids):
        return None
    added = [(event, newest.passes(event)) for event in events if event.id not in held_ids]
    if added:  # the clock moves past the newest of them (hlc text sorts as its time): one parse, not thousands
        store.clock.observe(max(event.hlc for event, _ in added))
    return added


def _insert_all(conn: sqlite3.Connection, events: Sequence[Event], held_ids: set[str]) -> bool:
    """Insert, in one statement, every event whose id the log does not hold yet, when all are of known types
    and none takes a (device, seq) that is taken (in the log or earlier in the batch). Otherwise insert
    nothing and return False: the caller goes one by one and says what happened to each."""
    fresh = [event for event in events if event.id not in held_ids]
    if len({event.id for event in fresh}) < len(fresh) or any(e.type not in EVENT_TYPES for e in fresh):
        return False
    places = {(event.device, event.seq) for event in fresh}
    if len(places) < len(fresh):
        return False
    wanted = json.dumps([[device, seq] for device, seq in places])
    # a join, not `(device, seq) IN (...)`: SQLite seeks that on the device alone and scans a desk's whole log
    if conn.execute("SELECT 1 FROM json_each(?) AS w JOIN events ON device = json_extract(w.value, '$[0]') "
                    "AND seq = json_extract(w.value, '$[1]') LIMIT 1", (wanted,)).fetchone():
        return False
    conn.executemany("INSERT INTO events (id, device, seq, hlc, type, body, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     [event.to_row() for event in fresh])
    return True


def _insert(conn: sqlite3.Connection, event: Event) -> str | None:
    """One statement per event. Returns the event's id when it was added, None when that id was there
    already, or the id of the other event that holds its (device, seq): the UNIQUE constraint fails and only
    this statement is undone, not the batch."""
    try:
        cursor = conn.execute("INSERT INTO events (id, device, seq, hlc, type, body, actor, at) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING", event.to_row())
    except sqlite3.IntegrityError:
        (taken,) = conn.execute("SELECT id FROM events WHERE device = ? AND seq = ?",
                                (event.device, event.seq)).fetchone()
        return str(taken)
    return event.id if cursor.rowcount else None


class _Newest:
    """The log's greatest (hlc, device, seq) while a batch goes in. An event above it is the newest in the log,
    so projecting it needs no look-up of later events: the common case (a desk's morning, in order)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        row = conn.execute("SELECT hlc, device, seq FROM events ORDER BY hlc DESC, device DESC, seq DESC LIMIT 1"
                           ).fetchone()
        self.top: tuple[str, str, int] = (str(row[0]), str(row[1]), int(row[2])) if row else ("", "", 0)

    def passes(self, event: Event) -> bool:
        key = (event.hlc, event.device, event.seq)
        if key > self.top:
            self.top = key
            return True
        return False


def _high(conn: sqlite3.Connection, device: str) -> int:
    (top,) = conn.execute("SELECT max(seq) FROM events WHERE device = ?", (device,)).fetchone()
    return int(top or 0)


def _quarantine(conn: object, event: Event, reason: str) -> None:
    conn.execute(  # type: ignore[attr-defined]
        "INSERT INTO quarantine (id, device, seq, event, reason, seen_at) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO NOTHING",
        (event.id, event.device, event.seq, json.dumps(event.to_json(), ensure_ascii=False), reason,
         dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")))


def own_high(store: Store) -> int:
    """The highest seq this desk wrote so far."""
    return _high(store.conn, store.device)


def quarantined(store: Store, settled: bool = False) -> list[tuple[Event, str, str]]:
    """Refused events still held apart; with `settled`, also those a restored desk pushed again later at a
    free seq (the hub has them now; kept here as the record of what happened)."""
    rows = store.conn.execute("SELECT event, reason, seen_at, taken_as FROM quarantine ORDER BY device, seq"
                              ).fetchall()
    return [(_event(json.loads(e)), reason if taken is None else f"{reason}; taken later as seq {taken}", seen)
            for e, reason, seen, taken in rows if settled or taken is None]


@dataclass(frozen=True, slots=True)
class Renumbered:
    id: str
    old_seq: int
    new_seq: int
    at: str


def renumbered(store: Store) -> list[Renumbered]:
    """This desk's own events moved to a free seq after it was restored from an older copy."""
    rows = store.conn.execute("SELECT id, old_seq, new_seq, at FROM renumbered ORDER BY at, new_seq").fetchall()
    return [Renumbered(str(i), int(o), int(n), str(a)) for i, o, n, a in rows]


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


def to_push(store: Store, limit: int = PUSH_BATCH, upto: int | None = None, after: int | None = None) -> list[Event]:
    """This desk's own events the hub has not acknowledged yet (or those after seq `after`), oldest first, up
    to seq `upto`."""
    acked = int(state(store, "pushed_seq", "0")) if after is None else after
    rows = store.conn.execute("SELECT id, device, seq, hlc, type, body, actor, at FROM events WHERE device = ? "
                              "AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
                              (store.device, acked, 2**62 if upto is None else upto, limit)).fetchall()
    return [Event.from_row(r) for r in rows]


def acknowledged(store: Store, sent: Sequence[Event], pushed: Pushed) -> int:
    """Move the acknowledged seq past every event the hub has (added, duplicate) or refused for good (an
    unknown type: quarantined there and shown). An event refused because the hub holds another at its seq
    (this desk was restored from an older copy) moves to a free seq and goes again. Returns the new seq."""
    with store.exclusive() as conn:
        if _hub_changed(conn, pushed.hub):
            return 0
        taken = [e.id for e in sent if pushed.verdicts.get(e.id) == "conflict"]
        if taken:
            _renumber(conn, store, taken, pushed.high)
        done = {e.seq for e in sent if e.id in pushed.verdicts and e.id not in taken}
        acked = int(_state(conn, "pushed_seq", "0"))
        # Walk this desk's own events after the acknowledged one, in order, and stop at the first the hub did
        # not answer for. In the desk's order, not by counting: a seq may be missing for good (written on a
        # copy of this file that was lost before anyone else got it).
        for (seq,) in conn.execute("SELECT seq FROM events WHERE device = ? AND seq > ? ORDER BY seq LIMIT ?",
                                   (store.device, acked, len(sent))).fetchall():
            if seq not in done:
                break
            acked = seq
        set_state(conn, "pushed_seq", str(acked))
        for event in sent:
            if pushed.verdicts.get(event.id) == "refused":
                _quarantine(conn, event, "the hub refused it: it does not know this type of event")
    return acked


def to_relay(store: Store, limit: int = PUSH_BATCH) -> tuple[list[Event], int]:
    """Other desks' events to hand to a hub that replaced the old one (see _hub_changed), by this desk's
    rowid, with the rowid to pass to `relayed` once the hub answered. Nothing when there is nothing to do."""
    cursor = state(store, RELAY_CURSOR)
    if not cursor:
        return [], 0
    rows = store.conn.execute("SELECT rowid, id, device, seq, hlc, type, body, actor, at FROM events WHERE "
                              "device != ? AND rowid > ? ORDER BY rowid LIMIT ?",
                              (store.device, int(cursor), limit)).fetchall()
    return [Event.from_row(r[1:]) for r in rows], (rows[-1][0] if rows else int(cursor))


def relayed(store: Store, last_rowid: int, done: bool) -> None:
    with store.exclusive() as conn:
        if _state(conn, RELAY_CURSOR, ""):  # a hub change meanwhile restarted it: keep that
            set_state(conn, RELAY_CURSOR, "" if done else str(last_rowid))


def take_page(store: Store, page: Page) -> int:
    """Ingest a pulled page and store the hub's cursor in the same transaction. Returns the events added, or
    -1 when the page came from another hub than before (nothing taken: pull again from the start)."""
    with store.exclusive() as conn:
        if _hub_changed(conn, page.hub):
            return -1
        newest = _Newest(conn)
        held_ids = _held(conn, page.events)  # the desk's own events coming back, mostly: nothing to do
        fast = _insert_batch(conn, store, page.events, held_ids, newest)
        added = fast if fast is not None else []
        count = len(added)
        for event in page.events if fast is None else ():
            if event.id in held_ids:
                continue
            taken = _insert(conn, event)
            if taken is not None and taken != event.id and event.device == store.device:
                # the hub holds this seq of ours under another event: ours (restored from an old copy) moves,
                # and its projections are derived again from the log: what this page added must be in them first
                projection_batch.apply_many(conn, added)
                added.clear()
                _renumber(conn, store, [taken], max(e.seq for e in page.events if e.device == store.device))
                taken = _insert(conn, event)
            if taken is None:
                continue
            if taken != event.id:  # another device's seq taken twice here: cannot happen through one hub
                _quarantine(conn, event, f"device {event.device} seq {event.seq} is already event {taken}")
                continue
            store.clock.observe(event.hlc)
            added.append((event, newest.passes(event)))
            count += 1
        projection_batch.apply_many(conn, added)
        set_state(conn, "pull_cursor", str(page.cursor))
    return count


def _renumber(conn: sqlite3.Connection, store: Store, ids: Sequence[str], floor: int) -> None:
    """Move this desk's own unshared events to seqs above anything the hub or this desk holds of it, keeping
    their ids and content, then derive the projections again (their sort keys contain the seq)."""
    next_seq = max(_high(conn, store.device), floor) + 1
    now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
    attendees: set[str] = set()
    everything = False  # a moved config, drawer or PIN event: those projections are derived again in full
    for event_id in ids:
        row = conn.execute("SELECT seq, type, json_extract(body, '$.attendee_id') FROM events WHERE id = ? "
                           "AND device = ?", (event_id, store.device)).fetchone()
        if row is None:
            continue
        if row[1] in projections.ATTENDEE_EVENTS:
            attendees.add(str(row[2]))
        else:
            everything = True
        # written down first: the events table lets a seq move only as `renumbered` records it (m012)
        conn.execute("INSERT INTO renumbered (id, device, old_seq, new_seq, at) VALUES (?, ?, ?, ?, ?) "
                     "ON CONFLICT (id) DO UPDATE SET old_seq = excluded.old_seq, new_seq = excluded.new_seq, "
                     "at = excluded.at", (event_id, store.device, row[0], next_seq, now))
        conn.execute("UPDATE events SET seq = ? WHERE id = ?", (next_seq, event_id))
        next_seq += 1
    if everything:
        rebuild.replay(conn)
        return
    for attendee_id in attendees:  # only whom the moved events concern: a full replay of 100,000 attendees
        projections.refold(conn, attendee_id)  # would hold the desk's write lock for half a minute


def _hub_changed(conn: sqlite3.Connection, hub: str) -> bool:
    """The hub answered with another id than before (restored from a backup, or replaced): nothing it
    acknowledged or paged before counts. Push everything again and pull from the start."""
    known = _state(conn, HUB_ID, "")
    if not hub or hub == known:
        return False
    set_state(conn, HUB_ID, hub)
    if not known:  # the first answer from this hub (a desk enrolled before hubs said their id)
        return False
    set_state(conn, "pushed_seq", "0")
    set_state(conn, "pull_cursor", "0")
    # Another desk's events this desk pulled may now exist nowhere else (that desk was also put back from an
    # older copy): hand them all to the new hub once; it keeps the ones it lacks.
    set_state(conn, RELAY_CURSOR, "0")
    return True


def _state(conn: sqlite3.Connection, key: str, default: str) -> str:
    row = conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else default
