"""The treasurer's screen, behind the treasurer PIN: every drawer of every desk, the totals, the payments
(void and refund), the reports and the audit trail. Only core operations; the PIN typed to open the screen
authorises voids and refunds for five minutes, after which the PIN is asked again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.cash import payments
from kiosk.cash.audit import audit_trail
from kiosk.cash.drawer import DrawerSummary
from kiosk.cash.payments import Payment, PaymentRefused
from kiosk.cash.totals import totals
from kiosk.desk import Shift
from kiosk.pins import Authorisation
from kiosk.store import Store
from ui.cash import treasurer_tables as tables
from ui.cash.count_grid import big_label, button, choose_pdf_path, write_bytes
from ui.cash.pin_pad import ask_authorisation, utc_now
from ui.cash.treasurer_dialogs import RefundAnswer, ask_refund
from ui.desk import dialogs
from ui.tasks import Runner, run_in_thread

AUTHORISATION_LASTS = dt.timedelta(minutes=5)
PAYMENTS_SHOWN = 500
AUDIT_SHOWN = 1000


class TreasurerWindow(QDialog):
    """Open it through `open_treasurer` (which asks the PIN). Tests replace `ask_reason`, `ask_refund`,
    `ask_authorisation`, `choose_save_path`, `clock` and pass `runner`."""

    def __init__(self, parent: QWidget | None, store: Store, shift: Shift, authorisation: Authorisation,
                 runner: Runner = run_in_thread, clock: Callable[[], dt.datetime] = utc_now) -> None:
        super().__init__(parent)
        self.store, self.shift, self.runner, self.clock = store, shift, runner, clock
        self.config = store.config()
        self.authorisation, self.authorised_at = authorisation, clock()
        self.ask_reason: Callable[[str], str | None] = lambda question: dialogs.ask_reason(self, question)
        self.ask_refund: Callable[[Payment], RefundAnswer | None] = lambda p: ask_refund(self, p)
        self.ask_authorisation: Callable[[str], Authorisation | None] = lambda purpose: ask_authorisation(
            self, store, "treasurer", shift.actor, purpose)
        self.choose_save_path: Callable[[str, str], Path | None] = lambda title, name: choose_pdf_path(
            self, title, name)
        self.drawer_list: list[DrawerSummary] = []
        self.payment_list: list[Payment] = []
        self.drawers = tables.make_table(tables.DRAWER_HEADERS, stretch_last=False)
        self.payments = tables.make_table(tables.PAYMENT_HEADERS)
        self.audit = tables.make_table(tables.AUDIT_HEADERS)
        self.by_desk, self.by_day, self.by_method, self.by_ticket = (
            tables.make_table((what, "Sales", "Amount")) for what in ("Desk", "Day", "Method", "Ticket type"))
        self.refunds = tables.make_table(("Refunds by", "Refunds", "Amount"))
        self.totals_words = QLabel(wordWrap=True)
        self.heading, self.notice = big_label(1.5), QLabel(wordWrap=True)
        self.tabs = QTabWidget()
        self._build()
        self.setWindowTitle(f"Treasurer — {self.config.name}")
        self.resize(1366, 760)
        self.refresh()

    # --- layout ---------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.tabs.addTab(self._tab(self.drawers, [
            button("Day report PDF… (interim if open)", self.save_day_report, 44),
            button("Drawers CSV…", lambda: self.save_csv("drawers_csv", "drawers.csv"), 44),
            button("End-of-event summary PDF…", self.save_event_summary, 44)]), "Drawers")
        grid = QGridLayout()
        for index, table in enumerate((self.by_desk, self.by_day, self.by_method, self.by_ticket, self.refunds)):
            grid.addWidget(table, index // 3, index % 3)
        totals_page = QWidget()
        layout = QVBoxLayout(totals_page)
        self.totals_words.setStyleSheet("font-size: 13pt;")
        layout.addWidget(self.totals_words)
        layout.addLayout(grid, 1)
        self.tabs.addTab(totals_page, "Totals")
        self.tabs.addTab(self._tab(self.payments, [
            button("Void…", self.void_selected, 44), button("Refund…", self.refund_selected, 44),
            button("Payments CSV…", lambda: self.save_csv("payments_csv", "payments.csv"), 44)]), "Payments")
        self.tabs.addTab(self._tab(self.audit, []), "Audit")
        header = QHBoxLayout()
        header.addWidget(self.heading, 1)
        header.addWidget(button("Refresh", self.refresh, 44))
        lock = button("Lock", self.close, 44)
        lock.setToolTip("Close the treasurer screen: the PIN is needed to open it again")
        header.addWidget(lock)
        self.notice.setStyleSheet("font-size: 12pt;")
        outer = QVBoxLayout(self)
        outer.addLayout(header)
        outer.addWidget(self.tabs, 1)
        outer.addWidget(self.notice)

    @staticmethod
    def _tab(table: QTableWidget, buttons: list[QPushButton]) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(table, 1)
        row = QHBoxLayout()
        for made in buttons:
            row.addWidget(made)
        layout.addLayout(row)
        return page

    def say(self, text: str, error: bool = False) -> None:
        self.notice.setText(text)
        self.notice.setStyleSheet("color: #b71c1c; font-weight: bold; font-size: 13pt;" if error
                                  else "font-size: 12pt;")

    # --- state ----------------------------------------------------------------------------------------

    def refresh(self) -> None:
        zone, currency = self.config.timezone, self.config.currency
        every = totals(self.store)
        self.drawer_list = list(every.drawers)
        tables.fill(self.drawers, (tables.drawer_row(d) for d in self.drawer_list), 3, 13)
        for table, pairs, names in ((self.by_desk, every.sales_by_desk, None),
                                    (self.by_day, {f"Day {k}": v for k, v in every.sales_by_day.items()}, None),
                                    (self.by_method, every.sales_by_method, payments.METHOD_NAMES),
                                    (self.by_ticket, every.sales_by_ticket_type, None),
                                    (self.refunds, every.refunds_by_method, payments.METHOD_NAMES)):
            tables.fill(table, tables.pair_rows(pairs, currency, names), 1, 2)
        self.totals_words.setText(tables.totals_words(every))
        self.payment_list = payments.recent(self.store, PAYMENTS_SHOWN)
        tables.fill(self.payments, (tables.payment_row(p, zone) for p in self.payment_list), 7, 7)
        tables.fill(self.audit, (tables.audit_row(e, zone) for e in audit_trail(self.store, AUDIT_SHOWN)))
        alerts = f" · {len(every.discrepancies)} with a difference" if every.discrepancies else ""
        self.heading.setText(f"Treasurer — {self.config.name}: {len(self.drawer_list)} drawers, "
                             f"{len(every.open_drawers)} open{alerts}")

    def selected_drawer(self) -> DrawerSummary | None:
        row = self.drawers.currentRow()
        return self.drawer_list[row] if 0 <= row < len(self.drawer_list) else None

    def selected_payment(self) -> Payment | None:
        row = self.payments.currentRow()
        return self.payment_list[row] if 0 <= row < len(self.payment_list) else None

    def fresh_authorisation(self, purpose: str) -> Authorisation | None:
        """The screen's PIN stands for five minutes; after that a void or refund asks for it again."""
        if self.clock() - self.authorised_at > AUTHORISATION_LASTS:
            again = self.ask_authorisation(purpose)
            if again is None:
                return None
            self.authorisation, self.authorised_at = again, self.clock()
        return self.authorisation

    # --- voids and refunds ----------------------------------------------------------------------------

    def void_selected(self) -> None:
        payment = self.selected_payment()
        if payment is None:
            self.say("Choose a payment in the list first", error=True)
            return
        reason = self.ask_reason(f"Why void {payment.receipt_no} ({payment.method}, {payment.ticket_type})?")
        if reason is None:
            return
        authorisation = self.fresh_authorisation(f"void {payment.receipt_no}")
        if authorisation is None:
            return
        try:
            payments.void(self.store, payment.id, reason=reason, authorisation=authorisation, actor=self.shift.actor)
        except PaymentRefused as exc:
            self.say(f"Not voided: {exc}", error=True)
            return
        self.refresh()
        self.say(f"{payment.receipt_no} voided ({reason})")

    def refund_selected(self) -> None:
        payment = self.selected_payment()
        if payment is None:
            self.say("Choose a payment in the list first", error=True)
            return
        answer = self.ask_refund(payment)
        if answer is None:
            return
        authorisation = self.fresh_authorisation(f"refund {payment.receipt_no}")
        if authorisation is None:
            return
        day = self.config.day_of(self.config.today()) or payment.day  # cash leaves today's drawer
        try:
            done = payments.refund(self.store, payment.id, amount_minor=answer.amount_minor, method=answer.method,
                                   reason=answer.reason, cancel_ticket=answer.cancel_ticket,
                                   authorisation=authorisation, day=day, desk=self.shift.desk,
                                   actor=self.shift.actor)
        except PaymentRefused as exc:
            self.say(f"Not refunded: {exc}", error=True)
            return
        self.refresh()
        self.say(f"Refund {done.receipt_no} of {payment.receipt_no} recorded")

    # --- reports --------------------------------------------------------------------------------------

    def _save(self, title: str, name: str, render: Callable[[], bytes]) -> None:
        path = self.choose_save_path(title, name)
        if path is None:
            return
        self.say(f"Writing {path.name}…")
        self.runner(lambda: write_bytes(path, render()), lambda result, error: self.say(
            f"Saved: {result}" if error is None else f"Not saved: {error}", error is not None))

    def save_day_report(self) -> None:
        from kiosk.cash import report

        chosen = self.selected_drawer()
        if chosen is None:
            self.say("Choose a drawer in the list first", error=True)
            return
        name, zone = self.config.name, self.config.timezone
        if chosen.state == "open":
            self._save("Save the interim report", f"interim-{chosen.desk}-day{chosen.day}.pdf".replace(" ", ""),
                       lambda: report.interim_report_pdf(chosen, name, zone))
            return
        found = next((r for r in report.closed_reports(self.store, day=chosen.day, desk=chosen.desk)
                      if r.report_no == chosen.report_no and r.drawer_id == chosen.id), None)
        if found is None:
            self.say(f"Report {chosen.report_no} is not in the log", error=True)
            return
        self._save("Save the day report", f"{found.report_no}.pdf", lambda: report.day_report_pdf(found, name, zone))

    def save_csv(self, function: str, name: str) -> None:
        from kiosk.cash import report

        make = getattr(report, function, None)
        if make is None:  # the CSV exports live beside the PDFs
            from kiosk.cash import report_csv

            make = getattr(report_csv, function)
        text: str = make(self.store)  # small: made here, on the UI thread, from this store's connection
        self._save("Save the CSV export", name, lambda: text.encode("utf-8"))

    def save_event_summary(self) -> None:
        path, device = self.store.path, self.store.device

        def render() -> bytes:
            # On a worker with its own connection: the desk keeps writing on the UI thread's.
            from kiosk.cash import report

            own = Store.open(path, device, check=False)
            try:
                return report.event_summary_pdf(own)
            finally:
                own.close()

        self._save("Save the end-of-event summary", f"{self.config.name}-summary.pdf".replace(" ", "-"), render)


def open_treasurer(parent: QWidget | None, store: Store, shift: Shift) -> TreasurerWindow | None:
    """Ask the treasurer PIN, then open the screen (None when cancelled or no PIN is set)."""
    authorisation = ask_authorisation(parent, store, "treasurer", shift.actor, "treasurer screen")
    if authorisation is None:
        return None
    window = TreasurerWindow(parent, store, shift, authorisation)
    window.show()
    return window
