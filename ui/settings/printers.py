"""This desk's printers: the badge printer and an optional receipt printer, chosen from the printers the
laptop can find (CUPS queues, USB label printers, printers announced on the LAN) or typed as a URL;
its status in words and a test print, both on a worker. Saved per laptop (kiosk.desk.set_desk_printers)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.attendees import Attendee
from kiosk.config import EventConfig
from kiosk.desk import DeskPrinters, desk_printers, set_desk_printers
from kiosk.devices import BadgeDocument, Printer, PrinterError, PrinterStatus
from ui.tasks import Runner

Opener = Callable[[str], Printer]
Finder = Callable[[], list[Any]]  # printers.discovery.discover, or a fake in tests


class PrinterSettings(QDialog):
    def __init__(self, folder: Path, opener: Opener, finder: Finder, runner: Runner, sample: Attendee | None,
                 config: EventConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Printers of this desk")
        self.folder, self.opener, self.finder, self.runner = folder, opener, finder, runner
        self.sample, self.config = sample, config
        current = desk_printers(folder)
        self.badge = self._url_box(current.badge, "brother-ql://10.0.0.12?model=QL-820NWB&label=62 or cups://Badges")
        self.receipt = self._url_box(current.receipt, "escpos://10.0.0.30:9100?paper=80")
        self.message = QLabel("Choose a printer found on this laptop, or type its address.")
        self.message.setWordWrap(True)
        find = QPushButton("Find printers")
        find.clicked.connect(self.find)
        check = QPushButton("Check status")
        check.clicked.connect(self.check)
        test = QPushButton("Test print")
        test.setEnabled(sample is not None)
        test.clicked.connect(self.test_print)
        form = QFormLayout()
        form.addRow("Badge printer", self.badge)
        form.addRow("Receipt printer (walk-ins)", self.receipt)
        actions = QHBoxLayout()
        for button in (find, check, test):
            button.setAutoDefault(False)
            actions.addWidget(button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(720, 260)

    @staticmethod
    def _url_box(url: str, example: str) -> QComboBox:
        box = QComboBox(editable=True)
        box.setMinimumWidth(520)
        box.setEditText(url)
        box.lineEdit().setPlaceholderText(f"e.g. {example}")
        # The list shows what was found in words; the field keeps the address itself, start in view.
        box.activated.connect(lambda index: (box.setEditText(str(box.itemData(index))),
                                             box.lineEdit().setCursorPosition(0)))
        return box

    def say(self, text: str, colour: str = "") -> None:
        self.message.setStyleSheet(f"color: {colour};" if colour else "")
        self.message.setText(text)

    def find(self) -> None:
        self.say("Looking for printers (CUPS, USB, the LAN)…")

        def done(found: list[Any] | None, error: BaseException | None) -> None:
            if error is not None or found is None:
                self.say(f"Could not look for printers: {error}", "#b71c1c")
                return
            for box in (self.badge, self.receipt):
                typed = box.currentText()
                box.clear()
                for item in found:
                    box.addItem(f"{item.description} — {item.url}", item.url)
                box.setEditText(typed)
            self.say(f"Found {len(found)} printer(s): pick one from the lists." if found else
                     "No printers found; type the address of yours.")

        self.runner(self.finder, done)

    def url(self, box: QComboBox) -> str:
        text = box.currentText().strip()
        chosen = box.currentData()
        return str(chosen) if chosen and text.endswith(str(chosen)) else text  # a found one, or as typed

    def check(self) -> None:
        url = self.url(self.badge)
        self.say(f"Asking {url}…")

        def done(status: PrinterStatus | None, error: BaseException | None) -> None:
            if error is not None or status is None:
                self.say(f"{url}: {error}", "#b71c1c")
            else:
                self.say(f"{url}: {status.message}", "#1b5e20" if status.ready else "#b71c1c")

        self.runner(lambda: self.opener(url).status(), done)

    def test_print(self) -> None:
        """One badge of a real attendee, straight to the printer: a test, so nobody's badge is recorded."""
        url, sample = self.url(self.badge), self.sample
        assert sample is not None
        self.say(f"Printing a test badge on {url}…")

        def done(confirmation: str | None, error: BaseException | None) -> None:
            if error is not None:
                words = str(error) if isinstance(error, PrinterError) else f"{type(error).__name__}: {error}"
                self.say(f"The test badge did not print: {words}", "#b71c1c")
            else:
                self.say(f"Test badge printed ({confirmation}). Does it look right?", "#1b5e20")

        document = BadgeDocument(sample, self.config, title=f"test badge {sample.name}")
        self.runner(lambda: self.opener(url).print_document(document), done)

    def save(self) -> None:
        chosen = DeskPrinters(self.url(self.badge), self.url(self.receipt))
        for url in (chosen.badge, chosen.receipt):
            if url:
                try:
                    self.opener(url)  # only parses the address: it does not connect
                except PrinterError as exc:
                    self.say(f"Not saved: {exc}", "#b71c1c")
                    return
        set_desk_printers(self.folder, chosen)
        self.accept()
