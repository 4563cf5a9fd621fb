"""Kill -9 at random moments: every acknowledged check-in survives, seqs stay gapless, the file stays sound."""

from __future__ import annotations

import os
import random
import select
import signal
import time
from pathlib import Path

from kiosk.checkin import check_in
from kiosk.rebuild import rebuild
from kiosk.store import Store
from tests.conftest import small_config
from tests.factories import add_attendees

KILLS = 200
DEVICE = "desk-crash"


def _child(path: Path, codes: list[str], start: int, ack_fd: int) -> None:
    """Check attendees in one after another; report each event id only after the commit returned."""
    store = Store.open(path, device=DEVICE)
    for code in codes[start:]:
        result = check_in(store, code, day=1, desk="Crash desk")
        if result.ok and result.checkin is not None:
            os.write(ack_fd, (result.checkin.id + "\n").encode())


def _run_until_killed(path: Path, codes: list[str], start: int, rng: random.Random) -> list[str]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the desk process
        os.close(read_fd)
        try:
            _child(path, codes, start, write_fd)
        finally:
            os._exit(0)
    os.close(write_fd)
    # Kill at a random moment after the child acknowledged its first check-in (so each run does real
    # work however loaded the machine is), mostly in the middle of later commits.
    received = b""
    ready, _, _ = select.select([read_fd], [], [], 10.0)
    if ready:
        received = os.read(read_fd, 65536)
    time.sleep(rng.uniform(0.0, 0.040))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    with os.fdopen(read_fd, "rb") as pipe:
        received += pipe.read()
    return [line.decode() for line in received.splitlines()]


def test_kill_minus_nine_loses_no_acknowledged_event(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite"
    setup = Store.open(path, device="importer")
    setup.set_config(small_config())
    ids = add_attendees(setup, *(f"Person {i:05d}" for i in range(6000)))
    setup.close()
    rng = random.Random(20261127)
    acknowledged: list[str] = []
    for _ in range(KILLS):
        acknowledged += _run_until_killed(path, ids, len(acknowledged), rng)

    store = Store.open(path, device="inspector")  # opening runs quick_check
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in store.conn.execute("SELECT id FROM events WHERE device = ?", (DEVICE,))}
    lost = [event_id for event_id in acknowledged if event_id not in stored]
    seqs = [row[0] for row in store.conn.execute("SELECT seq FROM events WHERE device = ? ORDER BY seq", (DEVICE,))]
    print(f"\n{KILLS} kills, {len(acknowledged)} acknowledged, {len(lost)} lost "
          f"({len(stored) - len(acknowledged)} committed but killed before acknowledging)")
    assert lost == []
    assert len(acknowledged) >= KILLS  # every child got at least one check-in acknowledged before its kill
    assert seqs == list(range(1, len(seqs) + 1))
    checked_in = store.conn.execute("SELECT count(DISTINCT attendee_id) FROM checkins").fetchone()[0]
    assert checked_in == len(stored)  # every event's projection committed with it, none twice
    assert rebuild(store, verify=True).identical
