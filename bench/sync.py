"""Sync: 100,000 events of one desk → a real hub (`kiosk hub`, its own process, HTTP on 127.0.0.1) → a
second desk, both desks syncing at once as their workers do (desk 1 pushes from its own `kiosk sync` process).
The events are five days at the desks of a 5,000-person event (each day every attendee is checked in, badged,
has a detail fixed and a badge reprinted), which both desks already know. Also measured, for information: the
first 5,000 attendees travelling (creation events cost more: each is a new attendee row and search entry on
the hub and on the desk).

Beside it, in the same run, the floor of the same job: the same rows read from the first file and inserted
into two bare files (one durable commit each), without a network, a protocol or projections.
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench import data
from bench.checkin import bare_connection
from bench.report import Row, info_row, limit_row, overhead_row
from bench.workspace import Workspace, run_alone
from kiosk.session import open_store
from kiosk.store import Store
from kiosk.sync import settings
from kiosk.sync.client import sync_once

GOAL_S = 10.0
DAY_EVENTS = 100_000
PEOPLE = 5_000
CODE = "BENCH-2026"
HUB_START_S = 30.0


def run(workspace: Workspace) -> tuple[list[Row], dict[str, Any]]:
    desk_dir = workspace.root / "sync-desk-1"
    first = open_store(desk_dir, "bench", create=True)  # a desk's data folder: `kiosk sync` runs on it
    second = Store.open(workspace.fresh_path("sync-desk-2"), "bench-sync-desk-2")
    hub = _start_hub(workspace.root / "sync-hub")
    try:
        url = _hub_url(hub)
        people = _import_people(workspace, first)
        settings.enrol(first, url, CODE, "Desk 1")
        settings.enrol(second, url, CODE, "Desk 2")
        data.log(f"sync: {people:,} attendees desk 1 → hub at {url} → desk 2…")
        creations = first.event_count()
        created_s = _timed(lambda: _level(first)) + _timed(lambda: _level(second))
        data.log(f"sync: writing {DAY_EVENTS:,} events of five days at desk 1…")
        _write_days(first, DAY_EVENTS)
        total_events = first.event_count()
        events = total_events - creations
        data.log(f"sync: {events:,} events desk 1 → hub → desk 2, both desks syncing at once…")
        started, cpu_before = time.perf_counter(), _cpu_seconds(hub.pid)
        held_at, pushed_at = _together(desk_dir, second, total_events)
        together_s, pushed_s = held_at - started, pushed_at - started
        cpu = {name: after - before for (name, before), after in zip(cpu_before.items(),
                                                                       _cpu_seconds(hub.pid).values(), strict=True)}
        floor_s = _bare_copy(first.path, creations, workspace)
    finally:
        _stop(hub)
        first.close()
        second.close()
    note = (f"{events:,} events; desk 1 pushes from its own `kiosk sync` process while desk 2 pulls, over HTTP "
            "through `kiosk hub` in a third; bare = the same rows into two plain files, one commit each, no "
            "network, checks or projections")
    rows = [
        limit_row("sync", f"desk → hub → desk, {events // 1000}k events", "s", together_s, GOAL_S, note, floor_s),
        overhead_row("sync", "same, beside the bare copy", "s", together_s, floor_s, None),
        info_row("sync", "desk 1's `kiosk sync --once` ended (pushed, pulled, closed)", "s", pushed_s, None),
        info_row("sync", "throughput end to end", "events/s", events / together_s, None),
        info_row("sync", "CPU: the hub / desk 1 pushing / desk 2 pulling", "s",
                 cpu["hub"], None, f"desk 1 {cpu['desk 1']:.1f} s, desk 2 {cpu['desk 2']:.1f} s of CPU during the "
                 f"run: three busy processes on {os.cpu_count()} CPUs"),
        info_row("sync", f"{people // 1000}k new attendees desk → hub → desk", "s", created_s, None,
                 f"{creations:,} creation events (the import reaching another desk), one after the other"),
    ]
    return rows, {"events": events, "together_s": together_s, "push_s": pushed_s, "cpu_s": cpu,
                  "bare_s": floor_s, "attendees": people, "attendees_s": created_s}


def _together(desk_dir: Path, second: Store, total: int) -> tuple[float, float]:
    """Desk 1's `kiosk sync --once` in its own process; desk 2 pulls meanwhile until it holds every event.
    Returns when (perf_counter) desk 2 held every event, and when desk 1's process had ended (its round also
    pulls, once it pushed, and the process then closes its store: it may end after desk 2 is done)."""
    pusher = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "--data-dir", str(desk_dir), "sync", "--once"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ended: list[float] = []
    # desk 2's loop sees the pusher end only between rounds, when its last round already pulled everything
    watcher = threading.Thread(target=lambda: (pusher.wait(), ended.append(time.perf_counter())), daemon=True)
    watcher.start()
    try:
        hub = settings.hub_for(second, timeout_s=60.0)
        assert hub is not None
        with hub:
            while second.event_count() < total:
                if sync_once(second, hub).pulled == 0:
                    time.sleep(0.02)
        held_at = time.perf_counter()
        _, err = pusher.communicate(timeout=600)
        if pusher.returncode != 0:
            raise RuntimeError(f"kiosk sync --once failed: {err}")
        watcher.join(timeout=5)
        return held_at, ended[0] if ended else time.perf_counter()
    finally:
        if pusher.poll() is None:
            pusher.kill()
            pusher.wait()


def _cpu_seconds(hub_pid: int) -> dict[str, float]:
    """CPU used so far by the hub (its /proc entry: Linux), by this process (desk 2, pulling) and by the
    children waited for (desk 1's `kiosk sync`, once it ended)."""
    try:
        fields = Path(f"/proc/{hub_pid}/stat").read_text().rsplit(")", 1)[1].split()
        hub = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        hub = float("nan")
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"hub": hub, "desk 1": children.ru_utime + children.ru_stime, "desk 2": mine.ru_utime + mine.ru_stime}


