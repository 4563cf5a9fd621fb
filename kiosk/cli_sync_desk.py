"""The desk's sync commands: `kiosk enrol URL CODE`, `kiosk sync [--once]`, `kiosk conflicts [--json]`,
`kiosk backup FILE`.

Exit codes for scripts: 0 done (sync: both sides level), 1 the network or the hub said no (with the reason),
2 a mistake the user can fix (not enrolled, FILE exists).
"""

from __future__ import annotations

import argparse
import json
import socket
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

from kiosk import desk as desk_mod
from kiosk import paths
from kiosk.db import StoreCorrupt
from kiosk.session import open_store
from kiosk.store import Store
from kiosk.sync import backup as sync_backup
from kiosk.sync import conflicts as conflicts_mod
from kiosk.sync import log, settings
from kiosk.sync.client import Round, sync_once
from kiosk.sync.http import HubError, HubRefused, HubUnreachable

AddCommand = Callable[[str, str], argparse.ArgumentParser]
EXIT_OK, EXIT_FAILED = 0, 1
INTERVAL_S, MAX_BACKOFF_S = 5.0, 60.0


class SyncUserError(Exception):
    """A mistake the user can fix (exit code 2)."""


def add_parsers(command: AddCommand) -> None:
    p = command("enrol", "join this desk to the hub on the venue network (URL and code from the hub's screen)")
    p.add_argument("url", help="the hub's address, e.g. http://192.168.1.20:8765")
    p.add_argument("code", help="the enrolment code the hub shows")
    p.add_argument("--desk", help="this desk's name (default: the name given at first start, else the hostname)")
    p.add_argument("--fingerprint", help="the hub's TLS certificate fingerprint (SHA-256), when it uses https")
    p = command("sync", "exchange events with the hub: exit 0 when both sides are level")
    p.add_argument("--once", action="store_true", help="one full round, then exit (default: every 5 s until Ctrl+C)")
    p = command("conflicts", "what sync could not decide alone: double check-ins and quarantined events")
    p.add_argument("--json", action="store_true")
    p = command("backup", "copy the event's database to FILE while the desk keeps working")
    p.add_argument("file", type=Path)
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")


def _store(args: argparse.Namespace, create: bool = False) -> Store:
    return open_store(args.data_dir, args.event, create=create)


# --- enrol -----------------------------------------------------------------------------------------------


def cmd_enrol(args: argparse.Namespace) -> int:
    if not args.url.startswith(("http://", "https://")):
        raise SyncUserError(f"the hub's address starts with http:// or https://, not {args.url!r}")
    name = args.desk or desk_mod.desk_name(paths.data_dir(args.data_dir)) or socket.gethostname()
    store = _store(args, create=True)  # a new laptop enrols first, then pulls the whole event
    try:
        done = settings.enrol(store, args.url, args.code, name, args.fingerprint)
    except HubError as exc:
        print(f"kiosk enrol: {exc.words}", file=sys.stderr)
        return EXIT_FAILED
    pinned = f", certificate {done.fingerprint[:16]}… pinned" if done.fingerprint else ""
    print(f"enrolled {done.desk} with hub {done.hub_id} at {done.url}{pinned}")
    return EXIT_OK


# --- sync ------------------------------------------------------------------------------------------------


def cmd_sync(args: argparse.Namespace) -> int:
    store = _store(args)
    if not settings.enrolled(store):
        raise SyncUserError("enrol first: kiosk enrol URL CODE")
    if args.once:
        return EXIT_OK if _round(store) == "level" else EXIT_FAILED
    return sync_loop(store)


def _round(store: Store) -> str:
    """One full round, printed: "level", "offline", "refused", "conflicts" or "more"."""
    hub = settings.hub_for(store)
    assert hub is not None  # checked by the caller
    try:
        with hub:
            done = sync_once(store, hub)
    except HubUnreachable as exc:
        print(f"offline: {exc.words} ({len(log.to_push(store))} events waiting)", file=sys.stderr)
        return "offline"
    except HubRefused as exc:
        print(f"refused: {exc.words}", file=sys.stderr)
        return "refused"
    print(_said(done))
    if done.conflicts:
        print(f"{done.conflicts} event{'s' if done.conflicts != 1 else ''} quarantined as conflicts: "
              "see kiosk conflicts", file=sys.stderr)
        return "conflicts"
    if not done.level:
        print("not level yet: more to exchange, run kiosk sync again", file=sys.stderr)
        return "more"
    return "level"


def _said(done: Round) -> str:
    state = "level" if done.level else "not level"
    return f"pushed {done.pushed}, pulled {done.pulled}, conflicts {done.conflicts}: {state}"


def sync_loop(store: Store, interval_s: float = INTERVAL_S, sleep: Callable[[float], None] = time.sleep) -> int:
    """Sync every `interval_s` until Ctrl+C; while offline wait twice as long each time (up to a minute)
    so a desk without network does not hammer it. A revoked token stops the loop: waiting will not help."""
    wait = interval_s
    try:
        while True:
            outcome = _round(store)
            if outcome == "refused":
                return EXIT_FAILED
            wait = min(wait * 2, MAX_BACKOFF_S) if outcome == "offline" else interval_s
            sleep(wait)
    except KeyboardInterrupt:
        print("stopped")
        return EXIT_OK


# --- conflicts -------------------------------------------------------------------------------------------


def cmd_conflicts(args: argparse.Namespace) -> int:
    store = _store(args)
    doubles = conflicts_mod.double_checkins(store)
    held = log.quarantined(store)
    if args.json:
        print(json.dumps({
            "double_checkins": [{"attendee_id": d.attendee_id, "name": d.name, "day": d.day,
                                 "where": [{"desk": w, "at": at} for w, at in d.where], "words": d.words}
                                for d in doubles],
            "quarantined": [{"event": e.to_json(), "reason": reason, "seen_at": seen} for e, reason, seen in held],
        }, ensure_ascii=False, indent=1))
        return EXIT_OK
    if not doubles and not held:
        print("no conflicts")
    for double in doubles:
        print(double.words)
    for event, reason, seen in held:
        print(f"quarantined {event.type} {event.id} (device {event.device} seq {event.seq}, seen {seen[:16]}): "
              f"{reason}")
    return EXIT_OK


# --- backup ----------------------------------------------------------------------------------------------


def cmd_backup(args: argparse.Namespace) -> int:
    out: Path = args.file
    if out.is_dir():
        raise SyncUserError(f"{out} is a folder: give a file name")
    if out.exists() and not args.force:
        raise SyncUserError(f"{out} exists: choose another name or add --force to replace it")
    if not (out.parent if str(out.parent) else Path(".")).is_dir():
        raise SyncUserError(f"cannot write {out}: there is no folder {out.parent}")
    store = _store(args)
    try:
        events, size = backup(store, out)
    except (OSError, sqlite3.Error, StoreCorrupt) as exc:
        print(f"kiosk backup: cannot write {out}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"backed up {events} events ({size / 1e6:.1f} MB) to {out}; quick_check ok")
    return EXIT_OK


def backup(store: Store, out: Path) -> tuple[int, int]:
    """kiosk.sync.backup (online backup, quick_check, atomic rename), then count what the copy holds.
    Returns (events, bytes)."""
    written = sync_backup.backup(store, out)
    copy = sqlite3.connect(f"file:{written}?mode=ro", uri=True)
    try:
        events = int(copy.execute("SELECT count(*) FROM events").fetchone()[0])
    finally:
        copy.close()
    return events, written.stat().st_size


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "enrol": cmd_enrol, "sync": cmd_sync, "conflicts": cmd_conflicts, "backup": cmd_backup,
}
