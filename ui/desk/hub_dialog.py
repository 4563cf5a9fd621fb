"""More ▾ → "Sync hub…": which hub this desk syncs with, and enrolling it with one (ARCHITECTURE.md, Sync).

Three ways to name the hub: pick one found on the LAN (mDNS, kiosk.sync.discovery), scan the QR on the hub's
status page, or type its address. Anyone on the LAN can announce a "hub", so a found one is only used after
the volunteer saw its event, address and certificate and pressed "Use this hub"; nothing enrols until
"Enrol" is pressed with the code from the hub's screen.

Scans: while this dialog is open the desk's scan filters are taken off the application and the dialog's own
one listens, so a scanned enrolment QR fills the fields (wherever the focus is) instead of being looked up
as an attendee's code. They are put back when the dialog closes.

Finding and enrolling run on the window's runner (network: never on the UI thread); the enrolment opens its
own connection to the event file, as the sync worker does.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.store import Store
from kiosk.sync import settings
from kiosk.sync.discovery import EnrolTarget, FoundHub, enrol_target, find_hubs, parse_enrol_payload
from kiosk.sync.http import HubError, HubRefused
from ui.desk.sync_status import COLOURS, SyncWorker
from ui.scan_filter import ScanFilter
from ui.tasks import Runner

if TYPE_CHECKING:
    from ui.desk.window import DeskWindow

Finder = Callable[[], list[FoundHub]]
OK, BAD = "#1b5e20", "#b71c1c"
FIND_S = 2.0


def open_hub_dialog(window: DeskWindow) -> HubDialog:
    """One dialog per desk window: opened again, it shows the hub as it is now."""
    dialog = window.findChild(HubDialog)
    if dialog is None:
        dialog = HubDialog(window.store, window.runner, window.shift.desk, sync=window.sync,
                           desk_scanners=window.scan_filters, parent=window)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def _enrol_on_worker(path: Path, device: str, url: str, code: str, desk: str,
                     fingerprint: str | None) -> settings.Enrolment:
    """On a worker: its own connection to the event file (SQLite connections stay on their thread)."""
    store = Store.open(path, device, check=False)
    try:
        return settings.enrol(store, url, code, desk, fingerprint)
    finally:
        store.close()


def _hub_line(hub: FoundHub) -> str:
    secure = "  🔒 https" if hub.fingerprint else ""
    return f"{hub.event} — {hub.url}{secure}"


def _spaced(fingerprint: str) -> str:
    """In groups of four, as a person compares it with the hub's screen."""
    return " ".join(fingerprint[i:i + 4] for i in range(0, len(fingerprint), 4))


