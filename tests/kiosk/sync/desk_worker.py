"""One desk as a process of its own, for tests/kiosk/sync/test_multiprocess.py:

    python -m tests.kiosk.sync.desk_worker --store FILE --device ID --hub URL --code CODE --events N

It enrols (once: the enrolment is kept in the store), waits until the attendees came from the hub, then
writes check-ins, undos and edits until N events of its own are in its store, at `--rate` per second, while
a sync thread (its own connection to the file, as the desk app's sync worker has) exchanges events with the
hub every `--interval` seconds and keeps doing so after the writing is done, until SIGTERM.

Everything it knows is in its store: SIGKILL it at any moment and start it again with the same arguments,
and it carries on where the store says (its own events so far; the cursors; the enrolment). A small JSON
status file (counters kept across restarts, up to the last write before a kill) is only for the report.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from kiosk.checkin import NotCheckedIn, check_in, undo_check_in
from kiosk.editing import edit_attendee
from kiosk.store import Store
from kiosk.sync import settings
from kiosk.sync.client import sync_once
from kiosk.sync.http import HubRefused, HubUnreachable

TIMEOUT_S = 2.0        # each call to the hub: a desk must never hang on a bad network
MAX_BACKOFF_S = 1.0    # offline: wait 0.1, 0.2, 0.4 … up to this between rounds
ENROL_FOR_S = 60.0     # give up enrolling (exit 3) after this long
CITIES = ("Graz", "Wien", "Linz", "Salzburg", "Innsbruck")
EXIT_REFUSED, EXIT_BROKEN = 3, 4


class Status:
    """Counters for the report, written atomically; a restarted worker continues from the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.data: dict[str, Any] = {"starts": 0, "rounds": 0, "level_rounds": 0, "unreachable": 0,
                                     "pushed": 0, "pulled": 0, "conflicts": 0, "enrolments": 0,
                                     "written": 0, "done": False, "last_error": ""}
        if path.is_file():
            # replaced atomically (os.replace), so never half-written; unreadable only if someone else wrote it
            with contextlib.suppress(ValueError):
                self.data.update(json.loads(path.read_text(encoding="utf-8")))
        self.data["done"] = False

    def add(self, **counts: int) -> None:
        with self.lock:
            for key, value in counts.items():
                self.data[key] = int(self.data.get(key, 0)) + value

    def longest(self, **seconds: float) -> None:
        with self.lock:
            for key, value in seconds.items():
                self.data[f"max_{key}"] = round(max(float(self.data.get(f"max_{key}", 0.0)), value), 3)

    def put(self, **values: Any) -> None:
        with self.lock:
            self.data.update(values)

    def save(self) -> None:
        # The writer and the sync thread both save; the whole write-and-replace is under the lock because they
        # share one temporary name, and one thread's replace used to take the other's file from under it.
        with self.lock:
            text = json.dumps(self.data, sort_keys=True)
            temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, self.path)


def own_events(store: Store) -> int:
    (count,) = store.conn.execute("SELECT count(*) FROM events WHERE device = ?", (store.device,)).fetchone()
    return int(count)


def enrol(store: Store, args: argparse.Namespace, status: Status, stop: threading.Event) -> bool:
    """Enrol through the (faulty) network until it works; an enrolled store is left as it is."""
    if settings.enrolled(store):
        return True
    deadline = time.monotonic() + ENROL_FOR_S
    while not stop.is_set() and time.monotonic() < deadline:
        try:
            settings.enrol(store, args.hub, args.code, args.desk, timeout_s=TIMEOUT_S)
            status.add(enrolments=1)
            return True
        except HubUnreachable as exc:
            status.put(last_error=exc.words)
            stop.wait(0.2)
    return False


