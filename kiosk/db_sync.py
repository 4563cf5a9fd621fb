"""Migrations of each file's own sync bookkeeping (never synced itself), registered after kiosk.db's."""

from __future__ import annotations

import sqlite_utils

from kiosk.db import migrations


@migrations()
def m010_sync(db: sqlite_utils.Database) -> None:
    # Each file's own sync bookkeeping (never synced itself). On a desk: what the hub acknowledged and the
    # hub's cursor it pulled up to. On a hub: events refused because their (device, seq) was already taken by
    # another event (a cloned or restored laptop): kept, shown, never deleted.
    db.executescript(
        """
        CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE quarantine (
            id        TEXT PRIMARY KEY,          -- the refused event's id
            device    TEXT NOT NULL,
            seq       INTEGER NOT NULL,
            event     TEXT NOT NULL,             -- the whole event as JSON
            reason    TEXT NOT NULL,
            seen_at   TEXT NOT NULL
        ) WITHOUT ROWID;
        """
    )


@migrations()
def m011_hub(db: sqlite_utils.Database) -> None:
    # Only a hub's file fills this (never synced): the desks enrolled with it. A token is kept as its SHA-256
    # alone, so a copied hub file or backup cannot be used to push as a desk. One row per device: enrolling
    # again replaces the hash, which revokes the old token.
    db.executescript(
        """
        CREATE TABLE hub_desks (
            device       TEXT PRIMARY KEY,
            desk         TEXT NOT NULL,
            token_sha256 TEXT NOT NULL UNIQUE,
            enrolled_at  TEXT NOT NULL,
            revoked_at   TEXT,
            last_seen    TEXT
        );
        """
    )


@migrations()
def m012_renumbered(db: sqlite_utils.Database) -> None:
    # A desk restored from an older copy writes again at seqs the hub already holds. The hub keeps the refused
    # event in quarantine; the desk moves its own unshared event to a free seq and pushes it again.
    # `taken_as` (hub): the seq the quarantined event was finally taken at. `renumbered` (desk): what moved.
    # Events stay immutable but for that one move, and only once it is written down in `renumbered`.
    db.executescript(
        """
        ALTER TABLE quarantine ADD COLUMN taken_as INTEGER;
        CREATE TABLE renumbered (
            id        TEXT PRIMARY KEY,          -- the event's id (unchanged)
            device    TEXT NOT NULL,
            old_seq   INTEGER NOT NULL,
            new_seq   INTEGER NOT NULL,
            at        TEXT NOT NULL
        ) WITHOUT ROWID;
        DROP TRIGGER events_are_immutable;
        CREATE TRIGGER events_are_immutable BEFORE UPDATE ON events
        WHEN NOT (NEW.id IS OLD.id AND NEW.device IS OLD.device AND NEW.hlc IS OLD.hlc AND NEW.type IS OLD.type
                  AND NEW.body IS OLD.body AND NEW.actor IS OLD.actor AND NEW.at IS OLD.at
                  AND EXISTS (SELECT 1 FROM renumbered r WHERE r.id = NEW.id AND r.device = NEW.device
                              AND r.old_seq = OLD.seq AND r.new_seq = NEW.seq))
        BEGIN SELECT RAISE(ABORT, 'events are immutable: append a correcting event instead'); END;
        """
    )
