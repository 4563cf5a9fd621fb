"""The desk's sync commands: `kiosk hubs [--json]`, `kiosk enrol URL CODE` (or `--payload QR-TEXT`),
`kiosk sync [--once]`, `kiosk conflicts [--json]`, `kiosk backup FILE`.

Exit codes for scripts: 0 done (sync: both sides level), 1 the network or the hub said no (with the reason;
hubs: none answered), 2 a mistake the user can fix (not enrolled, FILE exists, not an enrolment QR).
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
from kiosk.sync import discovery, log, settings
from kiosk.sync.client import Round, sync_once
from kiosk.sync.http import HubError, HubRefused, HubUnreachable

AddCommand = Callable[[str, str], argparse.ArgumentParser]
EXIT_OK, EXIT_FAILED = 0, 1
INTERVAL_S, MAX_BACKOFF_S = 5.0, 60.0


class SyncUserError(Exception):
    """A mistake the user can fix (exit code 2)."""


def add_parsers(command: AddCommand) -> None:
    p = command("hubs", "list the sync hubs that announce themselves on this network (mDNS)")
    p.add_argument("--timeout", type=float, default=2.0, metavar="S", help="seconds to listen (default 2)")
    p.add_argument("--json", action="store_true")
    p = command("enrol", "join this desk to the hub on the venue network (URL and code from the hub's screen)")
    p.add_argument("url", nargs="?", help="the hub's address, e.g. http://192.168.1.20:8765")
    p.add_argument("code", nargs="?", help="the enrolment code the hub shows")
    p.add_argument("--payload", metavar="TEXT", help="instead of URL CODE: the text of the QR on the hub's page")
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


# --- hubs, enrol ------------------------------------------------------------------------------------------


def cmd_hubs(args: argparse.Namespace) -> int:
    if not 0 < args.timeout <= 60:
        raise SyncUserError(f"--timeout wants seconds above 0, at most 60, not {args.timeout:g}")
    found = discovery.find_hubs(args.timeout)
    if args.json:
        print(json.dumps([{"event": h.event, "url": h.url, "hub": h.hub_id, "fingerprint": h.fingerprint,
                           "name": h.name} for h in found], ensure_ascii=False, indent=1))
    elif found:
        for hub in found:
            pin = f" --fingerprint {hub.fingerprint}" if hub.fingerprint else ""
            print(f"{hub.event}: {hub.url} (hub {hub.hub_id})\n  kiosk enrol {hub.url} CODE{pin}")
        # anyone on the LAN can announce a "hub": the enrolment code must only go to the real one
        print("Check the address (and certificate) against the hub's own screen before you enrol.")
    if not found:
        print(f"no hub answered on this network within {args.timeout:g} s: is it running with --host 0.0.0.0, "
              "on the same network as this laptop? Or give its address: kiosk enrol URL CODE", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def cmd_enrol(args: argparse.Namespace) -> int:
    url, code, fingerprint = _enrol_target(args)
    name = args.desk or desk_mod.desk_name(paths.data_dir(args.data_dir)) or socket.gethostname()
    store = _store(args, create=True)  # a new laptop enrols first, then pulls the whole event
    try:
        done = settings.enrol(store, url, code, name, fingerprint)
    except HubError as exc:
        print(f"kiosk enrol: {exc.words}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        store.close()
    pinned = f", certificate {done.fingerprint[:16]}… pinned" if done.fingerprint else ""
    print(f"enrolled {done.desk} with hub {done.hub_id} at {done.url}{pinned}")
    return EXIT_OK


def _enrol_target(args: argparse.Namespace) -> tuple[str, str, str | None]:
    """(url, code, fingerprint) from URL CODE [--fingerprint], or from --payload: the enrolment QR's text."""
    if args.payload is not None:
        if args.url or args.code or args.fingerprint:
            raise SyncUserError("give either --payload or URL CODE [--fingerprint], not both")
        try:
            target = discovery.parse_enrol_payload(args.payload)
        except ValueError as exc:
            raise SyncUserError(str(exc)) from exc
        return target.url, target.code, target.fingerprint
    if args.url is None or args.code is None:
        raise SyncUserError("give the hub's address and the enrolment code (kiosk enrol URL CODE) or the QR's "
                            "text (kiosk enrol --payload TEXT); kiosk hubs lists the hubs on this network")
    if not args.url.startswith(("http://", "https://")):
        raise SyncUserError(f"the hub's address starts with http:// or https://, not {args.url!r}")
    return args.url, args.code, args.fingerprint


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
    if done.moved:
        print(f"{done.moved} event{'s' if done.moved != 1 else ''} of this desk moved to a free number and sent "
              "again: this store was restored from an older copy (see kiosk conflicts)", file=sys.stderr)
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
    try:
        found = conflicts_mod.all_conflicts(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps(_as_json(found), ensure_ascii=False, indent=1))
        return EXIT_OK
    if not found.count:
        print("no conflicts")
    for line in (*(d.words for d in found.double_checkins), *(e.words for e in found.concurrent_edits)):
        print(line)
    for event, reason, seen in found.quarantined:
        print(f"quarantined {event.type} {event.id} (device {event.device} seq {event.seq}, seen {seen[:16]}): "
              f"{reason}")
    if found.renumbered:  # information, not a conflict: nothing was lost
        print(f"{len(found.renumbered)} event(s) of this desk were renumbered after it was restored from an older "
              "copy (nothing lost)")
    return EXIT_OK


def _as_json(found: conflicts_mod.Conflicts) -> dict[str, object]:
    return {
        "double_checkins": [{"attendee_id": d.attendee_id, "name": d.name, "day": d.day,
                             "where": [{"desk": w, "at": at} for w, at in d.where], "words": d.words}
                            for d in found.double_checkins],
        "concurrent_edits": [{"attendee_id": e.attendee_id, "name": e.name, "field": e.field, "now": e.now,
                              "edits": [{"value": v, "actor": a, "at": at} for v, a, at in e.edits],
                              "words": e.words} for e in found.concurrent_edits],
        "quarantined": [{"event": e.to_json(), "reason": reason, "seen_at": seen}
                        for e, reason, seen in found.quarantined],
        "renumbered": [{"id": r.id, "old_seq": r.old_seq, "new_seq": r.new_seq, "at": r.at} for r in found.renumbered],
    }


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
    "hubs": cmd_hubs, "enrol": cmd_enrol, "sync": cmd_sync, "conflicts": cmd_conflicts, "backup": cmd_backup,
}