def _import_people(workspace: Workspace, store: Store) -> int:
    from kiosk.importers import parse_file
    from kiosk.importing import import_parsed

    people = data.generate(PEOPLE)
    csv = data.write_pretix_csv(workspace.root / "sync-people.csv", people)
    import_parsed(store, parse_file(csv, "pretix"))
    return len(people)


def _write_days(store: Store, count: int) -> None:
    """`count` events in one transaction: per day and attendee a check-in, a badge, an edit, a reprint."""
    ids = [i for (i,) in store.conn.execute("SELECT id FROM attendees ORDER BY id")]
    towns = ("Graz", "Wien", "Linz", "Salzburg", "Bregenz")
    with store.write(actor="Sam @ Desk 1") as writer:
        written = 0
        for day in range(1, 100):
            for n, attendee in enumerate(ids):
                if written >= count:
                    return
                writer.append("checkin.recorded", {"attendee_id": attendee, "day": day, "desk": "Desk 1",
                                                   "volunteer": "Sam"})
                writer.append("badge.printed", {"attendee_id": attendee, "printer": "pdf:///badges",
                                                "confirmation": f"/badges/{n}.pdf", "reason": ""})
                writer.append("attendee.edited", {"attendee_id": attendee, "changes": {"city": towns[day % 5]},
                                                  "origin": "desk", "reason": ""})
                writer.append("badge.printed", {"attendee_id": attendee, "printer": "pdf:///badges",
                                                "confirmation": f"/badges/{n}-2.pdf", "reason": "town fixed"})
                written += 4


def _level(store: Store) -> None:
    hub = settings.hub_for(store, timeout_s=60.0)
    assert hub is not None
    with hub:
        for _ in range(20):
            if sync_once(store, hub).level:
                return
    raise AssertionError(f"{store.device} is not level with the hub after 20 rounds")


def _timed(job: Any) -> float:
    started = time.perf_counter()
    job()
    return time.perf_counter() - started


def _start_hub(folder: Path) -> subprocess.Popen[str]:
    folder.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "kiosk.cli", "hub", "--host", "127.0.0.1", "--port", "0", "--data-dir",
               str(folder), "--event", "bench", "--enrol-code", CODE, "--backup-every", "0"]
    if "--no-mdns" in subprocess.run([*command[:4], "--help"], capture_output=True, text=True).stdout:
        command.append("--no-mdns")  # nothing to announce on a loopback benchmark
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)


def _hub_url(hub: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + HUB_START_S
    assert hub.stdout is not None
    seen = []
    while time.monotonic() < deadline:
        line = hub.stdout.readline()
        if not line:
            break
        seen.append(line)
        if line.startswith("hub: "):
            return line.split(" ", 1)[1].strip()
    raise RuntimeError("the hub did not start:\n" + "".join(seen))


def _stop(hub: subprocess.Popen[str]) -> None:
    if hub.poll() is None:
        os.killpg(hub.pid, signal.SIGTERM)
        try:
            hub.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(hub.pid, signal.SIGKILL)
            hub.wait()


def _bare_copy(source: Path, after_seq: int, workspace: Workspace) -> float:
    """The floor: read the event rows, insert them into two plain files (hub and desk), one commit each."""
    started = time.perf_counter()
    read = sqlite3.connect(str(source))
    rows = read.execute("SELECT id, device, seq, hlc, type, body, actor, at FROM events WHERE seq > ?",
                        (after_seq,)).fetchall()
    read.close()
    for name in ("bare-hub", "bare-desk"):
        conn = bare_connection(workspace.fresh_path(name))
        conn.execute("CREATE TABLE events (id TEXT NOT NULL UNIQUE, device TEXT, seq INTEGER, hlc TEXT, type TEXT, "
                     "body TEXT, actor TEXT, at TEXT, UNIQUE (device, seq))")
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
        conn.close()
    return time.perf_counter() - started


if __name__ == "__main__":
    run_alone(run)
