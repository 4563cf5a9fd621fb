"""The treasurer's paper: numbered day reports of closed drawers, interim reports of open ones, drop
slips, the end-of-event summary (PDF) and the figures as CSV for a spreadsheet.

A day report is rendered from the `drawer.closed` event alone (its body holds the drawer's summary as it
was at the close), never from the projections: whatever happens later (a reopen, a card sale booked on
that day, a sync bringing another desk's events) the report that was signed prints the same, byte for byte.

The PDF functions import reportlab only when called (kiosk/cash/report_pdf.py), so the command line and the
desk start without it.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from kiosk.cash.drawer import DrawerSummary, Move
from kiosk.store import Store


@dataclass(frozen=True)
class ClosedReport:
    """One `drawer.closed` event: a numbered day report, as it was signed."""

    report_no: str
    drawer_id: str
    desk: str
    day: int
    date: dt.date | None          # the event day's calendar date (None if the day is no longer configured)
    closed_at: str                # UTC ISO time of the close event
    actor: str
    close: dict[str, Any]         # the event body: expected, counted, difference, explanation, kept, to bank…
    summary: DrawerSummary        # the drawer as it was at the close (from the body's snapshot)
    superseded_by: str = ""       # a later report of the same drawer (after a reopen), "" if this is the last

    @property
    def expected_minor(self) -> int:
        return int(self.close["expected_minor"])

    @property
    def counted_minor(self) -> int:
        return int(self.close["counted_minor"])

    @property
    def difference_minor(self) -> int:
        """Over (> 0) or short (< 0)."""
        return int(self.close["difference_minor"])

    @property
    def kept_counts(self) -> dict[int, int]:
        return {int(k): int(v) for k, v in self.close.get("kept_counts", {}).items()}

    @property
    def replaces(self) -> str:
        """The report this one replaces: the drawer was closed before, then reopened (from the snapshot)."""
        earlier = [m.number for m in self.summary.moves if m.type == "drawer.closed"]
        return earlier[-1] if earlier else ""

    @property
    def reopenings(self) -> tuple[Move, ...]:
        """Every reopening of this drawer before this close: who, when and why."""
        return tuple(m for m in self.summary.moves if m.type == "drawer.reopened")


def closed_reports(store: Store, day: int | None = None, desk: str | None = None) -> list[ClosedReport]:
    """Every day report this store knows (every desk's, after sync), superseded ones included, by day,
    desk, then the order they were closed in."""
    config = store.config()
    rows = store.conn.execute("SELECT body, at, actor FROM events WHERE type = 'drawer.closed' "
                              "ORDER BY hlc, device, seq").fetchall()
    found: list[ClosedReport] = []
    for body_text, at, actor in rows:
        body: dict[str, Any] = json.loads(body_text)
        snapshot = DrawerSummary.from_json(body["summary"])
        if day is not None and snapshot.day != day:
            continue
        if desk is not None and snapshot.desk.casefold() != desk.casefold():
            continue
        date = config.days[snapshot.day - 1] if 1 <= snapshot.day <= len(config.days) else None
        found.append(ClosedReport(body["report_no"], body["drawer_id"], snapshot.desk, snapshot.day, date, at, actor,
                                  body, snapshot))
    found = [_with_successor(r, found) for r in found]
    return sorted(found, key=lambda r: (r.day, r.desk.casefold(), r.summary.device))  # stable: close order kept


def _with_successor(report: ClosedReport, every: list[ClosedReport]) -> ClosedReport:
    later = next((r.report_no for r in every if r.drawer_id == report.drawer_id and r.replaces == report.report_no), "")
    return replace(report, superseded_by=later) if later else report


def day_date(store: Store, day: int) -> dt.date | None:
    days = store.config().days
    return days[day - 1] if 1 <= day <= len(days) else None


def local_time(at: str, timezone: str, with_date: bool = True) -> str:
    """A stored UTC time as the people at the venue read it: "27 Nov 2026 18:42" in the event's zone."""
    if not at:
        return ""
    moment = dt.datetime.fromisoformat(at).astimezone(zoneinfo.ZoneInfo(timezone))
    return moment.strftime("%d %b %Y %H:%M" if with_date else "%H:%M")


# --- PDFs (reportlab is imported only here, when a document is wanted) ----------------------------------


def day_report_pdf(report: ClosedReport, event_name: str, timezone: str) -> bytes:
    """The numbered day report of one close, for the treasurer to sign (A4 portrait)."""
    from kiosk.cash import report_pdf

    return report_pdf.reports_document([report], [], event_name, timezone)


def interim_report_pdf(summary: DrawerSummary, event_name: str, timezone: str, *, date: dt.date | None = None,
                       printed_at: dt.datetime | None = None) -> bytes:
    """An open drawer's figures so far (expected cash included): marked interim, no number, no count."""
    from kiosk.cash import report_pdf

    return report_pdf.reports_document([], [(summary, date)], event_name, timezone, printed_at)


def reports_pdf(reports: Sequence[ClosedReport], interims: Sequence[tuple[DrawerSummary, dt.date | None]],
                event_name: str, timezone: str, printed_at: dt.datetime | None = None) -> bytes:
    """Several day reports, then interim reports of open drawers, in one document (each from a new page)."""
    from kiosk.cash import report_pdf

    return report_pdf.reports_document(reports, interims, event_name, timezone, printed_at)


def drop_slip_pdf(move: Move, summary: DrawerSummary, event_name: str, timezone: str) -> bytes:
    """The slip that goes into the bag with a cash drop (A6): counts, total, from, to, two signatures."""
    from kiosk.cash import report_pdf

    return report_pdf.drop_slip(move, summary, event_name, timezone)


def event_summary_pdf(store: Store, printed_at: dt.datetime | None = None) -> bytes:
    """Every drawer of every desk and the event's totals, for the treasurer at the end of the event."""
    from kiosk.cash import report_summary

    return report_summary.event_summary(store, printed_at)
