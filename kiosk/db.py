"""Opening an event's SQLite file: durable pragmas on every connection, an integrity check, migrations."""

from __future__ import annotations

import logging
import sqlite3
import sys
import threading
import time
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

BUSY_TIMEOUT_MS = 5000
CHECKPOINT_IDLE_S = 0.25         # checkpoint once the desk has been quiet this long...
BURST_AUTOCHECKPOINT_PAGES = 10000  # ...and let a commit do it itself only after ~1,000 back-to-back writes
log = logging.getLogger(__name__)

migrations = Migrations("kiosk")


class StoreCorrupt(Exception):
    """The file failed `PRAGMA quick_check`: the desk must not write to it."""


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection with the pragmas ARCHITECTURE.md rule 2 demands, in explicit-transaction mode.

    isolation_level=None: we issue BEGIN IMMEDIATE / COMMIT ourselves, so Python never opens or
    commits a transaction behind our back. check_same_thread=False because a connection is handed to
    one worker thread at a time (never shared concurrently).
    """
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # 64 MB of page cache: 100,000 attendees' indexes stay in memory (the default 2 MB does not hold them)
    conn.execute("PRAGMA cache_size = -65536")
    if sys.platform == "darwin":
        conn.execute("PRAGMA fullfsync = ON")
    return conn


class Checkpointer:
    """Copies the WAL into the database file on a thread and connection of its own, when the desk is idle.

    With SQLite's automatic checkpoint (every 1,000 pages), every ~100th check-in pays for copying a
    thousand pages inside its own commit: a stall of tens of milliseconds that is the whole p99. Stores
    that run this raise wal_autocheckpoint to BURST_AUTOCHECKPOINT_PAGES and call `committed()` after each
    commit; the checkpoint then happens in the gaps between attendees, where it completes and lets the
    next write start the WAL again from the top. (A background checkpoint cannot finish while writes keep
    coming, so an unbroken burst still falls back to SQLite's own, rarer, checkpoint.) A PASSIVE
    checkpoint never blocks a writer. If the process dies, the next open's checkpointer catches up.
    """

    def __init__(self, path: Path | str, idle_s: float = CHECKPOINT_IDLE_S) -> None:
        self._path = str(path)
        self._idle_s = idle_s
        self._pending = True  # a file opened after a crash may hold a WAL to copy
        self._last_commit = time.monotonic()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"checkpoint {Path(path).name}", daemon=True)
        self._thread.start()

    def committed(self) -> None:
        with self._lock:
            self._pending = True
            self._last_commit = time.monotonic()

    def _take_due(self) -> bool:
        with self._lock:
            due = self._pending and time.monotonic() - self._last_commit >= self._idle_s
            if due:
                self._pending = False
            return due

    def _run(self) -> None:
        conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            while not self._stop.wait(self._idle_s / 2):
                if self._take_due():
                    self._checkpoint(conn)
        finally:
            conn.close()

    @staticmethod
    def _checkpoint(conn: sqlite3.Connection) -> None:
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error as exc:  # a busy or vanished file must not kill the thread silently
            log.warning("background checkpoint failed: %s", exc)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def quick_check(conn: sqlite3.Connection, path: Path | str) -> None:
    problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise StoreCorrupt(f"{path} failed its integrity check: {'; '.join(problems[:5])}")


def open_database(path: Path | str, background_checkpoint: bool = False, check: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) an event database, checked and migrated to the current schema.

    background_checkpoint: the caller runs a Checkpointer, so commits need not checkpoint themselves.
    check=False only where the same process has just checked the file (it reads every page: ~0.5 s at
    100,000 attendees).
    """
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path)
    if background_checkpoint:
        conn.execute(f"PRAGMA wal_autocheckpoint = {BURST_AUTOCHECKPOINT_PAGES}")
    if check:
        quick_check(conn, path)
    db = sqlite_utils.Database(conn)
    migrations.apply(db)
    return db


# --- schema -----------------------------------------------------------------------------------------
# Never edit a migration that has shipped; add a new one.


