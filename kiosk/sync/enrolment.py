"""Enrolment on the hub: the organiser's code lets a desk in once; from then on the desk's own token does.

The code is short enough to type from the status page (8 characters from an alphabet without look-alikes);
the token is long and random and the hub keeps only its SHA-256 (table hub_desks, migration m011), so a
copy of the hub's file or one of its backups cannot push as a desk. A desk enrolling again (reinstalled,
lost its token) gets a new token and the old one stops working.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass

from kiosk.store import Store
from kiosk.sync import log

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I/1, O/0: read aloud or typed from a screen
CODE_LENGTH = 8
_HUB_ID_KEY = log.HUB_ID


@dataclass(frozen=True, slots=True)
class EnrolledDesk:
    device: str
    desk: str
    enrolled_at: str
    revoked_at: str | None
    last_seen: str | None


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """What a volunteer types, as the hub shows it: case, spaces and dashes do not matter."""
    return "".join(code.split()).replace("-", "").upper()


def code_matches(expected: str, given: str) -> bool:
    # compare_digest: the time taken says nothing about how many leading characters were right
    return secrets.compare_digest(normalise_code(expected).encode(), normalise_code(given).encode())


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def hub_id(store: Store) -> str:
    """This hub file's id, made once: desks notice when they are pointed at another hub.

    A file put back from a backup (kiosk.sync.backup marks every copy) gets a new id when it first serves as
    a hub: it lacks whatever the hub took after that backup, which desks believe acknowledged. Seeing the
    new id, they push everything again and pull from the start."""
    existing = log.state(store, _HUB_ID_KEY)
    if existing and not log.state(store, log.RESTORED_COPY):
        return existing
    with store.exclusive() as conn:
        row = conn.execute("SELECT value FROM sync_state WHERE key = ?", (_HUB_ID_KEY,)).fetchone()
        restored = conn.execute("SELECT 1 FROM sync_state WHERE key = ?", (log.RESTORED_COPY,)).fetchone()
        if row is not None and restored is None:  # another connection made it between our read and the lock
            return str(row[0])
        made = uuid.uuid4().hex
        log.set_state(conn, _HUB_ID_KEY, made)
        conn.execute("DELETE FROM sync_state WHERE key = ?", (log.RESTORED_COPY,))
    return made


def enrol(store: Store, desk: str, device: str) -> str:
    """A new token for `device` (any token it had before stops working). Returns the token, shown once."""
    token = secrets.token_urlsafe(32)
    with store.exclusive() as conn:
        conn.execute(
            "INSERT INTO hub_desks (device, desk, token_sha256, enrolled_at, revoked_at, last_seen) "
            "VALUES (?, ?, ?, ?, NULL, NULL) ON CONFLICT (device) DO UPDATE SET desk = excluded.desk, "
            "token_sha256 = excluded.token_sha256, enrolled_at = excluded.enrolled_at, revoked_at = NULL",
            (device, desk, token_hash(token), _now()))
    return token


def device_for(store: Store, token: str) -> str | None:
    """The device a token belongs to, or None when it is unknown, replaced or revoked."""
    row = store.conn.execute("SELECT device FROM hub_desks WHERE token_sha256 = ? AND revoked_at IS NULL",
                             (token_hash(token),)).fetchone()
    return str(row[0]) if row else None


def seen(store: Store, device: str) -> None:
    """Note that the desk just talked to the hub (the status page's "last seen")."""
    with store.exclusive() as conn:
        conn.execute("UPDATE hub_desks SET last_seen = ? WHERE device = ?", (_now(), device))


def revoke(store: Store, device: str) -> bool:
    """Stop a desk's token (a stolen laptop); it can enrol again with the code. False: no such desk."""
    with store.exclusive() as conn:
        cursor = conn.execute("UPDATE hub_desks SET revoked_at = ? WHERE device = ? AND revoked_at IS NULL",
                              (_now(), device))
    return cursor.rowcount > 0


def desks(store: Store) -> list[EnrolledDesk]:
    rows = store.conn.execute("SELECT device, desk, enrolled_at, revoked_at, last_seen FROM hub_desks "
                              "ORDER BY desk, device").fetchall()
    return [EnrolledDesk(*row) for row in rows]
