"""The drawers and the payments as CSV, for the treasurer's spreadsheet and the bookkeeper.

Amounts are plain numbers ("-2.00": money.plain), never formatted, so a spreadsheet sums them. The text
starts with a byte-order mark: Excel opens a CSV without one in the machine's legacy code page, which turns
€ and every non-Latin name into mojibake; with it, Excel reads UTF-8, and other tools skip it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo
from collections.abc import Iterable, Mapping

from kiosk import attendees, money
from kiosk.cash import payments
from kiosk.cash.drawer import DrawerSummary, drawers
from kiosk.cash.report import ClosedReport, closed_reports, day_date
from kiosk.store import Store

BOM = "\ufeff"
DRAWER_COLUMNS = ("report_no", "desk", "device", "day", "date", "state", "currency", "float", "cash_sales",
                  "cash_refunds", "paid_in", "paid_out", "drops", "expected", "counted", "over_short", "explanation",
                  "kept", "to_bank", "card", "comp_waived", "invoice", "no_sales", "voids", "voided_amount",
                  "closed_at", "replaces")
PAYMENT_COLUMNS = ("receipt_no", "kind", "method", "amount", "currency", "ticket_type", "attendee", "desk", "day",
                   "date", "time", "voided", "void_reason", "terminal_ref", "comp_reason", "comp_authorised_by",
                   "billing_email", "tendered", "change", "refund_of", "reason", "actor")


def _csv(columns: tuple[str, ...], rows: Iterable[Mapping[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return BOM + out.getvalue()


def drawers_csv(store: Store, day: int | None = None, desk: str | None = None) -> str:
    """One row per drawer: a closed drawer as its latest day report says (the figures that were signed), an
    open one as it stands now (no report number, nothing counted)."""
    latest: dict[str, ClosedReport] = {r.drawer_id: r for r in closed_reports(store, day, desk)}  # last close wins
    timezone = store.config().timezone
    rows = []
    for live in drawers(store, day, desk):
        report = latest.get(live.id) if live.state == "closed" else None
        rows.append(_drawer_row(report.summary if report else live, report, day_date(store, live.day), timezone))
    return _csv(DRAWER_COLUMNS, rows)


def _drawer_row(s: DrawerSummary, report: ClosedReport | None, date: dt.date | None,
                timezone: str) -> dict[str, object]:
    def plain(minor: int) -> str:
        return money.plain(minor, s.currency)

    methods = s.sales_by_method
    row: dict[str, object] = {
        "report_no": report.report_no if report else "", "desk": s.desk, "device": s.device, "day": s.day,
        "date": date.isoformat() if date else "", "state": "closed" if report else "open", "currency": s.currency,
        "float": plain(s.float_minor), "cash_sales": plain(s.cash_sales_minor),
        "cash_refunds": plain(s.cash_refunds_minor), "paid_in": plain(s.paid_in_minor),
        "paid_out": plain(s.paid_out_minor), "drops": plain(s.drops_minor),
        "expected": plain(report.expected_minor if report else s.expected_minor),
        "card": plain(methods.get("card", (0, 0))[1]), "comp_waived": plain(s.comps_waived_minor),
        "invoice": plain(methods.get("invoice", (0, 0))[1]), "no_sales": s.no_sales, "voids": s.voids[0],
        "voided_amount": plain(s.voids[1]),
    }
    if report:
        close = report.close
        row.update(counted=plain(report.counted_minor), over_short=plain(report.difference_minor),
                   explanation=close.get("explanation", ""), kept=plain(int(close.get("kept_minor", 0))),
                   to_bank=plain(int(close.get("to_bank_minor", 0))), closed_at=_local(report.closed_at, timezone),
                   replaces=report.replaces)
    return row


def payments_csv(store: Store, day: int | None = None, desk: str | None = None) -> str:
    """One row per payment, voided ones included (with why), oldest first."""
    config = store.config()
    (total,) = store.conn.execute("SELECT count(*) FROM payments").fetchone()
    every = list(reversed(payments.recent(store, limit=max(int(total), 1), day=day)))
    receipts = {p.id: p.receipt_no for p in every}
    names: dict[str, str] = {}
    rows = []
    for p in every:
        if desk is not None and p.desk.casefold() != desk.casefold():
            continue
        if p.attendee_id not in names:
            attendee = attendees.get(store.conn, p.attendee_id)
            names[p.attendee_id] = attendee.name if attendee else ""
        date = day_date(store, p.day)
        d = p.details
        rows.append({
            "receipt_no": p.receipt_no, "kind": p.kind, "method": p.method,
            "amount": money.plain(p.amount_minor, p.currency), "currency": p.currency, "ticket_type": p.ticket_type,
            "attendee": names[p.attendee_id], "desk": p.desk, "day": p.day, "date": date.isoformat() if date else "",
            "time": _local(p.at, config.timezone), "voided": "yes" if p.voided else "", "void_reason": p.void_reason,
            "terminal_ref": d.get("terminal_ref", ""),
            "comp_reason": d.get("reason", "") if p.method == "comp" else "",
            "comp_authorised_by": d.get("authorised_by", "") if p.method == "comp" else "",
            "billing_email": d.get("billing_email", ""),
            "tendered": money.plain(int(d["tendered_minor"]), p.currency) if "tendered_minor" in d else "",
            "change": money.plain(int(d["change_minor"]), p.currency) if "change_minor" in d else "",
            "refund_of": receipts.get(str(d.get("refund_of", "")), d.get("refund_of", "")),
            "reason": d.get("reason", "") if p.kind == "refund" else "", "actor": p.actor,
        })
    return _csv(PAYMENT_COLUMNS, rows)


def _local(at: str, timezone: str) -> str:
    """"2026-11-27 18:42:05" in the event's zone: sortable, and what the people at the desk saw."""
    if not at:
        return ""
    return dt.datetime.fromisoformat(at).astimezone(zoneinfo.ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M:%S")
