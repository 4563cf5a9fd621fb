"""What the treasurer's tables show, row by row: every drawer, the totals, the payments and the audit trail.
Rows are plain text and a colour, so the window only puts them in a QTableWidget."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from kiosk import money
from kiosk.cash.audit import AuditEntry
from kiosk.cash.drawer import DrawerSummary
from kiosk.cash.payments import METHOD_NAMES, Payment
from kiosk.cash.totals import Pair, Totals
from ui.cash.count_grid import local_time

SHORT_ROW, OVER_ROW, OPEN_ROW, VOID_ROW = "#ffcdd2", "#ffe0b2", "#fff9c4", "#eeeeee"
DRAWER_HEADERS = ("Desk", "Day", "State", "Float", "Cash sales", "Card", "Comp (waived)", "Refunds", "Paid in",
                  "Paid out", "Drops", "Expected", "Counted", "Over / short")
PAYMENT_HEADERS = ("Time", "Receipt", "Desk", "Day", "Kind", "Method", "Ticket", "Amount", "Status")
AUDIT_HEADERS = ("Time", "What", "Who", "Device", "Details")


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[str, ...]
    colour: str = ""      # background of the whole row; "" = none
    bold: bool = False


def make_table(headers: Sequence[str], stretch_last: bool = True) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    font = table.font()
    font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.15)  # read at arm's length after a long day
    table.setFont(font)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(34)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(stretch_last)
    return table


def fill(table: QTableWidget, rows: Iterable[Row], right_from: int = 99, right_to: int = 99) -> None:
    """Columns right_from…right_to are amounts: right-aligned so the decimals line up."""
    table.setRowCount(0)
    for number, row in enumerate(rows):
        table.insertRow(number)
        for column, text in enumerate(row.cells):
            item = QTableWidgetItem(text)
            if right_from <= column <= right_to:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if row.colour:
                item.setBackground(QBrush(QColor(row.colour)))
                item.setForeground(QBrush(QColor("#000000")))
            if row.bold:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            table.setItem(number, column, item)


def difference_words(minor: int, currency: str) -> str:
    if minor < 0:
        return f"SHORT {money.format_amount(-minor, currency)}"
    return f"OVER {money.format_amount(minor, currency)}" if minor > 0 else "exact"


def drawer_row(d: DrawerSummary) -> Row:
    def amount(minor: int) -> str:
        return money.format_amount(minor, d.currency)

    refunds = sum(a for _, a in d.refunds_by_method.values())
    comps = d.sales_by_method.get("comp", (0, 0))[0]
    counted, over_short, colour = "", "", ""
    if d.state == "closed":
        difference = int(d.close.get("difference_minor", 0))
        counted, over_short = amount(int(d.close.get("counted_minor", 0))), difference_words(difference, d.currency)
        colour = SHORT_ROW if difference < 0 else OVER_ROW if difference > 0 else ""
    else:
        counted = amount(d.last_count.amount_minor) + " (not closed)" if d.last_count else ""
        colour = OPEN_ROW
    state = f"CLOSED {d.report_no}" if d.state == "closed" else "● OPEN"
    if d.over_limit and d.state == "open":
        state += " — over limit"
    return Row((d.desk, str(d.day), state, amount(d.float_minor), amount(d.cash_sales_minor),
                amount(d.sales_by_method.get("card", (0, 0))[1]), f"{comps} ({amount(d.comps_waived_minor)})",
                amount(refunds), amount(d.paid_in_minor), amount(d.paid_out_minor), amount(d.drops_minor),
                amount(d.expected_minor), counted, over_short), colour, bold=bool(colour) and colour != OPEN_ROW)


def pair_rows(pairs: dict[str, Pair] | dict[int, Pair], currency: str, names: dict[str, str] | None = None,
              prefix: str = "") -> list[Row]:
    rows = [Row((prefix + (names or {}).get(str(key), str(key)), str(count), money.format_amount(total, currency)))
            for key, (count, total) in sorted(pairs.items(), key=lambda kv: str(kv[0]))]
    total_count = sum(count for count, _ in pairs.values())
    total_amount = sum(total for _, total in pairs.values())
    return [*rows, Row(("Total", str(total_count), money.format_amount(total_amount, currency)), bold=True)]


def totals_words(totals: Totals) -> str:
    c = totals.currency

    def amount(minor: int) -> str:
        return money.format_amount(minor, c)

    refunds = sum(a for _, a in totals.refunds_by_method.values())
    open_ones = ", ".join(f"{d.desk} day {d.day}" for d in totals.open_drawers) or "none"
    lines = [f"<b>Net taken (cash and card less refunds): {amount(totals.net_minor)}</b>",
             f"Refunds: {amount(refunds)} · Voids: {totals.voids[0]} ({amount(totals.voids[1])}) · "
             f"Complimentary waived: {amount(totals.comps_waived_minor)} · Invoiced (owed): "
             f"{amount(totals.invoiced_minor)}",
             f"Over / short of closed drawers: <b>{difference_words(totals.over_short_minor, c)}</b> "
             f"({len(totals.discrepancies)} drawer(s) with a difference)",
             f"Open drawers: {open_ones}"]
    return "<br>".join(lines)


def payment_row(p: Payment, timezone: str) -> Row:
    status = f"VOIDED — {p.void_reason}" if p.voided else ("refund" if p.kind == "refund" else "")
    amount = money.format_amount(-p.amount_minor if p.kind == "refund" else p.amount_minor, p.currency)
    return Row((local_time(p.at, timezone, "%d %b %H:%M"), p.receipt_no, p.desk, str(p.day), p.kind,
                METHOD_NAMES.get(p.method, p.method), p.ticket_type, amount, status),
               VOID_ROW if p.voided else "")


def audit_row(entry: AuditEntry, timezone: str) -> Row:
    return Row((local_time(entry.at, timezone, "%d %b %H:%M:%S"), entry.kind, entry.actor, entry.device,
                entry.what), "" if entry.ok else SHORT_ROW)
