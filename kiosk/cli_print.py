"""`kiosk print CODE --printer URL` and `kiosk printers`: through the same queue as the desk.

The printer backends are handed in by kiosk/cli.py (the only core module allowed to open `printers`).
`kiosk print` exits 0 only when the printer confirmed; otherwise 1, with the reason in words, within
DEADLINE_S, and the job is cancelled so that no desk prints it later behind the user's back.
"""

from __future__ import annotations

import argparse
import contextlib
import threading
import urllib.parse
from collections.abc import Callable
from typing import Any

from kiosk import attendees, print_queue
from kiosk.devices import NOT_CONFIRMED, Printer, PrinterError
from kiosk.printing import ReprintNeedsReason
from kiosk.store import Store

DEADLINE_S = 10.0
AddCommand = Callable[[str, str], argparse.ArgumentParser]


class PrintUserError(Exception):
    """A mistake the user can fix (exit code 2)."""


def add_parsers(command: AddCommand) -> None:
    p = command("print", "print one attendee's badge and wait for the printer to confirm it")
    p.add_argument("code", help="ticket code (or the attendee id)")
    p.add_argument("--printer", required=True, metavar="URL",
                   help="pdf:///folder, cups://Queue, brother-ql://HOST?model=…&label=…, zpl://HOST, escpos://HOST")
    p.add_argument("--reason", default="", help="why, when the badge was printed before")
    p.add_argument("--volunteer", default="", help="who printed it (for the audit trail)")
    p = command("printers", "list the printers this machine can find (CUPS, USB, the LAN)")
    p.add_argument("--timeout", type=float, default=2.0, help="seconds to listen on the LAN")


def _runner_with_deadline(deadline: float) -> Callable[..., None]:
    """Run the send on a thread and give up waiting after `deadline` seconds (a printer may hang)."""
    def run(func: Callable[[], Any], callback: Callable[[Any, BaseException | None], None]) -> None:
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                outcome["result"] = func()
            except BaseException as exc:  # handed to the callback, never lost in the thread
                outcome["error"] = exc

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        worker.join(deadline)
        if worker.is_alive():
            callback(None, PrinterError(f"the printer did not confirm within {deadline:g} s (it may still print)"))
        else:
            callback(outcome.get("result"), outcome.get("error"))
    return run


def cmd_print(store: Store, args: argparse.Namespace, open_printer: Callable[[str], Printer], actor: str) -> int:
    attendee = attendees.by_id_or_code(store.conn, args.code)
    if attendee is None:
        raise PrintUserError(f"no attendee with code {args.code!r}")
    args.printer = _within_deadline(args.printer)
    try:
        open_printer(args.printer)  # a URL we cannot use is the user's mistake, said before queueing
        job = print_queue.enqueue_badge(store, attendee.id, args.printer, actor=actor, reason=args.reason)
    except (PrinterError, ReprintNeedsReason, print_queue.NotPrintable) as exc:
        raise PrintUserError(str(exc)) from exc
    if job.state != "queued" or job.printer != args.printer or job.actor != actor:
        raise PrintUserError(f"{attendee.name}'s badge is already waiting on this desk "
                             f"({print_queue.waiting_message(job)}): retry or cancel it there")
    print_queue.Pump(store, open_printer, _runner_with_deadline(DEADLINE_S)).send(job)  # this job, no other
    done = print_queue.get(store, job.id)
    if print_queue.confirmed(done):
        print(f"{attendee.name}'s badge printed on {done.printer} ({done.confirmation})")
        return 0
    if done.state == "done":  # the printer took it but cannot say it came out: recorded, and said
        print(f"{attendee.name}'s badge was sent to {done.printer}, which cannot confirm printing "
              f"({done.confirmation.removeprefix(NOT_CONFIRMED)}); recorded as printed", flush=True)
        return 1
    with contextlib.suppress(ValueError):  # a desk may have taken the job meanwhile: then it is theirs
        print_queue.cancel(store, job.id)  # not printed: no desk should print it later without being asked
    print(f"{attendee.name}'s badge did not print: {done.last_error}", flush=True)
    return 1


def _within_deadline(url: str) -> str:
    """CUPS follows a job for up to a minute by default; within our 10 s it must give up (and cancel the
    job, so it does not print later behind the user's back) before we do."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "cups" or "timeout" in urllib.parse.parse_qs(parts.query):
        return url
    query = "&".join(filter(None, (parts.query, f"timeout={DEADLINE_S - 2:g}")))
    return urllib.parse.urlunsplit(parts._replace(query=query))


def cmd_printers(found: list[Any]) -> int:
    if not found:
        print("no printers found (none in CUPS, none on USB, none announced on the LAN); give a URL instead, "
              "e.g. brother-ql://10.0.0.12?model=QL-820NWB&label=62")
        return 0
    for item in found:
        print(f"{item.url:<50} {item.description}  [{item.how}]")
    return 0