class HubDialog(QDialog):
    def __init__(self, store: Store, runner: Runner, desk: str, finder: Finder = lambda: find_hubs(FIND_S),
                 sync: SyncWorker | None = None, desk_scanners: list[ScanFilter] | None = None,
                 scanner: ScanFilter | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync hub")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.store, self.runner, self.finder, self.sync = store, runner, finder, sync
        self.desk_scanners = desk_scanners if desk_scanners is not None else []
        self.scanner = scanner or ScanFilter(self)
        self.scanner.scanned.connect(self.use_payload)
        self._paused: list[ScanFilter] | None = None  # the desk's filters while this dialog listens
        self.chosen: FoundHub | None = None
        self.current = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.sync_line = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.found = QListWidget()
        self.found.setAccessibleName("Hubs found on this network")
        self.found.currentItemChanged.connect(lambda *_: self._show_details())
        self.details = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.found_box = QWidget()
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.find_button = self._button("Find hubs on this network", self.look_for_hubs)
        self.use_button = self._button("Use this hub", self.use_selected)
        self.find_note = QLabel(wordWrap=True)
        self.payload = QLineEdit(placeholderText="Scan the QR on the hub's screen now, or paste its text")
        self.payload.setAccessibleName("Enrolment QR text")
        self.payload.textEdited.connect(self._typed_payload)
        self.url = QLineEdit(placeholderText="e.g. http://192.168.1.20:8765")
        self.fingerprint = QLineEdit(placeholderText="only for a hub at https://… (shown on its screen)")
        self.code = QLineEdit(placeholderText="8 letters and digits, on the hub's screen")
        self.desk = QLineEdit(desk)
        self.message = QLabel(wordWrap=True)
        self.enrol_button = self._button("Enrol this desk", self.enrol)
        self.enrol_button.setDefault(True)  # Enter in the code field enrols (a scanner's Enter never gets here)
        self._build()
        self.use_button.setEnabled(False)
        self.found_box.hide()
        self.find_note.hide()  # an empty line until there is something to say
        self.setMinimumWidth(760)  # the height follows what is shown (adjustSize)
        if sync is not None:
            sync.changed.connect(self._sync_changed)  # a method: disconnected when the dialog goes
        self.show_current()
        self.payload.setFocus()

    def _button(self, text: str, action: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)  # Enter in a field must not press "Find" or "Use" by accident
        button.clicked.connect(action)
        return button

    def _build(self) -> None:
        big = self.message.font()
        big.setPointSizeF(max(big.pointSizeF(), 9.0) * 1.25)
        big.setBold(True)
        self.message.setFont(big)
        now = QGroupBox("This desk now")
        now_column = QVBoxLayout(now)
        now_column.addWidget(self.current)
        now_column.addWidget(self.sync_line)
        step1 = QGroupBox("1 · Which hub?")
        first = QVBoxLayout(step1)
        first.addWidget(QLabel("Scan the QR code on the hub's screen (or paste its text):"))
        first.addWidget(self.payload)
        row = QHBoxLayout()
        row.addWidget(QLabel("Or find it on this network:"))
        row.addWidget(self.find_button)
        row.addStretch(1)
        first.addLayout(row)
        first.addWidget(self.find_note)
        # what was found, with the chosen one's details: shown once a search found something
        found = QVBoxLayout(self.found_box)
        found.setContentsMargins(0, 0, 0, 0)
        found.addWidget(self.found)
        found.addWidget(self.details)
        found.addWidget(self.use_button, 0, Qt.AlignmentFlag.AlignLeft)
        first.addWidget(self.found_box)
        step2 = QGroupBox("2 · Enrol with the code from the hub's screen")
        form = QFormLayout(step2)
        form.addRow("Hub address", self.url)
        form.addRow("Certificate (SHA-256)", self.fingerprint)
        form.addRow("Enrolment code", self.code)
        form.addRow("This desk's name", self.desk)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.enrol_button)
        buttons.addWidget(self._button("Close", self.reject))
        self.column = QVBoxLayout(self)
        for part in (now, step1, step2, self.message):
            self.column.addWidget(part)
        self.column.addLayout(buttons)

    def say(self, text: str, colour: str = "") -> None:
        self.message.setStyleSheet(f"color: {colour};" if colour else "")
        self.message.setText(text)
        self._fit()

    def _fit(self) -> None:
        """Grow (never shrink) to what is shown now: wrapped words must not be cut off."""
        width, height = self.width(), self.height()
        self.adjustSize()  # the height for the width the words need (heightForWidth of wrapped labels)
        self.resize(max(width, self.width()), max(height, self.height()))

    # --- what the desk syncs with now ------------------------------------------------------------------

    def show_current(self) -> None:
        now = settings.describe(self.store)
        if not now["url"]:
            text = ("<b>This desk is not enrolled with a hub.</b> It works alone: its check-ins stay on this "
                    "laptop until it is enrolled.")
        else:
            pin = f"<br>Certificate pinned: <tt>{html.escape(now['fingerprint'][:16])}…</tt>" \
                if now["fingerprint"] else ""
            text = (f"<b>Enrolled</b> as “{html.escape(now['desk'])}” with hub "
                    f"<tt>{html.escape(now['hub'][:8])}</tt> at {html.escape(now['url'])}{pin}")
        self.current.setText(text)
        if self.sync is not None and self.sync.words:
            colour = COLOURS.get(self.sync.state, COLOURS["off"])
            self.sync_line.setText(f"<span style='color:{colour}'>●</span> Sync: {html.escape(self.sync.words)}")
        self.sync_line.setVisible(bool(self.sync_line.text()))

    def _sync_changed(self, state: str, words: str) -> None:
        self.show_current()

    def _kick_sync(self) -> None:
        """The worker re-reads the hub from the file every round, but stops asking while not enrolled."""
        if self.sync is None or self.sync.store.closed:
            return
        if self.sync.busy:  # a round that began before the enrolment: ask again once it is over
            QTimer.singleShot(1000, self, self._kick_sync)
            return
        self.sync.sync_now()

    # --- finding hubs --------------------------------------------------------------------------------------

    def look_for_hubs(self) -> None:
        self.find_button.setEnabled(False)
        self.find_note.setText(f"Listening for hubs on this network ({FIND_S:g} s)…")
        self.find_note.show()
        self.runner(self.finder, self._found)

    def _found(self, hubs: list[FoundHub] | None, error: BaseException | None) -> None:
        if not shiboken6.isValid(self):  # the desk closed while we listened
            return
        self.find_button.setEnabled(True)
        self.found.clear()
        for hub in hubs or []:
            item = QListWidgetItem(_hub_line(hub))
            item.setData(Qt.ItemDataRole.UserRole, hub)
            self.found.addItem(item)
        self.found_box.setVisible(bool(hubs))
        self.found.setFixedHeight(self.found.sizeHintForRow(0) * min(max(len(hubs or []), 2), 4) + 6)
        if error is not None:
            self.find_note.setText(f"Could not look for hubs: {error}")
        elif not hubs:
            self.find_note.setText("No hub answered. Is it running (kiosk hub --host 0.0.0.0) on this network? "
                                   "Scan its QR or type its address instead.")
        else:
            self.find_note.setText(f"{len(hubs)} found: pick yours, check it, then “Use this hub”.")
            self.found.setCurrentRow(0)  # shows its details; using it is still the volunteer's choice
        self._fit()

    def _selected(self) -> FoundHub | None:
        item = self.found.currentItem()
        hub = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return hub if isinstance(hub, FoundHub) else None

    def _show_details(self) -> None:
        hub = self._selected()
        self.use_button.setEnabled(hub is not None)
        if hub is None:
            self.details.clear()
            return
        certificate = (f"<tt>{html.escape(_spaced(hub.fingerprint))}</tt>" if hub.fingerprint
                       else "none (plain http)")
        self.details.setText(
            f"Event: <b>{html.escape(hub.event)}</b><br>Address: <b>{html.escape(hub.url)}</b><br>"
            f"Certificate: {certificate}<br><i>Check these against the hub's own screen: any laptop on this "
            f"network can call itself a hub.</i>")
        self._fit()

    def use_selected(self) -> None:
        hub = self._selected()
        if hub is None:
            return
        self.chosen = hub
        self.url.setText(hub.url)
        self.fingerprint.setText(hub.fingerprint or "")
        self.say(f"Chosen: {hub.event} at {hub.url}. Type the enrolment code from its screen, then Enrol.")
        self.code.setFocus()

    # --- the QR ----------------------------------------------------------------------------------------

    def use_payload(self, text: str) -> None:
        """A scan of the hub's enrolment QR: fill the fields; enrolling is still a button press."""
        try:
            target = parse_enrol_payload(text)
        except ValueError as exc:
            self.say(f"That was not the hub's QR code: {exc}.", BAD)
            return
        self.payload.setText(text.strip())
        self._fill(target)
        self.enrol_button.setFocus()

    def _typed_payload(self, text: str) -> None:
        """Pasted or typed into the QR field: used once it reads; the focus stays, a person may still type."""
        if not text.strip():
            return
        try:
            self._fill(parse_enrol_payload(text))
        except ValueError as exc:
            self.say(f"Not readable as the hub's QR yet: {exc}.")

    def _fill(self, target: EnrolTarget) -> None:
        self.chosen = None
        self.url.setText(target.url)
        self.fingerprint.setText(target.fingerprint or "")
        self.code.setText(target.code)
        self.say(f"Read the hub's QR: {target.url}. Check the desk's name, then Enrol.", OK)

    # --- enrolling ---------------------------------------------------------------------------------------

    def enrol(self) -> None:
        try:
            target = enrol_target(self.url.text(), self.code.text(), self.fingerprint.text().strip() or None)
        except ValueError as exc:
            self.say(f"Not yet: {exc}.", BAD)
            return
        desk = self.desk.text().strip()
        if not desk:
            self.say("Not yet: give this desk a name (the hub's page lists desks by it).", BAD)
            return
        self.enrol_button.setEnabled(False)
        self.say(f"Enrolling with {target.url}…")
        path, device = self.store.path, self.store.device
        self.runner(lambda: _enrol_on_worker(path, device, target.url, target.code, desk, target.fingerprint),
                    self._enrolled)

    def _enrolled(self, done: settings.Enrolment | None, error: BaseException | None) -> None:
        if not shiboken6.isValid(self):
            return
        self.enrol_button.setEnabled(True)
        if error is not None or done is None:
            words = error.words if isinstance(error, HubError) else f"{type(error).__name__}: {error}"
            self.say(f"Not enrolled: {words}", BAD)
            if isinstance(error, HubRefused):  # most likely a mistyped code: ready to be typed again
                self.code.setFocus()
                self.code.selectAll()
            return
        odd = ""
        if self.chosen is not None and self.chosen.hub_id != done.hub_id:
            odd = f" Note: it answered as hub {done.hub_id[:8]}, not the {self.chosen.hub_id[:8]} it announced."
        self.say(f"Enrolled: this desk is “{done.desk}” on hub {done.hub_id[:8]}. Syncing now…{odd}",
                 BAD if odd else OK)
        self.show_current()
        self._kick_sync()

    # --- the scanner -------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.show_current()
        self._fit()
        app = QApplication.instance()
        if app is None or self._paused is not None:
            return
        self._paused = [f for f in self.desk_scanners if shiboken6.isValid(f)]
        for desk_filter in self._paused:
            app.removeEventFilter(desk_filter)
        app.installEventFilter(self.scanner)

    def hideEvent(self, event: QHideEvent) -> None:
        app = QApplication.instance()
        if app is not None and self._paused is not None:
            app.removeEventFilter(self.scanner)
            for desk_filter in self._paused:
                # only those the window still has: closing the desk takes its filters off for good
                if shiboken6.isValid(desk_filter) and desk_filter in self.desk_scanners:
                    app.installEventFilter(desk_filter)
        self._paused = None
        super().hideEvent(event)
