"""The desk window: a search field that always has focus, results, the banner and the attendee panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QImage, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk import attendees, print_queue, printing
from kiosk.attendees import Attendee
from kiosk.checkin import CheckinResult, NotCheckedIn, check_in, undo_check_in
from kiosk.desk import Shift
from kiosk.editing import EditRefused, edit_attendee
from kiosk.printing import Printer
from kiosk.search import SearchHit, browse
from kiosk.store import Store
from ui.desk import dialogs
from ui.desk.arrivals import ArrivalsWindow
from ui.desk.banner import Banner
from ui.desk.cash_actions import CashActions
from ui.desk.comfort import Comfort
from ui.desk.header import header_row
from ui.desk.panel import AttendeePanel
from ui.desk.preview import PreviewDialog, proof_and_picture
from ui.desk.print_jobs import PrintJobsStrip, PrintQueue, badge_printer, banner_for
from ui.desk.results import HIT_ROLE, ResultsModel, results_table
from ui.desk.sounds import QtSounds, SoundPlayer
from ui.desk.sync_status import HubFor, SyncLight, SyncWorker, enrolled_hub
from ui.scan_filter import ScanFilter
from ui.tasks import Runner, run_in_thread

if TYPE_CHECKING:
    from ui.settings.layout_editor import LayoutEditor
    from ui.settings.printers import PrinterSettings

RESULTS_LIMIT = 50
ReasonAsker = Callable[[str], str | None]
EditAsker = Callable[[Attendee], dict[str, Any] | None]


class DeskWindow(QMainWindow):
    def __init__(self, store: Store, shift: Shift, sounds: SoundPlayer | None = None,
                 printer: Printer | None = None, runner: Runner = run_in_thread,
                 sync_hub: HubFor = enrolled_hub) -> None:
        super().__init__()
        self.sounds: SoundPlayer = sounds if sounds is not None else QtSounds(self)
        self.runner = runner
        self.printer_url, opener = badge_printer(store, printer)
        self.print_queue = PrintQueue(store, opener, runner, self)
        self.print_queue.changed.connect(self._print_changed)
        self.print_jobs = PrintJobsStrip(self.print_queue)
        self.store, self.shift = store, shift
        self.sync = SyncWorker(store, runner, sync_hub, self)
        self.sync.pulled.connect(lambda _: self.refresh())  # other desks' check-ins and edits arrived
        self.scan_filters: list[ScanFilter] = []
        self.comfort = Comfort(self, on_scaled=self._scaled)
        self.ask_reason: ReasonAsker = lambda question: dialogs.ask_reason(self, question)
        self.ask_edit: EditAsker = lambda a: dialogs.ask_edit(self, a, self.store.config())
        self.model = ResultsModel()
        self.banner = Banner()
        self.search_field = QLineEdit(placeholderText="Type two letters of a name, an email, a town — or scan")
        self.search_field.setAccessibleName("Search attendees")
        self.search_field.setClearButtonEnabled(True)
        big = self.search_field.font()
        big.setPointSizeF(max(big.pointSizeF(), 9.0) * 1.6)
        self.search_field.setFont(big)
        self.search_field.textChanged.connect(self.refresh_results)
        self.search_field.installEventFilter(self)
        self.table = self._results_table()
        self.panel = AttendeePanel()
        self.panel.check_in_requested.connect(self.check_in_selected)
        self.panel.undo_requested.connect(self.undo_selected)
        self.panel.edit_requested.connect(self.edit_selected)
        self.panel.print_requested.connect(self.print_selected)
        self.panel.preview_requested.connect(self.preview_selected)
        self.cash = CashActions(self)
        self.panel.pay_requested.connect(self.pay_selected)
        self.title, self.counters, self.day_choice = QLabel(), QLabel(), QComboBox()
        self.day_choice.setAccessibleName("Event day")
        self.day_choice.currentIndexChanged.connect(lambda _: self.refresh())
        self._build_layout()
        self._shortcuts()
        self._fill_days()
        self.setWindowTitle(f"{shift.desk} — {store.config().name}")
        self.refresh()
        self.search_field.setFocus()
        self.sync.start()  # the first round once the window is up; then every few seconds

    # --- layout ---------------------------------------------------------------------------------------

    def _results_table(self) -> QTableView:
        table = results_table(self.model)
        table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        table.doubleClicked.connect(lambda _: self.check_in_selected())
        return table

    def _build_layout(self) -> None:
        header = header_row(self)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([880, 460])
        layout = QVBoxLayout()
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.search_field)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.print_jobs)
        bottom = QHBoxLayout()
        bottom.addWidget(self.counters, 1)
        bottom.addWidget(SyncLight(self.sync))
        layout.addLayout(bottom)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)

    def _shortcuts(self) -> None:
        for keys, action in (("Ctrl++", lambda: self.zoom(1.1)), ("Ctrl+=", lambda: self.zoom(1.1)),
                             ("Ctrl+-", lambda: self.zoom(1 / 1.1)), ("Ctrl+0", lambda: self.zoom(None)),
                             ("Ctrl+Shift+H", self.toggle_high_contrast), ("F2", self.show_arrivals),
                             ("Ctrl+L", self.open_layout_editor), ("F3", self.cash.walk_in),
                             ("F4", self.cash.open_drawer)):
            QShortcut(QKeySequence(keys), self, activated=action)

    def _fill_days(self) -> None:
        config = self.store.config()
        today = config.day_of(config.today())
        for number, date in enumerate(config.days, start=1):
            self.day_choice.addItem(f"Day {number} — {date:%a %d %b}", number)
        self.day_choice.setCurrentIndex((today or 1) - 1)
        if today is None:
            self.banner.show_outcome("info", f"Today is not an event day: checking in for day {self.day}")

    # --- state -----------------------------------------------------------------------------------------

    @property
    def day(self) -> int:
        return int(self.day_choice.currentData() or 1)

    def selected_hit(self) -> SearchHit | None:
        index = self.table.currentIndex()
        return index.data(HIT_ROLE) if index.isValid() else None

    def refresh(self) -> None:
        """After a change of state: results, panel and the counters."""
        self.refresh_results()
        self.refresh_counters()

    def refresh_results(self) -> None:
        """Every keystroke: run the search again and redraw the list and the panel (nothing else)."""
        previous = self.selected_hit()
        hits = browse(self.store.conn, self.search_field.text(), limit=RESULTS_LIMIT, day=self.day)
        self.model.show(hits, self.store.config())
        row = next((i for i, h in enumerate(hits) if previous and h.attendee.id == previous.attendee.id), 0)
        if hits:
            self.table.selectRow(row)
        self._show_selected()

    def refresh_counters(self) -> None:
        config, conn = self.store.config(), self.store.conn
        self.title.setText(f"{config.name} — day {self.day} of {len(config.days)}")
        self.counters.setText(f"<b>{attendees.count_checked_in(conn, self.day)}</b> checked in today of "
                              f"<b>{attendees.count_expected(conn)}</b> expected")

    def _show_selected(self) -> None:
        hit = self.selected_hit()
        history = attendees.checkins(self.store.conn, hit.attendee.id) if hit else []
        prints = printing.badge_prints(self.store, hit.attendee.id) if hit else []
        paid = []
        if hit is not None and attendees.has_payments(self.store.conn, hit.attendee.id):
            from kiosk.cash.payments import payments_for  # loaded when first needed: the desk's cold start

            paid = payments_for(self.store, hit.attendee.id)
        self.panel.show_attendee(hit.attendee if hit else None, history, self.store.config(), self.day, prints, paid)

    # --- actions ---------------------------------------------------------------------------------------

    def check_in_selected(self) -> None:
        hit = self.selected_hit()
        if hit is None:
            self.banner.show_outcome("info", "Nobody selected: type two letters of a name first")
            return
        self._check_in(hit.attendee.id)

    def listen_to_scanner(self, scan_filter: ScanFilter) -> None:
        """Scans arrive from the application-wide filter, whatever has the focus; it goes when we close."""
        scan_filter.scanned.connect(self.check_in_scanned)
        self.scan_filters.append(scan_filter)

    def closeEvent(self, event: QCloseEvent) -> None:
        app = QApplication.instance()
        for scan_filter in self.scan_filters:
            if app is not None:
                app.removeEventFilter(scan_filter)
            scan_filter.scanned.disconnect(self.check_in_scanned)
        self.scan_filters.clear()
        self.print_queue.timer.stop()
        self.sync.timer.stop()
        super().closeEvent(event)

    def check_in_scanned(self, code: str) -> None:
        """A scanner read `code` anywhere in the window: look it up exactly and check in."""
        result = self._check_in(code)
        if result.attendee is not None:
            self.search_field.clear()
            self.search_field.setText(result.attendee.code)

    def _check_in(self, code_or_id: str, said_before: str = "") -> CheckinResult:
        result = check_in(self.store, code_or_id, day=self.day, desk=self.shift.desk, volunteer=self.shift.volunteer)
        message = said_before + result.message
        if result.ok and result.attendee is not None:
            if not printing.auto_print_due(self.store, result.attendee.id):
                message += " — badge printed before, none printed now"
            else:
                message += " — badge printing"
                attendee_id = result.attendee.id
                # After the banner has painted: the PDF is rendered on a worker, but it still takes the
                # GIL for a moment, and the volunteer's first need is the green banner.
                QTimer.singleShot(0, self, lambda: self._print(attendee_id, reason=""))
        self.banner.show_outcome(result.outcome, message)
        self.sounds.play(result.outcome)
        self.refresh()
        if result.ok and getattr(self, "arrivals_window", None) is not None and self.arrivals_window.isVisible():
            self.arrivals_window.refresh()
        if result.outcome == "unpaid" and result.attendee is not None:
            self.cash.take_payment(result.attendee, then_check_in=True)  # the same key goes on to the payment
        return result

    def check_in_after_payment(self, attendee_id: str, paid_words: str) -> None:
        self._check_in(attendee_id, said_before=f"{paid_words} · ")

    def pay_selected(self) -> None:
        hit = self.selected_hit()
        if hit is not None:
            standing = attendees.active_checkin(self.store.conn, hit.attendee.id, self.day) is not None
            self.cash.take_payment(hit.attendee, then_check_in=not standing)

    def show_attendee(self, attendee: Attendee) -> None:
        """Put one attendee in front of the volunteer (after a walk-in, or "it's them")."""
        self.search_field.setText(attendee.code)

    def queue_badge(self, attendee_id: str) -> None:
        QTimer.singleShot(0, self, lambda: self._print(attendee_id, reason=""))

    def undo_selected(self) -> None:
        hit = self.selected_hit()
        if hit is None:
            return
        reason = self.ask_reason(f"Why undo the check-in of {hit.attendee.name} on day {self.day}?")
        if reason is None:
            return
        try:
            undo_check_in(self.store, hit.attendee.id, day=self.day, reason=reason, actor=self.shift.actor)
        except NotCheckedIn:
            self.banner.show_outcome("info", f"{hit.attendee.name} is not checked in today")
            return
        self.banner.show_outcome("info", f"Check-in of {hit.attendee.name} undone ({reason})")
        self.refresh()

    def edit_selected(self) -> None:
        hit = self.selected_hit()
        if hit is None:
            return
        changes = self.ask_edit(hit.attendee)
        if changes is None:
            return
        try:
            updated = edit_attendee(self.store, hit.attendee.id, changes, actor=self.shift.actor, reason="desk fix")
        except EditRefused as exc:
            self.banner.show_outcome("unknown", f"Not saved: {exc}")
            return
        self.banner.show_outcome("info", f"Saved — {updated.name}")
        self.refresh()

    def preview_selected(self) -> PreviewDialog | None:
        """The badge exactly as it would print (fix a typo first with "Fix details…")."""
        hit = self.selected_hit()
        if hit is None:
            return None
        job = printing.plan(self.store, hit.attendee.id, preview=True)
        shown: list[PreviewDialog] = []

        def done(result: tuple[printing.BadgeProof, QImage] | None, error: BaseException | None) -> None:
            if error is not None or result is None:
                self.banner.show_outcome("unknown", f"No preview of {job.attendee.name}'s badge: {error}")
                return
            proof, image = result
            dialog = PreviewDialog(self, job.attendee.name, image, proof.warnings, proof.stickers)
            dialog.show()
            shown.append(dialog)

        self.runner(lambda: proof_and_picture(job), done)  # slow work: a worker's (rule 6)
        return shown[0] if shown else None  # the dialog itself when the runner is synchronous (tests)

    def print_selected(self) -> None:
        """Print, or reprint with a reason (asked only when a badge was printed before)."""
        hit = self.selected_hit()
        if hit is None:
            return
        reason = ""
        if printing.badge_prints(self.store, hit.attendee.id):
            answer = self.ask_reason(f"{hit.attendee.name}'s badge was printed before. Why print it again?")
            if answer is None:
                return
            reason = answer
        self._print(hit.attendee.id, reason)

    def _print(self, attendee_id: str, reason: str) -> None:
        """Into the print queue: the badge prints when the printer confirms, and waits on the strip if not."""
        try:
            self.print_queue.enqueue(attendee_id, self.printer_url, self.shift.actor, reason)
        except (print_queue.NotPrintable, printing.ReprintNeedsReason) as exc:  # said, nothing queued
            self.banner.show_outcome("cancelled", str(exc))

    def _print_changed(self, job: print_queue.Job, warnings: tuple[str, ...]) -> None:
        said = banner_for(self.store, job, warnings)
        if said is not None:
            self.banner.show_outcome(*said)
            if said[0] == "already":
                self.sounds.play("already")
        if job.state == "done":
            self.refresh_results()

    # --- keyboard and comfort -------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._search_key(event)
        return super().eventFilter(watched, event)

    def _search_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
            row = max(0, min(self.model.rowCount() - 1, self.table.currentIndex().row() + step))
            self.table.selectRow(row)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.check_in_selected()
            return True
        if key == Qt.Key.Key_Escape:
            self.search_field.clear()
            return True
        return False

    def show_arrivals(self) -> None:
        """F2: arrivals per 10 minutes per desk and per ticket type, refreshed live."""
        self.arrivals_window = ArrivalsWindow(self.store, self.day)
        self.arrivals_window.resize(900, 560)
        self.arrivals_window.show()

    def open_printer_settings(self) -> PrinterSettings:
        from printers.discovery import discover
        from ui.settings.printers import PrinterSettings

        hit = self.selected_hit()
        dialog = PrinterSettings(self.store.path.parent.parent, self.print_queue.pump.open_printer, discover,
                                 self.runner, hit.attendee if hit else None, self.store.config(), self)
        dialog.accepted.connect(lambda: setattr(self, "printer_url", badge_printer(self.store, None)[0]))
        dialog.show()
        return dialog

    def open_layout_editor(self) -> LayoutEditor:
        """Ctrl+L: the badge layout editor (one at a time); what it saves reaches every desk by sync."""
        from ui.settings.layout_editor import open_single  # its fonts load when it opens, not at start

        return open_single(self, self.store, self.shift.actor, self.runner)

    def zoom(self, factor: float | None) -> None:
        """Ctrl+/Ctrl−/Ctrl+0: scale every text of the desk, the big ones (banner, name) with the rest."""
        self.comfort.zoom(factor)

    def toggle_high_contrast(self) -> None:
        self.comfort.toggle_high_contrast()

    def _scaled(self, scale: float) -> None:
        self.model.scale = scale
        self.table.verticalHeader().setDefaultSectionSize(round(40 * scale))
        self.refresh_results()
