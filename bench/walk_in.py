"""Walk-in at the desk: register + cash payment + check-in (one durable transaction) and the badge queued
(a second one), in the 100,000-attendee store; beside two bare durable INSERT+COMMITs, interleaved.

The duplicate check that runs while the volunteer types (`registration.similar`) is timed apart: it is
a read, on the typing path, not part of the commit.
"""

from __future__ import annotations

import random
import time
from typing import Any

from bench import data
from bench.checkin import bare_connection, bare_insert
from bench.report import Row, info_row, limit_row, summarize
from bench.workspace import Workspace, run_alone
from kiosk import print_queue
from kiosk.cash import drawer
from kiosk.cash.payments import Tender
from kiosk.registration import WalkIn, register, similar
from kiosk.store import Store

WALK_INS = 500
WARM_UP = 10
GOAL_MS = 200.0
FIRST = ("Ana", "Ben", "Chiara", "Dmitri", "Eun-ji", "Farah", "Gustav", "Hiro", "Ines", "Jonas")
LAST = ("Okafor", "Lindqvist", "Moreau", "Nakamura", "Petrov", "Quispe", "Rossi", "Schmidt", "Tanaka", "Weiss")


def _walk_in(store: Store, n: int, rng: random.Random) -> None:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{n}"
    config = store.config()
    ticket = next(t for t in config.ticket_types if t.price_minor)
    done = register(store, WalkIn(name, f"walkin{n}@example.org", "Bench GmbH", "Graz", ticket.name,
                                  tuple(i.name for i in config.interests[:2])),
                    Tender("cash", ticket.price_minor + 5000), day=1, desk="Desk 1", volunteer="Sam",
                    actor="Sam @ Desk 1")
    print_queue.enqueue_badge(store, done.attendee.id, "pdf:///tmp/kiosk-bench-badges", actor="Sam @ Desk 1")


def run(workspace: Workspace) -> tuple[list[Row], dict[str, Any]]:
    store = Store.open(workspace.store_path(), data.DEVICE)
    bare = bare_connection(workspace.fresh_path("bare-walk-in"))
    rng = random.Random(data.SEED + 7)
    ours_s: list[float] = []
    bare_s: list[float] = []
    similar_s: list[float] = []
    try:
        if drawer.current(store, 1) is None:
            drawer.open_drawer(store, day=1, desk="Desk 1", counts={2000: 10}, counted_by="Sam", witness="Kim",
                               actor="Sam @ Desk 1")
        attendee_count = store.conn.execute("SELECT count(*) FROM attendees").fetchone()[0]
        data.log(f"walk-in: {WARM_UP} warm-up + {WALK_INS} walk-ins (register, pay cash, check in, queue the "
                 f"badge) into {attendee_count:,} attendees, interleaved with 2 bare INSERT+COMMITs…")
        for n in range(WARM_UP + WALK_INS):
            started = time.perf_counter()
            similar(store, f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"walkin{n}@example.org")
            typed = time.perf_counter() - started

            def ours(i: int = n) -> float:
                begin = time.perf_counter()
                _walk_in(store, i, rng)
                return time.perf_counter() - begin

            def plain(i: int = n) -> float:
                begin = time.perf_counter()
                bare_insert(bare, f"walk-in-{i}")
                bare_insert(bare, f"job-{i}")
                return time.perf_counter() - begin

            first, second = (ours, plain) if n % 2 else (plain, ours)
            a, b = first(), second()
            if n >= WARM_UP:
                ours_s.append(a if first is ours else b)
                bare_s.append(b if first is ours else a)
                similar_s.append(typed)
    finally:
        store.close()
        bare.close()
    ours, plain, lookup = summarize(ours_s), summarize(bare_s), summarize(similar_s)
    note = ("register + cash payment + check-in in one durable transaction, then the badge job in a second; "
            "baseline: two bare durable INSERT+COMMITs, interleaved one by one")
    rows = [
        limit_row("walk-in", "p99 committed + badge queued", "ms", ours.p99, GOAL_MS, note=note, baseline=plain.p99),
        info_row("walk-in", "p50 committed + badge queued", "ms", ours.p50, plain.p50),
        info_row("walk-in", "p99 duplicate check (typing)", "ms", lookup.p99, None,
                 note="registration.similar(name, email) over the whole store, run as the volunteer types"),
    ]
    details = {"walk_ins": WALK_INS, "warm_up": WARM_UP, "attendees": attendee_count, "ours": ours.as_dict(),
               "bare": plain.as_dict(), "similar": lookup.as_dict()}
    return rows, details


if __name__ == "__main__":
    run_alone(run)
