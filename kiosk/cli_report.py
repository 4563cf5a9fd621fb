"""`kiosk report cash --out FILE.pdf|FILE.csv`: the treasurer's paper from the command line.

PDF: every day report matching --day/--desk (superseded ones too: each was signed), then an interim report
for each drawer still open; --summary writes the end-of-event summary instead. CSV: one row per drawer
(--what drawers, the default) or per payment (--what payments). Mistakes are refused before anything is
rendered, with what would have worked.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
from collections.abc import Callable
from pathlib import Path

from kiosk.cash import drawer, report, report_csv
from kiosk.session import open_store
from kiosk.store import Store

AddCommand = Callable[[str, str], argparse.ArgumentParser]
EXIT_OK = 0


class ReportUserError(Exception):
    """A mistake the user can fix (exit code 2)."""


def add_parsers(command: AddCommand) -> None:
    p = command("report", "cash reports: day reports of the drawers, interim reports, the event summary, CSV")
    p.add_argument("kind", choices=("cash",), help="what to report on")
    p.add_argument("--day", type=int, help="only this event day (1-based)")
    p.add_argument("--desk", help="only this desk's drawers (its name, e.g. 'Desk 1')")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf|FILE.csv", help="where to write it")
    p.add_argument("--what", choices=("drawers", "payments"), help="CSV only: one row per drawer (default) or payment")
    p.add_argument("--summary", action="store_true", help="PDF only: the end-of-event summary of every drawer")


def cmd_report(args: argparse.Namespace) -> int:
    out: Path = args.out
    kind = _kind(out)
    if kind == "pdf" and args.what:
        raise ReportUserError("--what chooses the rows of a CSV: give --out FILE.csv, or leave out --what")
    if kind == "csv" and args.summary:
        raise ReportUserError("--summary is a PDF: give --out FILE.pdf")
    if args.summary and (args.day is not None or args.desk):
        raise ReportUserError("--summary covers every desk and day: leave out --day and --desk")
    _check_writable(out)
    store = open_store(args.data_dir, args.event)
    _check_day(store, args.day)
    if args.summary:
        every = drawer.drawers(store)
        data, said = report.event_summary_pdf(store), (f"event summary ({len(every)} drawer"
                                                        f"{'s' if len(every) != 1 else ''}, "
                                                        f"{sum(d.state == 'open' for d in every)} not closed)")
    elif kind == "pdf":
        data, said = _reports(store, args.day, args.desk)
    elif args.what == "payments":
        data, said = _payments(store, args.day, args.desk)
    else:
        data, said = _drawers(store, args.day, args.desk)
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise ReportUserError(f"cannot write {out}: {exc.strerror or exc}") from exc
    print(f"{said} written to {out}")
    return EXIT_OK


def _kind(out: Path) -> str:
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".csv"):
        raise ReportUserError(f"--out {out}: write a .pdf or a .csv, not {suffix or 'a file without an extension'}")
    return suffix[1:]


def _check_writable(out: Path) -> None:
    """Refuse a path that cannot be written before rendering anything (a summary takes a while)."""
    folder = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        raise ReportUserError(f"--out {out} is a folder: give a file name")
    if not folder.is_dir():
        raise ReportUserError(f"cannot write {out}: there is no folder {folder}")
    if not os.access(folder, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise ReportUserError(f"cannot write {out}: permission denied")


def _check_day(store: Store, day: int | None) -> None:
    config = store.config()
    if day is not None and not 1 <= day <= len(config.days):
        span = f"days 1–{len(config.days)}, {config.days[0]} to {config.days[-1]}" if config.days else "no days"
        raise ReportUserError(f"day {day} is not a day of {config.name} ({span})")


def _nothing(store: Store, what: str, day: int | None, desk: str | None) -> ReportUserError:
    """"no drawer of Desk 9 on day 3; drawers: Desk 1 (days 1, 2), Desk 2 (day 1)"."""
    where = (f" of {desk}" if desk else "") + (f" on day {day}" if day is not None else "")
    days: dict[str, list[int]] = {}
    for d in drawer.drawers(store):
        days.setdefault(d.desk, []).append(d.day)
    known = ", ".join(f"{name} (day{'s' if len(n) > 1 else ''} {', '.join(map(str, sorted(n)))})"
                      for name, n in sorted(days.items(), key=lambda item: item[0].casefold()))
    return ReportUserError(f"no {what}{where}; " + (f"drawers: {known}" if known else "no drawer was opened yet"))


def _reports(store: Store, day: int | None, desk: str | None) -> tuple[bytes, str]:
    closed = report.closed_reports(store, day, desk)
    still_open = [d for d in drawer.drawers(store, day, desk) if d.state == "open"]
    if not closed and not still_open:
        raise _nothing(store, "drawer", day, desk)
    config = store.config()
    interims = [(d, report.day_date(store, d.day)) for d in still_open]
    data = report.reports_pdf(closed, interims, config.name, config.timezone)
    numbers = [r.report_no + (f" (replaced by {r.superseded_by})" if r.superseded_by else "") for r in closed]
    parts = [f"{len(closed)} report{'s' if len(closed) != 1 else ''} ({', '.join(numbers)})"] if closed else []
    if still_open:
        names = ", ".join(f"{d.desk} day {d.day}" for d in still_open)
        parts.append(f"{len(still_open)} interim report{'s' if len(still_open) != 1 else ''} of open drawers ({names})")
    return data, " and ".join(parts)


def _drawers(store: Store, day: int | None, desk: str | None) -> tuple[bytes, str]:
    found = drawer.drawers(store, day, desk)
    if not found:
        raise _nothing(store, "drawer", day, desk)
    text = report_csv.drawers_csv(store, day, desk)
    return text.encode("utf-8"), f"{len(found)} drawer{'s' if len(found) != 1 else ''}"


def _payments(store: Store, day: int | None, desk: str | None) -> tuple[bytes, str]:
    text = report_csv.payments_csv(store, day, desk)
    rows = len(list(csv.reader(io.StringIO(text)))) - 1  # less the header
    if rows <= 0:
        raise _nothing(store, "payment", day, desk)
    return text.encode("utf-8"), f"{rows} payment{'s' if rows != 1 else ''}"
