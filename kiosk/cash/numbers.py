"""Document numbers a person writes down and signs: receipts, drop slips, day reports.

Each number is "<DESK>-<kind><n>", n counted per device inside the writing transaction, so it is gapless
on each desk and never reused; two desks never share a device id, and their desk names tell them apart.
"""

from __future__ import annotations

import re
import sqlite3

_COUNTERS = {
    "R": "SELECT count(*) FROM payments WHERE device = ?",
    "D": "SELECT count(*) FROM drawer_moves m JOIN drawers d ON d.id = m.drawer_id WHERE d.device = ? "
         "AND m.type = 'drawer.dropped'",
    "Z": "SELECT count(*) FROM drawer_moves m JOIN drawers d ON d.id = m.drawer_id WHERE d.device = ? "
         "AND m.type = 'drawer.closed'",
}


def desk_prefix(desk: str) -> str:
    """"Desk 2" → "DESK2"; a name with no Latin letters or digits → "DESK"."""
    letters = re.sub(r"[^A-Z0-9]", "", desk.upper())[:10]
    return letters or "DESK"


def next_number(conn: sqlite3.Connection, device: str, desk: str, kind: str) -> str:
    """R receipts, D drop slips, Z day reports (the "Z report" of a till)."""
    (count,) = conn.execute(_COUNTERS[kind], (device,)).fetchone()
    return f"{desk_prefix(desk)}-{kind}{int(count) + 1:04d}"