@migrations()
def m001_event_log(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE TABLE events (
            id     TEXT NOT NULL UNIQUE,      -- UUIDv7, the idempotency key everywhere
            device TEXT NOT NULL,
            seq    INTEGER NOT NULL,          -- gapless per device
            hlc    TEXT NOT NULL,             -- hybrid logical clock; order = (hlc, device, seq)
            type   TEXT NOT NULL,
            body   TEXT NOT NULL,             -- JSON
            actor  TEXT NOT NULL DEFAULT '',
            at     TEXT NOT NULL,             -- wall clock, display only
            UNIQUE (device, seq)
        );
        -- An attendee's events in total order: refolds read it, out-of-order arrivals seek in it.
        CREATE INDEX events_attendee ON events (json_extract(body, '$.attendee_id'), hlc, device, seq)
            WHERE json_extract(body, '$.attendee_id') IS NOT NULL;
        CREATE INDEX events_order ON events (hlc, device, seq);

        CREATE TRIGGER events_are_immutable BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are immutable: append a correcting event instead'); END;
        CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are never deleted: append a correcting event instead'); END;
        """
    )


@migrations()
def m002_projections(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE config (
            key       TEXT PRIMARY KEY,
            toml      TEXT NOT NULL,
            sort_key  TEXT NOT NULL          -- total-order key of the event that set it (last writer wins)
        );

        CREATE TABLE attendees (
            id           TEXT PRIMARY KEY,
            code         TEXT NOT NULL,
            source       TEXT NOT NULL,
            external_id  TEXT NOT NULL,
            order_code   TEXT NOT NULL DEFAULT '',
            name         TEXT NOT NULL,
            first_name   TEXT NOT NULL DEFAULT '',
            last_name    TEXT NOT NULL DEFAULT '',
            email        TEXT NOT NULL DEFAULT '',
            organisation TEXT NOT NULL DEFAULT '',
            city         TEXT NOT NULL DEFAULT '',
            country      TEXT NOT NULL DEFAULT '',
            ticket_type  TEXT NOT NULL DEFAULT '',
            role         TEXT NOT NULL DEFAULT '',
            interests    TEXT NOT NULL DEFAULT '[]',   -- JSON list of interest names
            status       TEXT NOT NULL DEFAULT 'valid',
            price_minor  INTEGER,
            currency     TEXT NOT NULL DEFAULT '',
            answers      TEXT NOT NULL DEFAULT '{}',   -- JSON {question: answer}
            notes        TEXT NOT NULL DEFAULT '',
            imported     TEXT NOT NULL DEFAULT '{}',   -- JSON: what the ticket shop last said
            name_fold    TEXT NOT NULL                 -- folded name, for name-prefix ranking
        );
        CREATE INDEX attendees_code ON attendees (code);
        CREATE INDEX attendees_code_nocase ON attendees (code COLLATE NOCASE);
        CREATE UNIQUE INDEX attendees_source_key ON attendees (source, external_id);
        CREATE INDEX attendees_name_fold ON attendees (name_fold);

        -- Folded text only (see kiosk/textfold.py); rowid = attendees.rowid.
        CREATE VIRTUAL TABLE attendees_fts USING fts5 (
            name, other, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3'
        );
        CREATE VIRTUAL TABLE attendees_vocab USING fts5vocab (attendees_fts, 'col');

        CREATE TABLE checkins (
            id          TEXT PRIMARY KEY,          -- id of the checkin.recorded event
            attendee_id TEXT NOT NULL,
            day         INTEGER NOT NULL,
            desk        TEXT NOT NULL DEFAULT '',
            volunteer   TEXT NOT NULL DEFAULT '',
            device      TEXT NOT NULL,
            sort_key    TEXT NOT NULL,
            at          TEXT NOT NULL,
            undone_by   TEXT,                       -- id of the checkin.undone event
            undo_reason TEXT
        ) WITHOUT ROWID;                        -- small rows keyed by a time-ordered id: one b-tree less
        CREATE INDEX checkins_attendee_day ON checkins (attendee_id, day);
        """
    )


@migrations()
def m003_attendee_status_index(db: sqlite_utils.Database) -> None:
    # The desk's "expected" counters after every check-in (in all, and per ticket type for the arrivals
    # view): counted from this index instead of reading 100,000 attendee rows.
    db.execute("CREATE INDEX attendees_type_status ON attendees (ticket_type, status)")


