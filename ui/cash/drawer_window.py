"""This desk's cash drawer for one day: open it with a counted float, move cash in and out, drop notes to the
safe, and close the day with a blind count by two people.

Blind count: while the drawer is open nothing on this screen says what it should hold. The expected total
appears only once the count is recorded (the core keeps it in the count's event), and the core's own
messages that would reveal it are said in other words.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import money
from kiosk.cash import drawer
from kiosk.cash.drawer import CountResult, DrawerRefused, DrawerSummary, Move
from kiosk.desk import Shift
from kiosk.pins import Authorisation
from kiosk.store import Store
from ui.cash.count_grid import (
    CountForm,
    CountGrid,
    ask_amount,
    big_label,
    button,
    choose_pdf_path,
    enlarge,
    local_time,
    write_bytes,
)
from ui.cash.pin_pad import ask_authorisation
from ui.desk import dialogs
from ui.tasks import Runner, run_in_thread

SavePathChooser = Callable[[str, str], Path | None]   # (title, suggested file name) → path, None = cancelled
MOVE_WORDS = {"drawer.paid_in": "Paid in", "drawer.paid_out": "Paid out", "drawer.no_sale": "No sale",
              "drawer.dropped": "Cash drop", "drawer.counted": "Counted", "drawer.closed": "Closed",
              "drawer.reopened": "Reopened"}
SHORT, OVER, EXACT = "#b71c1c", "#e65100", "#1b5e20"


class DrawerWindow(QDialog):
    """Dialogs are plain callables on the window (`ask_amount`, `ask_reason`, `ask_authorisation`,
    `choose_save_path`, `open_file`) so tests answer them; `runner` renders PDFs off the UI thread."""

    def __init__(self, parent: QWidget | None, store: Store, shift: Shift, day: int,
                 runner: Runner = run_in_thread) -> None:
        super().__init__(parent)
        self.store, self.shift, self.day, self.runner = store, shift, day, runner
        self.config = store.config()
        currency, denominations = self.config.currency, self.config.denominations
        self.ask_amount: Callable[[str], tuple[int, str] | None] = lambda title: ask_amount(self, title, currency)
        self.ask_reason: Callable[[str], str | None] = lambda question: dialogs.ask_reason(self, question)
        self.ask_authorisation: Callable[[str], Authorisation | None] = lambda purpose: ask_authorisation(
            self, store, "treasurer", shift.actor, purpose)
        self.choose_save_path: SavePathChooser = lambda title, name: choose_pdf_path(self, title, name)
        self.open_file: Callable[[Path], object] = lambda path: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(path)))
        self.summary: DrawerSummary | None = None
        self.counted: CountResult | None = None
        self.last_drop: Move | None = None
        self.report_path: Path | None = None
        self.heading, self.notice, self.warning = big_label(1.5), QLabel(wordWrap=True), QLabel(wordWrap=True)
        self.float_form = CountForm(denominations, currency, title="Float")
        self.drop_form = CountForm(denominations, currency, "Dropped by", "Witness", title="Drop")
        self.destination = QLineEdit("safe")
        self.count_form = CountForm(denominations, currency, title="Counted")
        self.kept_grid = CountGrid(denominations, currency, title="Float kept for tomorrow")
        self.kept_grid.changed.connect(lambda _: self._show_to_bank())
        self.explanation = QPlainTextEdit(placeholderText="Why is the drawer over or short? (required)")
        self.explanation.setMaximumHeight(70)
        self.opened_info, self.moves = QLabel(wordWrap=True), QListWidget()
        self.slip_number, self.slip_info = big_label(3.0), QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.expected_label, self.counted_label, self.difference = big_label(1.6), big_label(1.6), big_label(3.0)
        self.to_bank = QLabel()
        enlarge(self.to_bank, 1.3)
        self.report_number, self.closed_info = big_label(3.0), QLabel(wordWrap=True)
        self.report_where = QLabel(wordWrap=True)
        self.open_report_button = button("Open the report", self.open_report)
        self.pages = QStackedWidget()
        self.page: dict[str, QWidget] = {}
        self._build()
        self.setWindowTitle(f"Cash drawer — {shift.desk}, day {day}")
        self.resize(1000, 780)
        self.refresh()

    # --- layout ---------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.warning.setStyleSheet(f"background: {OVER}; color: white; font-weight: bold; padding: 10px;"
                                   " border-radius: 6px;")
        enlarge(self.warning, 1.3)
        self.warning.hide()
        self.destination.setMinimumHeight(40)
        self._add_page("opening", "Count the float in the drawer together with a second person.",
                       [self.float_form], [button("Open drawer", self.open_drawer)])
        self.moves.setMinimumHeight(220)
        enlarge(self.opened_info, 1.15, bold=False)
        self._add_page("open", "", [self.opened_info, QLabel("Today's cash movements:"), self.moves], [
            button("Paid in…", lambda: self.move_cash("drawer.paid_in")),
            button("Paid out…", lambda: self.move_cash("drawer.paid_out")),
            button("No sale…", self.no_sale), button("Cash drop…", lambda: self.show_page("drop")),
            button("Close day…", self.start_close)])
        where = QHBoxLayout()
        where.addWidget(QLabel("Destination"))
        where.addWidget(self.destination, 1)
        where_box = QWidget()
        where_box.setLayout(where)
        self._add_page("drop", "Cash drop: count the notes leaving the drawer, with a witness.",
                       [self.drop_form, where_box],
                       [button("Back", self.refresh), button("Record drop", self.record_drop)])
        self._add_page("slip", "Cash drop recorded. Write this number on the envelope:",
                       [self.slip_number, self.slip_info],
                       [button("Save slip PDF…", self.save_slip), button("Done", self.refresh)])
        self._add_page("count", "Blind count: count every note and coin in the drawer, two people together. "
                       "What the drawer should hold is shown only after the count is recorded.",
                       [self.count_form], [button("Back", self.refresh), button("Record count", self.record_count)])
        figures = QGridLayout()
        figures.addWidget(self.expected_label, 0, 0)
        figures.addWidget(self.counted_label, 0, 1)
        figures.addWidget(self.difference, 0, 2)
        for column, stretch in enumerate((1, 1, 2)):
            figures.setColumnStretch(column, stretch)
        figures_box = QWidget()
        figures_box.setLayout(figures)
        kept = QLabel("Float kept in the drawer for tomorrow (today's opening float, as far as it was counted):")
        kept.setWordWrap(True)
        self._add_page("result", "The count is recorded.",
                       [figures_box, QLabel("Explanation"), self.explanation, self.to_bank, kept, self.kept_grid],
                       [button("Count again", self.start_close), button("Close day", self.close_day)])
        self._add_page("closed", "", [self.report_number, self.closed_info, self.report_where],
                       [self.open_report_button, button("Reopen… (treasurer PIN)", self.reopen)])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.warning)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.notice)

    def _add_page(self, name: str, intro: str, widgets: list[QWidget], buttons: list[QPushButton]) -> None:
        """A page scrolls on a small screen; its buttons stay in view below it."""
        content = QWidget()
        layout = QVBoxLayout(content)
        if intro:
            text = QLabel(intro, wordWrap=True)
            enlarge(text, 1.15, bold=False)
            layout.addWidget(text)
        for widget in widgets:
            layout.addWidget(widget)
        layout.addStretch(1)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        row = QHBoxLayout()
        for made in buttons:
            row.addWidget(made)
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addLayout(row)
        self.page[name] = page
        self.pages.addWidget(page)

    def show_page(self, name: str) -> None:
        self.pages.setCurrentWidget(self.page[name])
        self.say("")

    @property
    def current_page(self) -> str:
        return next(name for name, page in self.page.items() if page is self.pages.currentWidget())

    def say(self, text: str, error: bool = False) -> None:
        self.notice.setText(text)
        look = f"color: {SHORT}; font-weight: bold; font-size: 15pt;" if error else "font-size: 12pt;"
        self.notice.setStyleSheet(look)

    def amount(self, minor: int) -> str:
        return money.format_amount(minor, self.config.currency)

    # --- state ----------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the page the drawer's state calls for (after every change)."""
        self.summary = drawer.current(self.store, self.day)
        date = self.config.days[self.day - 1] if 0 < self.day <= len(self.config.days) else None
        when = f"{date:%a %d %b}" if date else ""
        state = {None: "not open yet", "open": "OPEN", "closed": "CLOSED"}[self.summary.state if self.summary
                                                                            else None]
        self.heading.setText(f"{self.shift.desk} — day {self.day} {when} — drawer {state}")
        self._show_limit()
        if self.summary is None:
            self.show_page("opening")
        elif self.summary.state == "open":
            self._show_open(self.summary)
        else:
            self._show_closed(self.summary)

    def _show_limit(self) -> None:
        over = self.summary is not None and self.summary.state == "open" and self.summary.over_limit
        if over:
            self.warning.setText(f"⚠  Drawer over the {self.amount(self.config.drawer_limit_minor)} limit: "
                                 "make a cash drop")
        self.warning.setVisible(over)

    def _show_open(self, summary: DrawerSummary) -> None:
        # Only what the volunteers counted or did themselves: never sales totals or the expected cash.
        self.opened_info.setText(f"Opened {local_time(summary.opened_at, self.config.timezone)} by "
                                 f"{summary.opened_by} with {summary.opened_witness}. "
                                 f"Float: {self.amount(summary.float_minor)}.")
        self.moves.clear()
        for move in summary.moves:
            if move.type == "drawer.counted":
                continue
            amount = f" {self.amount(move.amount_minor)}" if move.type != "drawer.no_sale" else ""
            number = f" [{move.number}]" if move.number else ""
            self.moves.addItem(f"{local_time(move.at, self.config.timezone)}  {MOVE_WORDS.get(move.type, move.type)}"
                               f"{amount}{number} — {move.reason}  ({move.actor})")
        self.show_page("open")

    def _show_closed(self, summary: DrawerSummary) -> None:
        close = summary.close
        self.report_number.setText(f"Day report {summary.report_no}")
        difference = int(close.get("difference_minor", 0))
        words = self._difference_words(difference)
        self.closed_info.setText(
            f"Closed {local_time(summary.closed_at, self.config.timezone)}. Counted "
            f"{self.amount(int(close.get('counted_minor', 0)))}, expected "
            f"{self.amount(int(close.get('expected_minor', 0)))}: {words}."
            + (f" Explanation: {close.get('explanation')}." if close.get("explanation") else "")
            + f"\nFloat kept for tomorrow {self.amount(int(close.get('kept_minor', 0)))}, "
            f"to the bank {self.amount(int(close.get('to_bank_minor', 0)))}.")
        enlarge(self.closed_info, 1.2, bold=False)
        self.report_path = self.reports_folder() / f"{summary.report_no}.pdf"
        self.show_page("closed")
        self.report_where.setText(f"The day report PDF: {self.report_path}" if self.report_path.exists() else
                                  "The day report PDF is not written yet: “Open the report” writes it.")

    def _difference_words(self, difference: int) -> str:
        if difference < 0:
            return f"SHORT {self.amount(-difference)}"
        return f"OVER {self.amount(difference)}" if difference > 0 else "EXACT"

    def reports_folder(self) -> Path:
        return self.store.path.parent.parent / "reports"

    # --- opening and moving cash -------------------------------------------------------------------------

    def open_drawer(self) -> None:
        form = self.float_form
        self._attempt(lambda: drawer.open_drawer(
            self.store, day=self.day, desk=self.shift.desk, counts=form.grid.counts(),
            counted_by=form.counted_by.text(), witness=form.witness.text(), actor=self.shift.actor),
            "Drawer open")

    def move_cash(self, kind: str) -> None:
        answer = self.ask_amount(MOVE_WORDS[kind])
        if answer is None:
            return
        amount, reason = answer
        operation = drawer.pay_in if kind == "drawer.paid_in" else drawer.pay_out
        self._attempt(lambda: operation(self.store, day=self.day, amount_minor=amount, reason=reason,
                                        actor=self.shift.actor), f"{MOVE_WORDS[kind]} {self.amount(amount)} recorded")

    def no_sale(self) -> None:
        reason = self.ask_reason("Why was the drawer opened without a sale?")
        if reason is not None:
            self._attempt(lambda: drawer.no_sale(self.store, day=self.day, reason=reason, actor=self.shift.actor),
                          "No sale recorded")

    def _attempt(self, operation: Callable[[], object], success: str) -> bool:
        try:
            operation()
        except DrawerRefused as exc:
            self.say(str(exc), error=True)
            return False
        self.refresh()
        self.say(success)
        return True

    def record_drop(self) -> None:
        form = self.drop_form
        try:
            self.last_drop = drawer.drop(self.store, day=self.day, desk=self.shift.desk, counts=form.grid.counts(),
                                         by=form.counted_by.text(), witness=form.witness.text(),
                                         destination=self.destination.text(), actor=self.shift.actor)
        except DrawerRefused as exc:
            self.say(str(exc), error=True)
            return
        form.reset()
        self.slip_number.setText(self.last_drop.number)
        self.slip_info.setText(f"{self.amount(self.last_drop.amount_minor)} to {self.last_drop.reason}, "
                               f"by {' and '.join(self.last_drop.people)}")
        enlarge(self.slip_info, 1.4)
        self.summary = drawer.current(self.store, self.day)
        self._show_limit()
        self.show_page("slip")
        self.save_slip()

    def save_slip(self) -> None:
        move, summary = self.last_drop, self.summary
        if move is None or summary is None:
            return
        path = self.choose_save_path("Save the drop slip", f"{move.number}.pdf")
        if path is None:
            self.say("The slip is not saved yet: “Save slip PDF…” saves it.")
            return
        name, zone = self.config.name, self.config.timezone

        def render() -> Path:
            from kiosk.cash import report

            return write_bytes(path, report.drop_slip_pdf(move, summary, name, zone))

        self.runner(render, lambda result, error: self.say(
            f"Slip saved: {result}" if error is None else f"The slip was not saved: {error}", error is not None))

    # --- closing --------------------------------------------------------------------------------------

    def start_close(self) -> None:
        self.count_form.reset()
        self.show_page("count")

    def record_count(self) -> None:
        form = self.count_form
        try:
            self.counted = drawer.count(self.store, day=self.day, counts=form.grid.counts(),
                                        counted_by=form.counted_by.text(), witness=form.witness.text(),
                                        actor=self.shift.actor)
        except DrawerRefused as exc:
            self.say(str(exc), error=True)
            return
        self._show_result(self.counted, form.grid.counts())

    def _show_result(self, result: CountResult, counts: dict[int, int]) -> None:
        """The count is in the log: only now may the screen say what the drawer should have held."""
        self.expected_label.setText(f"Expected\n{self.amount(result.expected_minor)}")
        self.counted_label.setText(f"Counted\n{self.amount(result.counted_minor)}")
        difference = result.difference_minor
        colour = SHORT if difference < 0 else OVER if difference > 0 else EXACT
        self.difference.setText(self._difference_words(difference))
        self.difference.setStyleSheet(f"background: {colour}; color: white; border-radius: 8px; padding: 12px;")
        self.explanation.clear()
        self.explanation.setPlaceholderText("Why is the drawer over or short? (required)" if difference
                                            else "Anything to note (optional)")
        opening = self.summary.float_counts if self.summary else {}
        self.kept_grid.set_counts({d: min(n, counts.get(d, 0)) for d, n in opening.items()})
        self.explanation.setStyleSheet("")
        self._show_to_bank()
        self.show_page("result")

    def _show_to_bank(self) -> None:
        if self.counted is not None:
            to_bank = self.counted.counted_minor - self.kept_grid.total_minor()
            self.to_bank.setText(f"Cash to bank: {self.amount(to_bank)}")

    def close_day(self) -> None:
        try:
            closed = drawer.close(self.store, day=self.day, explanation=self.explanation.toPlainText(),
                                  kept_counts=self.kept_grid.counts(), actor=self.shift.actor)
        except DrawerRefused as exc:  # the count, the explanation and the float stay on screen
            self.say(str(exc), error=True)
            if not self.explanation.toPlainText().strip():
                self.explanation.setStyleSheet(f"border: 3px solid {SHORT};")
                self.explanation.setFocus()
            return
        self.counted = None
        self.refresh()
        self.write_report(closed.report_no)

    def write_report(self, report_no: str) -> None:
        """The closed day's report PDF into <data dir>/reports/, rendered on a worker."""
        from kiosk.cash import report

        found = next((r for r in report.closed_reports(self.store, day=self.day, desk=self.shift.desk)
                      if r.report_no == report_no), None)
        if found is None:
            self.say(f"Report {report_no} is not in the log", error=True)
            return
        path = self.reports_folder() / f"{report_no}.pdf"
        name, zone = self.config.name, self.config.timezone
        self.runner(lambda: write_bytes(path, report.day_report_pdf(found, name, zone)), self._report_written)

    def _report_written(self, path: Path | None, error: BaseException | None) -> None:
        if error is not None or path is None:
            self.say(f"The day report PDF was not written: {error}", error=True)
            return
        self.report_path = path
        self.report_where.setText(f"The day report PDF: {path}")
        self.say("Day report saved — “Open the report” shows it.")

    def open_report(self) -> None:
        if self.report_path is not None and self.report_path.exists():
            self.open_file(self.report_path)
        elif self.summary is not None and self.summary.report_no:
            self.write_report(self.summary.report_no)

    def reopen(self) -> None:
        authorisation = self.ask_authorisation(f"reopen day {self.day}'s drawer of {self.shift.desk}")
        if authorisation is None:
            return
        reason = self.ask_reason("Why reopen the closed drawer? (e.g. a sale entered after closing)")
        if reason is None:
            return
        self._attempt(lambda: drawer.reopen(self.store, day=self.day, reason=reason, authorisation=authorisation,
                                            actor=self.shift.actor), "Drawer reopened: close it again with a count")

