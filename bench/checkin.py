"""Durable check-in: `kiosk.checkin.check_in` against a bare one-row INSERT + COMMIT with the same pragmas.

Each of ours is one durable transaction (event + projection update + fsync of the WAL). The baseline is
the least any durable write can cost on this disk: one three-column row, committed, WAL + synchronous=FULL.
fsync time drifts with whatever else the disk is doing, so the two are interleaved one by one
(alternating which goes first) and both see the same conditions.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench import data
from bench.report import Row, overhead_row, summarize
from bench.workspace import Workspace, run_alone
from kiosk.checkin import check_in
from kiosk.db import BUSY_TIMEOUT_MS
from kiosk.store import Store

CHECKINS = 2_000
WARM_UP = 20
DESK = "Desk 1"
GOAL = 2.0


def bare_connection(path: Path) -> sqlite3.Connection:
    """A fresh file with the pragmas rule 2 demands, and nothing else."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE t (code TEXT, day INTEGER, desk TEXT)")
    return conn


def bare_insert(conn: sqlite3.Connection, code: str) -> None:
    conn.execute("BEGIN")
    conn.execute("INSERT INTO t VALUES (?, ?, ?)", (code, 1, DESK))
    conn.execute("COMMIT")


def pick_codes(store: Store, count: int, seed: int) -> list[str]:
    """`count` distinct valid attendees not yet in on day 1, chosen deterministically."""
    codes = [code for (code,) in store.conn.execute(
        "SELECT code FROM attendees a WHERE status = 'valid' AND NOT EXISTS "
        "(SELECT 1 FROM checkins c WHERE c.attendee_id = a.id AND c.day = 1) ORDER BY code"
    )]
    return random.Random(seed).sample(codes, count)


def _seconds(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(store: Store, bare: sqlite3.Connection, codes: Sequence[str]) -> tuple[list[float], list[float]]:
    ours_s: list[float] = []
    bare_s: list[float] = []
    for i, code in enumerate(codes):
        def ours(c: str = code) -> None:
            result = check_in(store, c, day=1, desk=DESK)
            if not result.ok:
                raise RuntimeError(f"check-in of {c} failed: {result.outcome} {result.message}")

        def plain(c: str = code) -> None:
            bare_insert(bare, c)

        if i % 2:
            ours_s.append(_seconds(ours))
            bare_s.append(_seconds(plain))
        else:
            bare_s.append(_seconds(plain))
            ours_s.append(_seconds(ours))
    return ours_s, bare_s


def run(workspace: Workspace) -> tuple[list[Row], dict[str, Any]]:
    store = Store.open(workspace.store_path(), data.DEVICE)
    bare = bare_connection(workspace.fresh_path("bare-checkin"))
    try:
        codes = pick_codes(store, WARM_UP + CHECKINS, data.SEED + 2)
        attendee_count = store.conn.execute("SELECT count(*) FROM attendees").fetchone()[0]
        data.log(f"check-in: {WARM_UP} warm-up + {CHECKINS} check-ins into a store of {attendee_count:,} "
                 "attendees, interleaved with bare INSERT+COMMIT…")
        measure(store, bare, codes[:WARM_UP])
        ours_s, bare_s = measure(store, bare, codes[WARM_UP:])
    finally:
        store.close()
        bare.close()
    ours, plain = summarize(ours_s), summarize(bare_s)
    note = "each is one durable transaction (WAL, synchronous=FULL); interleaved one by one"
    rows = [
        overhead_row("check-in", "p50 latency", "ms", ours.p50, plain.p50, GOAL, note=note),
        overhead_row("check-in", "p99 latency", "ms", ours.p99, plain.p99, GOAL),
        overhead_row("check-in", "mean latency", "ms", ours.mean, plain.mean, None),
    ]
    details = {
        "checkins": CHECKINS,
        "warm_up": WARM_UP,
        "attendees": attendee_count,
        "store_built_by": workspace.built_by,
        "ours_call": f"kiosk.checkin.check_in(store, code, day=1, desk={DESK!r})",
        "baseline": "sqlite3, fresh file, WAL + synchronous=FULL + busy_timeout: BEGIN; INSERT INTO t VALUES "
                    "(?, ?, ?); COMMIT",
        "ours": ours.as_dict(),
        "bare": plain.as_dict(),
    }
    return rows, details


if __name__ == "__main__":
    run_alone(run)