@migrations()
def m004_badge_prints(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE badge_prints (
            id          TEXT PRIMARY KEY,          -- id of the badge.printed event
            attendee_id TEXT NOT NULL,
            printer     TEXT NOT NULL,
            reprint     INTEGER NOT NULL,          -- 1 when an earlier print of this attendee exists
            reason      TEXT NOT NULL DEFAULT '',
            actor       TEXT NOT NULL DEFAULT '',
            at          TEXT NOT NULL,
            sort_key    TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX badge_prints_attendee ON badge_prints (attendee_id);
        """
    )


@migrations()
def m005_print_jobs(db: sqlite_utils.Database) -> None:
    # Local to this desk and not a projection: what is waiting for which printer here. The shared fact,
    # `badge.printed`, is appended in the same transaction that marks a job done.
    db.executescript(
        """
        CREATE TABLE print_jobs (
            id           TEXT PRIMARY KEY,        -- UUIDv7: sorts by creation
            kind         TEXT NOT NULL,           -- 'badge' (later 'receipt', 'test')
            attendee_id  TEXT NOT NULL DEFAULT '',
            printer      TEXT NOT NULL,           -- the printer's URL
            reason       TEXT NOT NULL DEFAULT '',-- a reprint's reason
            state        TEXT NOT NULL,           -- queued, sending, failed, done, cancelled
            attempts     INTEGER NOT NULL DEFAULT 0,
            last_error   TEXT NOT NULL DEFAULT '',
            next_try_at  TEXT NOT NULL,           -- ISO UTC; a failed job is retried from then on
            confirmation TEXT NOT NULL DEFAULT '',
            actor        TEXT NOT NULL DEFAULT '',
            created_at   TEXT NOT NULL,
            updated_at   TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX print_jobs_open ON print_jobs (state, next_try_at);
        CREATE INDEX print_jobs_attendee ON print_jobs (attendee_id);
        """
    )


@migrations()
def m006_one_open_badge_job(db: sqlite_utils.Database) -> None:
    # At most one badge of an attendee waiting for a printer, whoever queues it (the desk, `kiosk print`).
    db.execute("CREATE UNIQUE INDEX print_jobs_one_open_badge ON print_jobs (attendee_id) "
               "WHERE kind = 'badge' AND state IN ('queued', 'sending', 'failed')")


@migrations()
def m007_cash(db: sqlite_utils.Database) -> None:
    # Projections of payments, cash drawers and PINs (ARCHITECTURE.md: payments, drawers), all rebuilt
    # from the log by `kiosk rebuild`. Amounts are integer minor units (rule 5).
    db.executescript(
        """
        CREATE TABLE payments (
            id           TEXT PRIMARY KEY,          -- id of the payment.recorded event
            attendee_id  TEXT NOT NULL,
            kind         TEXT NOT NULL,             -- 'sale' or 'refund'
            method       TEXT NOT NULL,             -- 'cash', 'card', 'comp', 'invoice'
            amount_minor INTEGER NOT NULL,          -- ≥ 0; a refund's money goes out
            currency     TEXT NOT NULL,
            ticket_type  TEXT NOT NULL DEFAULT '',
            drawer_id    TEXT NOT NULL DEFAULT '',  -- cash only: the drawer the money went into or out of
            receipt_no   TEXT NOT NULL DEFAULT '',
            desk         TEXT NOT NULL DEFAULT '',
            device       TEXT NOT NULL,
            day          INTEGER NOT NULL,
            actor        TEXT NOT NULL DEFAULT '',
            at           TEXT NOT NULL,
            sort_key     TEXT NOT NULL,
            details      TEXT NOT NULL DEFAULT '{}', -- JSON: tendered, change, terminal_ref, comp reason…
            voided_by    TEXT,                       -- id of the payment.voided event
            void_reason  TEXT
        ) WITHOUT ROWID;
        CREATE INDEX payments_attendee ON payments (attendee_id);
        CREATE INDEX payments_drawer ON payments (drawer_id) WHERE drawer_id != '';
        CREATE INDEX payments_device ON payments (device);

        CREATE TABLE drawers (
            id           TEXT PRIMARY KEY,          -- device:day, one drawer per desk per event day
            device       TEXT NOT NULL,
            desk         TEXT NOT NULL,
            day          INTEGER NOT NULL,
            state        TEXT NOT NULL,             -- 'open' or 'closed'
            currency     TEXT NOT NULL,
            float_minor  INTEGER NOT NULL,
            float_counts TEXT NOT NULL,             -- JSON {denomination: pieces}
            opened_by    TEXT NOT NULL,
            opened_witness TEXT NOT NULL,
            opened_at    TEXT NOT NULL,
            count_id     TEXT,                      -- the drawer.counted event the close used (or the last one)
            report_no    TEXT NOT NULL DEFAULT '',
            closed_at    TEXT NOT NULL DEFAULT '',
            close_event  TEXT,                      -- id of the drawer.closed event (its body is the report)
            reopened     INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE INDEX drawers_device ON drawers (device, day);

        -- Everything else that moves cash in or out of a drawer, or opens it: one row per event.
        CREATE TABLE drawer_moves (
            id           TEXT PRIMARY KEY,          -- the event's id
            drawer_id    TEXT NOT NULL,
            type         TEXT NOT NULL,             -- event type: drawer.paid_in, .paid_out, .no_sale, .dropped,
                                                    -- .counted, .reopened
            amount_minor INTEGER NOT NULL DEFAULT 0,
            counts       TEXT NOT NULL DEFAULT '{}',
            reason       TEXT NOT NULL DEFAULT '',
            number       TEXT NOT NULL DEFAULT '',  -- a drop's slip number
            people       TEXT NOT NULL DEFAULT '[]',-- JSON: who counted, who witnessed
            actor        TEXT NOT NULL DEFAULT '',
            at           TEXT NOT NULL,
            sort_key     TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX drawer_moves_drawer ON drawer_moves (drawer_id, sort_key);

        CREATE TABLE pins (
            role      TEXT PRIMARY KEY,             -- 'treasurer', 'admin'
            hash      TEXT NOT NULL,                -- Argon2id
            sort_key  TEXT NOT NULL                 -- last writer wins, like the configuration
        );
        CREATE TABLE pin_tries (
            id        TEXT PRIMARY KEY,
            role      TEXT NOT NULL,
            device    TEXT NOT NULL,
            ok        INTEGER NOT NULL,
            purpose   TEXT NOT NULL DEFAULT '',
            actor     TEXT NOT NULL DEFAULT '',
            at        TEXT NOT NULL,
            sort_key  TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX pin_tries_device ON pin_tries (device, role, sort_key);

        CREATE INDEX events_drawer ON events (json_extract(body, '$.drawer_id'), hlc, device, seq)
            WHERE json_extract(body, '$.drawer_id') IS NOT NULL;
        CREATE INDEX attendees_email ON attendees (email COLLATE NOCASE) WHERE email != '';
        """
    )


@migrations()
def m008_receipt_jobs(db: sqlite_utils.Database) -> None:
    # The print queue also prints a payment's receipt (kind 'receipt'); like badges, at most one receipt of
    # a payment waits for a printer, however often the volunteer presses Print.
    db.executescript(
        """
        ALTER TABLE print_jobs ADD COLUMN payment_id TEXT NOT NULL DEFAULT '';
        CREATE UNIQUE INDEX print_jobs_one_open_receipt ON print_jobs (payment_id)
            WHERE kind = 'receipt' AND state IN ('queued', 'sending', 'failed');
        """
    )


@migrations()
def m009_kiosk_tries(db: sqlite_utils.Database) -> None:
    # Wrong answers at the kiosk, per ticket: counted from the log before every answer (three → the desk).
    db.execute("CREATE INDEX events_kiosk_tries ON events (json_extract(body, '$.target_id'), at) "
               "WHERE type = 'kiosk.confirm_failed'")


# The sync bookkeeping's migrations (m010 on) live beside the sync code; importing registers them after m009.
from kiosk import db_sync  # noqa: E402,F401
