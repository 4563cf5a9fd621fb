"""`kiosk SUB-COMMAND …`: the desk's command line, for scripts, tests and the night before the event.

No Qt is imported here, so every sub-command starts fast and works on a machine with no screen.
User errors go to stderr with exit code 2 and no traceback.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kiosk import attendees, cli_badges, cli_print, cli_report, cli_sync, cli_sync_desk
from kiosk.checkin import check_in
from kiosk.config import ConfigError
from kiosk.db import StoreCorrupt
from kiosk.export import export
from kiosk.importers import FIELDS, FORMATS, ImportFileError, parse_file
from kiosk.rebuild import rebuild
from kiosk.search import search
from kiosk.session import DEMO_SLUG, NoEvent, open_store
from kiosk.store import NoEventConfigured, Store

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UserError(Exception):
    """A mistake the user can fix; printed without a traceback, exit code 2."""


def _common(parser: argparse.ArgumentParser, top: bool) -> None:
    # The same options on the main parser and every sub-parser, so they work before or after the
    # sub-command; SUPPRESS on the sub-parsers keeps a value given before the sub-command.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--data-dir", default=default, help="folder for the event databases "
                        "(default: $KIOSK_DATA_DIR, else the user data folder)")
    parser.add_argument("--event", default=default, help="which event (default: the one used last)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Conference registration desk and badge kiosk.")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        child = sub.add_parser(name, help=help_text, description=help_text)
        _common(child, top=False)
        return child

    command("demo", "create or refresh the demo event")
    p = command("import", "import attendees from a ticket-shop export (pretix, Eventbrite, Tito, Luma, CSV)")
    p.add_argument("file", type=Path)
    p.add_argument("--format", choices=FORMATS, default="auto")
    p.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                   help=f"use COLUMN for FIELD (fields: {', '.join(FIELDS)})")
    p = command("search", "find attendees by name, email, organisation, town or code")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")
    p = command("checkin", "check one attendee in")
    p.add_argument("code")
    p.add_argument("--day", type=int, help="event day number, 1-based (default: today)")
    p.add_argument("--desk", default=socket.gethostname())
    p.add_argument("--volunteer", default="")
    p = command("info", "counts of attendees, check-ins and events")
    p.add_argument("--json", action="store_true")
    p = command("export", "export attendees or check-ins (CSV) or the event log (JSON lines)")
    p.add_argument("what", choices=("attendees", "checkins", "events"))
    p.add_argument("file", type=Path)
    p = command("rebuild", "rebuild every projection from the event log")
    p.add_argument("--verify", action="store_true", help="only compare; fail if anything differs")
    cli_badges.add_parsers(command)
    cli_print.add_parsers(command)
    cli_report.add_parsers(command)
    cli_sync_desk.add_parsers(command)
    cli_sync.add_parsers(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        print("kiosk: give a sub-command (see kiosk --help); without one, `kiosk` opens the desk window",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except (UserError, cli_badges.BadgeUserError, cli_print.PrintUserError, cli_report.ReportUserError, NoEvent,
            cli_sync_desk.SyncUserError, cli_sync.HubUserError,
            NoEventConfigured, ImportFileError, ConfigError, StoreCorrupt) as exc:
        print(f"kiosk {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `kiosk layout | head`: the reader has what it wanted
        sys.stderr.close()
        return EXIT_OK


def _store(args: argparse.Namespace, create: bool = False) -> Store:
    return open_store(args.data_dir, args.event, create=create)


def _cmd_demo(args: argparse.Namespace) -> int:
    from kiosk.demo import install_demo

    store = open_store(args.data_dir, args.event or DEMO_SLUG, create=True)
    summary = install_demo(store, progress=_progress_printer())
    print(summary.describe())
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from kiosk.importing import import_parsed

    mapping = dict(_split_mapping(m) for m in args.map)
    try:
        parsed = parse_file(args.file, args.format, mapping)
    except OSError as exc:
        raise UserError(f"cannot read {args.file}: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    store = _store(args, create=True)
    summary = import_parsed(store, parsed, progress=_progress_printer())
    print(summary.describe())
    return EXIT_OK


def _split_mapping(text: str) -> tuple[str, str]:
    field, sep, column = text.partition("=")
    if not sep or not field.strip() or not column.strip():
        raise UserError(f"--map wants FIELD=COLUMN, not {text!r}")
    return field.strip(), column.strip()


def _cmd_search(args: argparse.Namespace) -> int:
    store = _store(args)
    hits = search(store.conn, args.query, limit=args.limit, day=_today(store))
    if args.json:
        print(json.dumps([_hit_json(h.attendee, h.checked_in, h.match) for h in hits], ensure_ascii=False, indent=1))
    else:
        for hit in hits:
            a = hit.attendee
            mark = "✓" if hit.checked_in else " "
            print(f"{mark} {a.code:<34} {a.name:<32} {a.organisation:<28} {a.city:<16} {a.ticket_type} {a.status}")
    return EXIT_OK if hits or args.json else EXIT_FAILED


def _hit_json(a: attendees.Attendee, checked_in: bool, match: str) -> dict[str, Any]:
    return {"code": a.code, "name": a.name, "first_name": a.first_name, "last_name": a.last_name,
            "organisation": a.organisation, "city": a.city, "country": a.country, "ticket_type": a.ticket_type,
            "role": a.role, "interests": list(a.interests), "status": a.status, "order_code": a.order_code,
            "checked_in": checked_in, "match": match}


def _today(store: Store) -> int | None:
    config = store.config()
    return config.day_of(config.today())


def _cmd_checkin(args: argparse.Namespace) -> int:
    store = _store(args)
    day = args.day or _today(store)
    if day is None:
        config = store.config()
        raise UserError(f"today ({config.today()}) is not a day of {config.name} "
                        f"({', '.join(map(str, config.days))}); pass --day N")
    result = check_in(store, args.code, day=day, desk=args.desk, volunteer=args.volunteer)
    if result.outcome == "unknown":
        raise UserError(f"{args.code}: unknown code")
    print(result.message, file=sys.stdout if result.ok else sys.stderr)
    return EXIT_OK if result.ok else EXIT_FAILED


def _cmd_info(args: argparse.Namespace) -> int:
    store = _store(args)
    config = store.config() if store.has_config() else None
    day = _today(store) if config else None
    info = {
        "event": config.name if config else None,
        "file": str(store.path),
        "attendees": attendees.count(store.conn),
        "expected": attendees.count_expected(store.conn),
        "checked_in": attendees.count_checked_in(store.conn, day),
        "day": day,
        "events": store.event_count(),
        "device": store.device,
    }
    if args.json:
        print(json.dumps(info, ensure_ascii=False))
    else:
        for key, value in info.items():
            print(f"{key:>10}: {value}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        count = export(store, args.what, args.file)
    except OSError as exc:
        raise UserError(f"cannot write {args.file}: {exc.strerror or exc}") from exc
    print(f"{count} {args.what} written to {args.file}")
    return EXIT_OK


def _cmd_rebuild(args: argparse.Namespace) -> int:
    store = _store(args)
    report = rebuild(store, verify=args.verify)
    if report.identical:
        print(f"{'verified' if args.verify else 'rebuilt'}: {report.events} events, projections identical")
        return EXIT_OK
    details = ", ".join(f"{table}: {n} rows differ" for table, n in report.differences.items())
    if args.verify:
        print(f"projections differ from the event log ({details}); run `kiosk rebuild` to repair",
              file=sys.stderr)
        return EXIT_FAILED
    print(f"rebuilt from {report.events} events; repaired {details}")
    return EXIT_OK


def _progress_printer() -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        if sys.stderr.isatty():
            width = 30
            filled = width * done // max(total, 1)
            end = "\n" if done == total else ""
            print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end=end, file=sys.stderr, flush=True)
    return show


def _cmd_badges(args: argparse.Namespace) -> int:
    return cli_badges.cmd_badges(_store(args), args, _progress_printer(),
                                 args.volunteer or f"cli@{socket.gethostname()}")


def _cmd_badge(args: argparse.Namespace) -> int:
    return cli_badges.cmd_badge(_store(args), args)


def _cmd_layout(args: argparse.Namespace) -> int:
    return cli_badges.cmd_layout(_store(args), args, args.volunteer or f"cli@{socket.gethostname()}")


def _cmd_print(args: argparse.Namespace) -> int:
    from printers import open_printer  # only here: the CLI is a face, and faces open printers

    return cli_print.cmd_print(_store(args), args, open_printer, args.volunteer or f"cli@{socket.gethostname()}")


def _cmd_printers(args: argparse.Namespace) -> int:
    from printers.discovery import discover

    return cli_print.cmd_printers(discover(timeout=args.timeout))


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "print": _cmd_print,
    "printers": _cmd_printers,
    "badges": _cmd_badges,
    "badge": _cmd_badge,
    "layout": _cmd_layout,
    "demo": _cmd_demo,
    "import": _cmd_import,
    "search": _cmd_search,
    "checkin": _cmd_checkin,
    "info": _cmd_info,
    "export": _cmd_export,
    "rebuild": _cmd_rebuild,
    "report": cli_report.cmd_report,
    **cli_sync_desk.COMMANDS,
    "hub": cli_sync.cmd_hub,
    "hub-desks": cli_sync.cmd_hub_desks,
}

if __name__ == "__main__":
    sys.exit(main())
