"""Pages of the hub's log for a pulling desk, in the hub's ingest order (its events table's rowid, which only
grows), leaving out what the asking desk says it holds already.

The page is the pull half of the protocol; kiosk.sync.log takes a page into a desk's store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kiosk.events import Event
from kiosk.store import Store
from kiosk.sync.log import PULL_BATCH, Page, state


@dataclass(frozen=True, slots=True)
class Held:
    """What an asking desk says it holds already: all its own events up to `upto`, which the hub acknowledged
    (so the hub holds those very events too; see `held`). A page leaves them out: after pushing 100,000
    events a desk would otherwise download them all again only to skip them."""
    device: str
    upto: int


NOTHING_HELD = Held("", 0)


def held(store: Store) -> Held:
    """What this desk may tell the hub it holds: its events up to the acknowledged seq, but only when it holds
    every one of them. The acknowledgement can pass seqs this desk lacks (its events there moved after a
    restore, while the hub holds others at those seqs, still to be pulled): then nothing is left out."""
    acked = int(state(store, "pushed_seq", "0"))
    (count,) = store.conn.execute("SELECT count(*) FROM events WHERE device = ? AND seq <= ?",
                                  (store.device, acked)).fetchone()
    return Held(store.device, acked) if count == acked else NOTHING_HELD


def since(store: Store, cursor: int, limit: int = PULL_BATCH, hub: str = "", held: Held = NOTHING_HELD) -> Page:
    """Events the hub took after `cursor`, in its ingest order, the asking desk's own included unless it
    holds them (`held`): a desk restored from an old backup gets back what it wrote after that backup."""
    rows, cursor, more = _page(store, "id, device, seq, hlc, type, body, actor, at", cursor, limit, held)
    return Page([Event.from_row(r[1:]) for r in rows], cursor, more, hub)


def since_json(store: Store, cursor: int, limit: int = PULL_BATCH, hub: str = "", held: Held = NOTHING_HELD) -> str:
    """The same page as `since`, as the hub's JSON answer, written by SQLite: the bodies are stored as JSON
    already, and parsing then re-encoding thousands of them in Python would cost more than reading them."""
    rows, cursor, more = _page(store, "json_object('id', id, 'device', device, 'seq', seq, 'hlc', hlc, "
                               "'type', type, 'body', json(body), 'actor', actor, 'at', at)", cursor, limit, held)
    events = ",".join(text for _, text in rows)
    return f'{{"events":[{events}],"cursor":{cursor},"more":{"true" if more else "false"},"hub":{json.dumps(hub)}}}'


def _page(store: Store, columns: str, cursor: int, limit: int, held: Held) -> tuple[list[Any], int, bool]:
    """Up to `limit` rows after `cursor` that the asker does not hold, the cursor to ask from next, and whether
    the page was full. A page that is not full was read up to the newest event there was when it began (rowids
    only grow: events are never deleted), so the next one starts after that, skipped events and all."""
    (top,) = store.conn.execute("SELECT max(rowid) FROM events").fetchone()
    rows = store.conn.execute(
        f"SELECT rowid, {columns} FROM events WHERE rowid > ? AND rowid <= ? AND NOT (device = ? AND seq <= ?) "
        "ORDER BY rowid LIMIT ?", (cursor, top or 0, held.device, held.upto, limit)).fetchall()
    if len(rows) == limit:
        return rows, int(rows[-1][0]), True
    return rows, max(cursor, int(top or 0)), False
