"""The store: one event's SQLite file, its append-only log and the projections derived from it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils
from uuid6 import uuid7

from kiosk import config as config_mod
from kiosk import projections
from kiosk.db import Checkpointer, open_database
from kiosk.events import EVENT_TYPES, Event
from kiosk.hlc import HybridClock

_NO_HLC = "0000000000000-000000000"


class NoEventConfigured(LookupError):
    """The database has no event configuration yet (nothing imported, no `kiosk demo`)."""


@dataclass
class Writer:
    """Appends events inside one open write transaction; see :meth:`Store.write`."""

    store: Store
    actor: str
    next_seq: int

    def append(self, type_: str, body: dict[str, Any], actor: str | None = None, new_attendee: bool = False) -> Event:
        """Append one event and update the projections; `new_attendee`: see projections.apply."""
        if type_ not in EVENT_TYPES:
            raise ValueError(f"unknown event type {type_!r}")
        event = Event(
            id=str(uuid7()),
            device=self.store.device,
            seq=self.next_seq,
            hlc=self.store.clock.now(),
            type=type_,
            body=body,
            actor=self.actor if actor is None else actor,
            at=dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
        )
        self.store.conn.execute("INSERT INTO events (id, device, seq, hlc, type, body, actor, at) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", event.to_row())
        projections.apply(self.store.conn, event, newest=True, new_attendee=new_attendee)
        self.next_seq += 1
        return event


class Store:
    def __init__(
        self, db: sqlite_utils.Database, path: Path, device: str, checkpointer: Checkpointer | None = None
    ) -> None:
        self.db = db
        self._checkpointer = checkpointer
        self.path = path
        self.device = device
        self.clock = HybridClock()
        self._lock = threading.RLock()
        self._config: tuple[tuple[str, str | None], config_mod.EventConfig] | None = None
        self.closed = False

    @classmethod
    def open(cls, path: Path | str, device: str, check: bool = True) -> Store:
        db = open_database(path, background_checkpoint=True, check=check)
        return cls(db, Path(path), device, Checkpointer(path))

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def close(self) -> None:
        self.closed = True
        if self._checkpointer is not None:
            self._checkpointer.close()
        self.db.close()

    # --- writing ---------------------------------------------------------------------------------------

    @contextmanager
    def exclusive(self, commit: bool = True) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction on this store's connection, committed (or rolled back) at the end.

        BEGIN IMMEDIATE takes the write lock up front, so what is read inside stays valid even when
        another process (the CLI beside the desk app) writes to the same file.
        """
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT" if commit else "ROLLBACK")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        if commit and self._checkpointer is not None:
            self._checkpointer.committed()

    @contextmanager
    def write(self, actor: str = "") -> Iterator[Writer]:
        """One durable transaction: every event appended inside it commits together, or none does."""
        with self.exclusive() as conn:
            max_hlc, max_seq = conn.execute(
                "SELECT (SELECT max(hlc) FROM events), (SELECT max(seq) FROM events WHERE device = ?)",
                (self.device,),
            ).fetchone()
            self.clock.observe(max_hlc or _NO_HLC)
            yield Writer(self, actor, (max_seq or 0) + 1)

    def ingest(self, events: Iterable[Event]) -> int:
        """Take events written elsewhere (another desk, a backup): each id once, projections updated.

        The same (device, seq) under another id raises sqlite3.IntegrityError: that is a cloned or
        restored laptop, which sync must quarantine rather than merge.
        """
        added = 0
        with self.exclusive() as conn:
            for event in events:
                cursor = conn.execute(
                    "INSERT INTO events (id, device, seq, hlc, type, body, actor, at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING", event.to_row())
                if cursor.rowcount:
                    self.clock.observe(event.hlc)
                    projections.apply(conn, event, newest=False)
                    added += 1
        return added

    # --- configuration ---------------------------------------------------------------------------------

    def config(self) -> config_mod.EventConfig:
        """The event configuration, with the badge layout saved under its own key (set_config says why)."""
        # Read the small keys first; the TOML is fetched and parsed only when another writer changed it.
        keys = dict(self.conn.execute("SELECT key, sort_key FROM config WHERE key IN ('event', 'badge')").fetchall())
        if "event" not in keys:
            raise NoEventConfigured(f"{self.path} has no event configuration yet")
        stamp: tuple[str, str | None] = (keys["event"], keys.get("badge"))
        if self._config is None or self._config[0] != stamp:
            (toml,) = self.conn.execute("SELECT toml FROM config WHERE key = 'event'").fetchone()
            config = config_mod.from_toml(toml)
            if "badge" in keys:
                (badge,) = self.conn.execute("SELECT toml FROM config WHERE key = 'badge'").fetchone()
                config = dataclasses.replace(config, badge=config_mod.badge_from_toml(badge))
            self._config = (stamp, config)
            return config
        return self._config[1]

    def has_config(self) -> bool:
        return self.conn.execute("SELECT 1 FROM config WHERE key = 'event'").fetchone() is not None

    def set_config(self, new: config_mod.EventConfig, actor: str = "", writer: Writer | None = None) -> None:
        """Record what changed of the configuration as events (so it travels to the other desks by sync).

        Two keys, each last-writer-wins on its own: the event (name, days, prices, interests, roles) and the
        badge layout. One key would let an import on one desk (new interests) and a layout saved on another
        undo each other. Each part is read back first: a configuration this code cannot read (ConfigError)
        never enters the log, where it would break every desk that syncs it."""
        current = self.config() if self.has_config() else None
        bodies = []
        event_toml = config_mod.to_toml(dataclasses.replace(new, badge=None))
        config_mod.from_toml(event_toml)
        if current is None or dataclasses.replace(current, badge=None) != config_mod.from_toml(event_toml):
            bodies.append({"key": "event", "toml": event_toml})
        if new.badge is not None and (current is None or new.badge != current.badge):
            badge_toml = config_mod.badge_to_toml(new.badge)
            config_mod.badge_from_toml(badge_toml)
            bodies.append({"key": "badge", "toml": badge_toml})
        if writer is not None:
            for body in bodies:
                writer.append("config.set", body, actor or None)
            return
        if bodies:
            with self.write(actor) as fresh:
                for body in bodies:
                    fresh.append("config.set", body)

    # --- reading the log -------------------------------------------------------------------------------

    def events(self) -> Iterator[Event]:
        """Every event in total order (hlc, device, seq)."""
        for row in self.conn.execute(
            "SELECT id, device, seq, hlc, type, body, actor, at FROM events ORDER BY hlc, device, seq"
        ):
            yield Event.from_row(row)

    def event_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM events").fetchone()[0])
