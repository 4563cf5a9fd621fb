"""The desk's side of the print queue: a pump driven by a timer, and a strip that shows every badge or receipt
still waiting for a printer with Retry / Another printer… / Cancel. Check-in never waits for any of it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk import attendees, print_queue, printing
from kiosk.desk import desk_printers
from kiosk.devices import Printer, PrinterError
from kiosk.print_queue import Job
from kiosk.store import Store
from printers import open_printer
from ui.tasks import Runner

TICK_MS = 500
Opener = Callable[[str], Printer]


class PrintQueue(QObject):
    """Owns the pump; `changed(job, warnings)` after every change of a job's state."""

    changed = Signal(object, object)
    watched = Signal()

    def __init__(self, store: Store, opener: Opener, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        print_queue.recover(store)  # a job left 'sending' by a crash waits for a person
        self.pump = print_queue.Pump(store, opener, runner, on_change=lambda job, w: self.changed.emit(job, w))
        self.ticks = 0
        self.timer = QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        if self.store.closed:  # the window outlived its store (closing down): nothing more to send
            self.timer.stop()
            return
        self.pump.tick()
        self.ticks += 1
        if self.ticks % 4 == 0:  # every 2 s: jobs queued, taken or ended by `kiosk print` or another window
            self.watched.emit()

    def enqueue(self, attendee_id: str, printer: str, actor: str, reason: str = "") -> Job:
        job = print_queue.enqueue_badge(self.store, attendee_id, printer, actor=actor, reason=reason)
        self.changed.emit(job, ())
        self.tick()  # now, not half a second later: the printer starts while the volunteer looks up
        return job

    def enqueue_pay_slip(self, attendee_id: str, printer: str, actor: str) -> Job:
        job = print_queue.enqueue_pay_slip(self.store, attendee_id, printer, actor=actor)
        self.changed.emit(job, ())
        self.tick()
        return job

    def enqueue_receipt(self, payment_id: str, printer: str, actor: str) -> Job:
        job = print_queue.enqueue_receipt(self.store, payment_id, printer, actor=actor)
        self.changed.emit(job, ())
        self.tick()
        return job


class JobRow(QWidget):
    def __init__(self, job: Job, name: str, queue: PrintQueue, ask_printer: Callable[[str], str | None]) -> None:
        super().__init__()
        self.job, self.queue, self.ask_printer = job, queue, ask_printer
        self.text = QLabel(f"<b>{name}</b>: {print_queue.waiting_message(job)}")
        self.text.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        for label, action in (("Retry", self.retry), ("Another printer…", self.elsewhere), ("Cancel", self.cancel)):
            button = QPushButton(label)
            button.setAutoDefault(False)
            button.setEnabled(job.state != "sending")
            button.clicked.connect(action)
            row.addWidget(button)

    def retry(self) -> None:
        self._act(lambda: print_queue.retry_now(self.queue.store, self.job.id))
        self.queue.tick()

    def elsewhere(self) -> None:
        url = self.ask_printer(self.job.printer)
        if not url or url == self.job.printer:
            return
        try:
            open_printer(url)  # only reads the address: a typo is said now, not at the next attempt
        except PrinterError as exc:
            self.text.setText(f"<b>Not moved</b>: {exc}")
            return
        self._act(lambda: print_queue.send_elsewhere(self.queue.store, self.job.id, url))
        self.queue.tick()

    def cancel(self) -> None:
        self._act(lambda: print_queue.cancel(self.queue.store, self.job.id))

    def _act(self, change: Callable[[], Job]) -> None:
        try:
            job = change()
        except ValueError:  # the row was stale: the job moved on meanwhile (printed, or taken elsewhere)
            job = print_queue.get(self.queue.store, self.job.id)
        self.queue.changed.emit(job, ())


class PrintJobsStrip(QWidget):
    """Amber strip above the counters, shown only while badges wait: no job is ever invisible."""

    def __init__(self, queue: PrintQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # else a QWidget subclass paints none
        self.setStyleSheet("PrintJobsStrip { background: #fff3e0; border: 1px solid #ffb74d; }")
        self.rows = QVBoxLayout(self)
        self.ask_printer: Callable[[str], str | None] = self._ask_printer
        queue.changed.connect(lambda job, warnings: self.refresh())
        queue.watched.connect(self.refresh_if_changed)
        self.shown: list[tuple[str, str, str]] = []
        self.refresh()

    def refresh_if_changed(self) -> None:
        jobs = print_queue.open_jobs(self.queue.store)
        if [(j.id, j.state, j.updated_at) for j in jobs[:6]] != self.shown:
            self.refresh()

    def refresh(self) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().hide()  # gone now, not at the next event loop turn
                item.widget().deleteLater()
        jobs = print_queue.open_jobs(self.queue.store)
        self.shown = [(j.id, j.state, j.updated_at) for j in jobs[:6]]
        self.current: list[JobRow] = []
        for job in jobs[:5]:
            person = attendees.get(self.queue.store.conn, job.attendee_id)
            name = person.name if person else job.attendee_id
            if job.kind != "badge":  # "Ann Lee — receipt DESK1-R0007": a badge is what the strip means by default
                name = f"{name} — {print_queue.describe(self.queue.store, job)}"
            self.current.append(JobRow(job, name, self.queue, self.ask_printer))
            self.rows.addWidget(self.current[-1])
            self.current[-1].show()  # now: the layout would show it only at the next event loop turn
        if len(jobs) > 5:
            self.rows.addWidget(QLabel(f"… and {len(jobs) - 5} more waiting to print"))
        self.setVisible(bool(jobs))

    def _ask_printer(self, current: str) -> str | None:
        url, ok = QInputDialog.getText(self, "Send to another printer",
                                       "Printer address (e.g. pdf:///home/desk/badges, cups://Badges, "
                                       "brother-ql://10.0.0.12?model=QL-820NWB&label=62):", text=current)
        return url.strip() if ok and url.strip() else None


def badge_printer(store: Store, printer: Printer | None) -> tuple[str, Opener]:
    """This desk's badge printer (its settings; until set, PDFs beside the event's database), and how to
    open a printer from its URL. A Printer object given (tests) answers for its own URL."""
    if printer is not None:
        given = printer
        return given.name, lambda url: given if url == given.name else open_printer(url)
    settings = desk_printers(store.path.parent.parent)
    return settings.badge or f"pdf://{store.path.parent.parent / 'badges' / store.path.stem}", open_printer


def banner_for(store: Store, job: Job, warnings: tuple[str, ...]) -> tuple[str, str] | None:
    """What the desk's banner says when a badge or receipt job ends: (outcome, message), or None for nothing."""
    if job.state not in ("done", "failed"):
        return None
    person = attendees.get(store.conn, job.attendee_id)
    name = person.name if person else "?"
    if job.kind in ("receipt", "pay_slip"):  # paper handed over at once, like a receipt
        return _receipt_banner(job, f"{name}'s {print_queue.describe(store, job)}", warnings)
    if job.state == "failed":
        return "already", f"{name}'s badge did not print: {job.last_error}"
    stickers = printing.plan(store, job.attendee_id, preview=True).stickers
    added = f" — add stickers: {'; '.join(stickers)}" if stickers else ""  # sticker mode
    if warnings:  # nobody previewed it: say now what is wrong on the paper
        return "already", f"{name}'s badge printed, but: {warnings[0]}{added}"
    if not print_queue.confirmed(job):  # the printer took it but cannot tell: only the eye can
        return "info", f"{name}'s badge was sent; the printer cannot confirm it came out: check{added}"
    return ("info", f"{name}'s badge printed{added}") if added else None


def _receipt_banner(job: Job, what: str, warnings: tuple[str, ...]) -> tuple[str, str] | None:
    """A receipt is handed over at once: the volunteer hears only when it did not print, or may not have."""
    if job.state == "failed":
        return "already", f"{what} did not print: {job.last_error}"
    if warnings:
        return "already", f"{what} printed, but: {warnings[0]}"
    if not print_queue.confirmed(job):
        return "info", f"{what} was sent; the printer cannot confirm it came out: check"
    return None
