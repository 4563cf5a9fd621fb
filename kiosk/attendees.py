"""Reading attendees and their check-ins from the projections (never from the log directly)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import urllib.parse
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_COLUMNS = (
    "id", "code", "source", "external_id", "order_code", "name", "first_name", "last_name", "email",
    "organisation", "city", "country", "ticket_type", "role", "interests", "status", "price_minor",
    "currency", "answers", "notes",
)
_decode = json.JSONDecoder().decode
_NAMESPACE_BYTES = uuid.UUID("6f0c7e5e-2f4b-4d8e-9a51-3c1f3d2b7a10").bytes
ATTENDEE_NAMESPACE = uuid.UUID("6f0c7e5e-2f4b-4d8e-9a51-3c1f3d2b7a10")
SELECT_ATTENDEE = f"SELECT {', '.join('a.' + c for c in _COLUMNS)} FROM attendees a"
SELECT_ROWID_AND_ATTENDEE = f"SELECT a.rowid, {', '.join('a.' + c for c in _COLUMNS)} FROM attendees a"


@dataclass(frozen=True, slots=True)
class Attendee:
    id: str
    code: str
    source: str
    external_id: str
    order_code: str
    name: str
    first_name: str
    last_name: str
    email: str
    organisation: str
    city: str
    country: str
    ticket_type: str
    role: str
    interests: tuple[str, ...]
    status: str
    price_minor: int | None
    currency: str
    answers: dict[str, str]
    notes: str

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Attendee:
        # Positional and with the common empty JSON short-cut: search builds up to 200 of these per keystroke.
        interests = () if row[14] == "[]" else _interests(row[14])
        answers = {} if row[18] == "{}" else _decode(row[18])
        return cls(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10],
                   row[11], row[12], row[13], interests, row[15], row[16], row[17], answers, row[19])


@dataclass(frozen=True, slots=True)
class Checkin:
    id: str
    attendee_id: str
    day: int
    desk: str
    volunteer: str
    device: str
    at: str
    undone: bool


@lru_cache(maxsize=1024)
def _interests(text: str) -> tuple[str, ...]:
    """Most attendees share a handful of interest combinations: decode each once."""
    return tuple(_decode(text))


def attendee_id_for(source: str, external_id: str) -> str:
    """The same ticket gets the same id on every desk that imports it, so sync sees one attendee.

    This is uuid.uuid5(ATTENDEE_NAMESPACE, "source:external_id"), written out because uuid.UUID's
    constructor is a third of an import's Python time on 100,000 rows.
    """
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + f"{source}:{external_id}".encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def get(conn: sqlite3.Connection, attendee_id: str) -> Attendee | None:
    row = conn.execute(f"{SELECT_ATTENDEE} WHERE a.id = ?", (attendee_id,)).fetchone()
    return Attendee.from_row(row) if row else None


def scan_candidates(scanned: str) -> list[str]:
    """What a scanned string may hold: the code itself, or a ticket URL carrying it.

    Scanners type what the QR says; some shops put a URL there (Luma: ...?pk=CODE, Tito: .../tickets/CODE).
    """
    text = scanned.strip()
    candidates = [text] if text else []
    if "://" in text:
        url = urllib.parse.urlsplit(text)
        for values in urllib.parse.parse_qs(url.query).values():
            candidates.extend(values)
        last_segment = url.path.rstrip("/").rsplit("/", 1)[-1]
        if last_segment:
            candidates.append(last_segment)
    return candidates


def by_code(conn: sqlite3.Connection, scanned: str) -> Attendee | None:
    """Exact lookup for scanners: the code as typed, then ignoring case; None if unknown or ambiguous."""
    for candidate in scan_candidates(scanned):
        rows = conn.execute(f"{SELECT_ATTENDEE} WHERE a.code = ? LIMIT 2", (candidate,)).fetchall()
        if not rows:
            rows = conn.execute(
                f"{SELECT_ATTENDEE} WHERE a.code = ? COLLATE NOCASE LIMIT 2", (candidate,)
            ).fetchall()
        if len(rows) == 1:
            return Attendee.from_row(rows[0])
    return None


def by_id_or_code(conn: sqlite3.Connection, id_or_scanned: str) -> Attendee | None:
    """An attendee id (the UI passes those) or whatever a scanner typed."""
    if _looks_like_uuid(id_or_scanned):
        found = get(conn, id_or_scanned)
        if found is not None:
            return found
    return by_code(conn, id_or_scanned)


def _looks_like_uuid(text: str) -> bool:
    return len(text) == 36 and text.count("-") == 4


def checkins(conn: sqlite3.Connection, attendee_id: str, day: int | None = None) -> list[Checkin]:
    """Check-ins of one attendee, earliest first (the earliest one counts; later ones are duplicates)."""
    sql = "SELECT id, attendee_id, day, desk, volunteer, device, at, undone_by FROM checkins WHERE attendee_id = ?"
    params: list[Any] = [attendee_id]
    if day is not None:
        sql += " AND day = ?"
        params.append(day)
    rows = conn.execute(sql + " ORDER BY sort_key", params).fetchall()
    return [Checkin(id=r[0], attendee_id=r[1], day=r[2], desk=r[3], volunteer=r[4], device=r[5], at=r[6],
                    undone=r[7] is not None) for r in rows]


def active_checkin(conn: sqlite3.Connection, attendee_id: str, day: int) -> Checkin | None:
    return next((c for c in checkins(conn, attendee_id, day) if not c.undone), None)


def has_payments(conn: sqlite3.Connection, attendee_id: str) -> bool:
    return conn.execute("SELECT 1 FROM payments WHERE attendee_id = ? LIMIT 1", (attendee_id,)).fetchone() is not None


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM attendees").fetchone()[0])


def count_expected(conn: sqlite3.Connection) -> int:
    """Attendees who may come: not cancelled."""
    return int(conn.execute("SELECT count(*) FROM attendees WHERE status != 'cancelled'").fetchone()[0])


def count_checked_in(conn: sqlite3.Connection, day: int | None) -> int:
    """Distinct attendees with a standing check-in on that day (any day when None)."""
    sql = "SELECT count(DISTINCT attendee_id) FROM checkins WHERE undone_by IS NULL"
    if day is None:
        return int(conn.execute(sql).fetchone()[0])
    return int(conn.execute(sql + " AND day = ?", (day,)).fetchone()[0])