def sync_forever(path: Path, device: str, interval_s: float, status: Status, stop: threading.Event) -> None:
    """The sync worker: its own Store on the same file, one HttpHub (kept-alive connections) for its life."""
    store = Store.open(path, device, check=False)
    hub = settings.hub_for(store, timeout_s=TIMEOUT_S)
    assert hub is not None, "enrolled before the sync thread starts"
    wait = interval_s
    try:
        while not stop.is_set():
            began = time.monotonic()
            try:
                done = sync_once(store, hub)
            except HubUnreachable as exc:
                status.add(rounds=1, unreachable=1)
                status.put(last_error=exc.words)
                wait = min(max(wait * 2, 0.1), MAX_BACKOFF_S)
            else:
                status.add(rounds=1, level_rounds=int(done.level), pushed=done.pushed, pulled=done.pulled,
                           conflicts=done.conflicts)
                wait = interval_s
            status.longest(round_s=time.monotonic() - began)
            status.save()
            stop.wait(wait)
    except HubRefused as exc:  # a revoked token: nothing this desk can do alone; the test will see it
        status.put(last_error=f"refused: {exc.words}")
        status.save()
        os._exit(EXIT_REFUSED)
    except BaseException:  # anything else is a bug: end the whole process loudly, not just this thread
        traceback.print_exc(file=sys.stderr)
        sys.stderr.flush()
        os._exit(EXIT_BROKEN)
    finally:
        hub.close()
        store.close()


def write_one(store: Store, args: argparse.Namespace, people: list[str], n: int) -> None:
    """The desk's n-th event (0-based), chosen by (seed, device, n): a restart makes the same choice for the
    same n. Always exactly one event: a check-in, the undo of a standing one, or an edit of the city."""
    rng = random.Random(f"{args.seed}:{store.device}:{n}")
    person, day = rng.choice(people), rng.randint(1, 2)
    if rng.random() < 0.65:
        result = check_in(store, person, day=day, desk=args.desk, volunteer="Sam")
        if result.ok:
            return
        if result.outcome == "already":  # checked in here or at another desk: a volunteer undoes it
            try:
                undo_check_in(store, person, day=day, reason=f"wrong person ({n})", actor="Sam")
                return
            except NotCheckedIn:  # a pull just brought another desk's undo of it: edit instead
                pass
    edit_attendee(store, person, {"city": f"{rng.choice(CITIES)} {store.device} {n}"}, actor="Sam")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="this desk's event file")
    parser.add_argument("--device", required=True)
    parser.add_argument("--desk", default="")
    parser.add_argument("--hub", required=True, help="the hub's URL (here: this desk's proxy link)")
    parser.add_argument("--code", required=True, help="the enrolment code")
    parser.add_argument("--events", type=int, required=True, help="how many events of its own to write")
    parser.add_argument("--attendees", type=int, required=True, help="wait until this many came from the hub")
    parser.add_argument("--rate", type=float, default=50.0, help="events per second at most")
    parser.add_argument("--interval", type=float, default=0.3, help="seconds between sync rounds")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    args.desk = args.desk or args.device

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    status = Status(args.store.with_suffix(".status.json"))
    status.add(starts=1)
    store = Store.open(args.store, args.device)  # after a SIGKILL: quick_check, then carry on
    syncer: threading.Thread | None = None
    try:
        if not enrol(store, args, status, stop):
            status.save()
            return EXIT_REFUSED
        syncer = threading.Thread(target=sync_forever, args=(args.store, args.device, args.interval, status, stop),
                                  name="sync", daemon=True)
        syncer.start()
        while not stop.is_set():  # the attendees (and the configuration) come from the hub
            (people,) = store.conn.execute("SELECT count(*) FROM attendees").fetchone()
            if store.has_config() and people >= args.attendees:
                break
            stop.wait(0.1)
        people_ids = [i for (i,) in store.conn.execute("SELECT id FROM attendees ORDER BY id")]
        started, first = time.monotonic(), own_events(store)
        n = first
        while n < args.events and not stop.is_set():
            pause = started + (n - first) / args.rate - time.monotonic()
            if pause > 0:
                stop.wait(pause)
            write_one(store, args, people_ids, n)
            n = own_events(store)
            if n % 50 == 0:
                status.put(written=n)
                status.save()
        status.put(written=n, done=n >= args.events)
        status.save()
        while not stop.wait(0.5):  # keep syncing until told to stop
            pass
    finally:
        stop.set()
        if syncer is not None:
            syncer.join(timeout=2 * TIMEOUT_S + 1)
        status.save()
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
